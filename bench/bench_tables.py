"""Benchmark: jiha.engines.tables against frictionless on the same file and Table Schema.

Run by hand (frictionless comes with the ``bench`` extra):

    .venv/bin/python bench/bench_tables.py            # 200,000-row CSV
    .venv/bin/python bench/bench_tables.py --xlsx     # and the same table as XLSX
    .venv/bin/python bench/bench_tables.py --readers  # the two Rust readers, reading only

It writes a 200,000-row x 10-column CSV with ~600 injected errors (types, required, min/max,
enum, pattern, duplicated primary keys) in a temporary folder, validates it with both tools,
prints seconds (wall, and CPU of every thread), rows/s, errors found and the load average, and
checks that every (row, field) frictionless reports is also reported by the engine.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jiha.engines.tables import validate

ROWS = 200_000
REGIONS = [f"MA-{number:02d}" for number in range(1, 13)]
SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "id", "type": "integer"},
        {"name": "region", "type": "string", "constraints": {"required": True, "enum": REGIONS}},
        {"name": "company", "type": "string", "constraints": {"required": True, "maxLength": 80}},
        {"name": "ice", "type": "string", "constraints": {"pattern": "[0-9]{15}"}},
        {"name": "jobs", "type": "integer", "constraints": {"minimum": 0, "maximum": 100000}},
        {"name": "revenue", "type": "number", "constraints": {"minimum": 0}},
        {"name": "created", "type": "date"},
        {"name": "year", "type": "year", "constraints": {"minimum": 2000, "maximum": 2030}},
        {"name": "exporter", "type": "boolean"},
        {"name": "contact", "type": "string", "format": "email"},
    ],
    "primaryKey": "id",
}
NAMES = [field["name"] for field in SCHEMA["fields"]]
# (field, bad value) pairs injected, 50 of each kind, plus 50 duplicated ids (100 rows).
INJECTIONS: list[tuple[str, str]] = [
    ("jobs", "douze"),
    ("revenue", "12,5,0"),
    ("created", "2024-13-45"),
    ("company", ""),
    ("jobs", "-3"),
    ("jobs", "250000"),
    ("year", "1990"),
    ("region", "MA-99"),
    ("ice", "12345"),
    ("exporter", "peut-être"),
    ("contact", "not-an-email"),
]
PER_KIND = 50


def make_rows(rows: int, seed: int = 2026) -> tuple[list[list[str]], set[tuple[int, str]]]:
    """The table as strings, and the (row, field) cells holding an injected error."""
    rng = random.Random(seed)  # noqa: S311 - test data, not security
    table = [
        [
            str(index),
            REGIONS[index % 12],
            f"Société {index} SARL",
            f"{rng.randrange(10**14, 10**15):015d}",
            str(rng.randrange(0, 5000)),
            f"{rng.random() * 1e6:.2f}",
            f"20{rng.randrange(10, 26)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            str(rng.randrange(2000, 2027)),
            rng.choice(["true", "false"]),
            f"contact{index}@example.ma",
        ]
        for index in range(1, rows + 1)
    ]
    injected: set[tuple[int, str]] = set()
    positions = rng.sample(range(rows), PER_KIND * (len(INJECTIONS) + 2))
    for kind, (field, bad) in enumerate(INJECTIONS):
        for position in positions[kind * PER_KIND : (kind + 1) * PER_KIND]:
            table[position][NAMES.index(field)] = bad
            injected.add((position + 2, field))
    duplicates = positions[len(INJECTIONS) * PER_KIND :]
    for position, source in zip(duplicates[:PER_KIND], duplicates[PER_KIND:], strict=True):
        table[position][0] = table[source][0]
        injected |= {(position + 2, "id"), (source + 2, "id")}
    return table, injected


def write_csv(path: Path, table: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(NAMES)
        writer.writerows(table)


def write_xlsx(path: Path, table: list[list[str]]) -> None:
    """The same table as a workbook, numbers and booleans stored natively as Excel does."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("data")
    sheet.append(NAMES)
    types = [field.get("type", "string") for field in SCHEMA["fields"]]
    for row in table:
        sheet.append([native(cell, kind) for cell, kind in zip(row, types, strict=True)])
    workbook.save(path)
    add_dimension(path, f"A1:J{len(table) + 1}")


def add_dimension(path: Path, reference: str) -> None:
    """Add the <dimension> tag Excel writes (openpyxl's write-only mode omits it).

    Without it openpyxl parses the whole sheet once more when opening it, in both tools.
    """
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(
                    b"</sheetPr>", f'</sheetPr><dimension ref="{reference}"/>'.encode(), 1
                )
            target.writestr(info, data)


