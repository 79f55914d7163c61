"""Stream rows to a file: CSV, XLSX (openpyxl's write-only mode), ZIP (the CSV, then the files).

Rows come from an iterator and go straight to the file: memory stays flat whatever the count.
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from openpyxl import Workbook

from jiha.engines.tables.report import neutralise_formula
from jiha.incentives.selectors import ExportFile

Progress = Callable[[int], None]
EVERY = 1000  # rows between two progress reports


def _cell(value: Any) -> Any:
    """A value openpyxl and CSV both write as expected (dates and numbers stay typed in XLSX;
    aware datetimes become naive UTC, which XLSX requires). A text a spreadsheet would run as
    a formula (= + - @ first: a company named ``=HYPERLINK(…)``) gets a leading apostrophe."""
    if isinstance(value, str):
        return neutralise_formula(value)
    tzinfo = getattr(value, "tzinfo", None)
    if tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def _counted(rows: Iterable[tuple[Any, ...]], progress: Progress) -> Iterator[tuple[Any, ...]]:
    count = 0
    for row in rows:
        yield row
        count += 1
        if count % EVERY == 0:
            progress(count)
    progress(count)


def write_csv(
    target: Any, header: list[str], rows: Iterable[tuple[Any, ...]], progress: Progress
) -> None:
    writer = csv.writer(target)
    writer.writerow(header)
    for row in _counted(rows, progress):
        writer.writerow([_cell(value) for value in row])


def csv_file(
    path: Path, header: list[str], rows: Iterable[tuple[Any, ...]], progress: Progress
) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as target:  # BOM: Excel reads UTF-8
        write_csv(target, header, rows, progress)


def xlsx_file(
    path: Path, header: list[str], rows: Iterable[tuple[Any, ...]], progress: Progress
) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("dossiers")
    sheet.append(header)
    for row in _counted(rows, progress):
        sheet.append([_cell(value) for value in row])
    workbook.save(path)


def zip_file(
    path: Path,
    header: list[str],
    rows: Iterable[tuple[Any, ...]],
    progress: Progress,
    files: Callable[[list[int]], Iterable[ExportFile]],
) -> int:
    """The CSV as ``dossiers.csv``, then each file under ``documents/<reference>/``; the
    dossiers' ids and references (rows start with them) are kept while the rows stream.
    Returns the number of files added."""
    references: dict[int, str] = {}

    def remember(stream: Iterable[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
        for row in stream:
            references[int(row[0])] = str(row[1])
            yield row

    added = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("dossiers.csv", "w") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            write_csv(text, header, remember(rows), progress)
            text.flush()
            text.detach()
        names: set[str] = set()
        for document in files(list(references)):
            folder = PurePosixPath(references[document.dossier]).name or str(document.dossier)
            name = f"documents/{folder}/{PurePosixPath(document.name).name}"
            if name in names:
                continue
            names.add(name)
            with document.open() as source, archive.open(name, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
            added += 1
    return added