def native(cell: str, kind: str) -> object:
    """The cell as Excel would store it; injected bad values stay text."""
    try:
        if kind in ("integer", "year"):
            return int(cell)
        if kind == "number":
            return float(cell)
    except ValueError:
        return cell
    if kind == "boolean" and cell in ("true", "false"):
        return cell == "true"
    return cell


def timed(
    function: Callable[[], set[tuple[int, str]]], runs: int
) -> tuple[float, float, set[tuple[int, str]]]:
    """Best wall time, best CPU time (``process_time``: every thread) and the cells found."""
    best, best_cpu, found = float("inf"), float("inf"), set[tuple[int, str]]()
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        found = function()
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    return best, best_cpu, found


def ours(path: Path) -> set[tuple[int, str]]:
    report = validate(path, SCHEMA, filename=path.name, max_bytes=1 << 30)
    return {(error.row, error.column) for error in report.errors}


def theirs(path: Path) -> set[tuple[int, str]]:
    from frictionless import Resource, Schema

    # frictionless refuses absolute paths unless they sit under a base path.
    resource = Resource(
        path=path.name, basepath=str(path.parent), schema=Schema.from_descriptor(SCHEMA)
    )
    report = resource.validate(limit_errors=100_000)
    found = set()
    for row, field, kind in report.flatten(["rowNumber", "fieldName", "type"]):
        # A primary-key error is a row error in frictionless; it is about "id" here.
        found.add((row, field or ("id" if kind == "primary-key" else kind)))
    return found


def compare(label: str, path: Path, injected: set[tuple[int, str]], rows: int) -> list[str]:
    load = os.getloadavg()[0]
    our_seconds, our_cpu, our_found = timed(lambda: ours(path), runs=3)
    their_seconds, their_cpu, their_found = timed(lambda: theirs(path), runs=1)
    missed = their_found - our_found
    lines = [
        f"| {label} | jiha.engines.tables (best of 3) | {our_seconds:.3f} | {our_cpu:.3f} | "
        f"{rows / our_seconds:,.0f} | {len(our_found)} |",
        f"| {label} | frictionless 5.21 (1 run) | {their_seconds:.2f} | {their_cpu:.2f} | "
        f"{rows / their_seconds:,.0f} | {len(their_found)} |",
    ]
    print("\n".join(lines))
    print(
        f"{label}: load average {load:.1f} -> {os.getloadavg()[0]:.1f}; speed-up "
        f"x{their_seconds / our_seconds:.0f} (wall), x{their_cpu / our_cpu:.0f} (CPU); "
        f"injected cells {len(injected)}; "
        f"ours found all injected: {injected <= our_found}; frictionless found all injected: "
        f"{injected <= their_found}; found by frictionless but not by us: {len(missed)} "
        f"{sorted(missed, key=str)[:5]}; found by us only: {len(our_found - their_found)}"
    )
    return lines


def compare_readers(path: Path) -> None:
    """Reading the sheet alone, python-calamine (kept) against fastexcel (decisions/0006)."""
    import fastexcel
    import python_calamine

    def calamine() -> set[tuple[int, str]]:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        book.get_sheet_by_name("data").to_python(skip_empty_area=False)
        return set()

    def fast() -> set[tuple[int, str]]:
        reader = fastexcel.read_excel(path.read_bytes())
        reader.load_sheet("data", header_row=None, dtypes="string").to_polars()
        return set()

    for label, function in (("python-calamine to_python", calamine), ("fastexcel to_polars", fast)):
        seconds, cpu, _ = timed(function, runs=3)
        print(f"| reading only | {label} (best of 3) | {seconds:.3f} | {cpu:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--xlsx", action="store_true", help="also benchmark the XLSX file")
    parser.add_argument("--readers", action="store_true", help="time the Rust readers alone")
    arguments = parser.parse_args()
    table, injected = make_rows(arguments.rows)
    print("| file | tool | seconds | CPU seconds | rows/s | errors found (row, field) |")
    print("|---|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        csv_path = Path(folder) / "companies.csv"
        write_csv(csv_path, table)
        compare(f"CSV {arguments.rows:,} rows", csv_path, injected, arguments.rows)
        if arguments.xlsx:
            xlsx_path = Path(folder) / "companies.xlsx"
            write_xlsx(xlsx_path, table)
            compare(f"XLSX {arguments.rows:,} rows", xlsx_path, injected, arguments.rows)
        if arguments.readers:
            xlsx_path = Path(folder) / "companies.xlsx"
            if not xlsx_path.exists():
                write_xlsx(xlsx_path, table)
            compare_readers(xlsx_path)


if __name__ == "__main__":
    main()
