"""Simulations file to file: a table (CSV or Parquet) in, one row per member of an entity whose
parent is named by id, the results out (CSV, Parquet or XLSX).

polars reads and writes; each column goes to the engine as one numpy array (no Python per row),
checked as a whole (type, range, allowed codes). A bad cell is reported by column and row, and
nothing is written. Money is read as MAD, held as int64 centimes, and written back as MAD: the
decimal text of a float64 ``centimes / 100`` is exact to the centime below 2**53 centimes
(the division is correctly rounded and the shortest round-trip text is the two-decimal amount).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from jiha.engines.rules.errors import InputError
from jiha.engines.rules.periods import Period
from jiha.engines.rules.simulation import Simulation
from jiha.engines.rules.situation import Entity, Population, Situation
from jiha.engines.rules.system import Legislation
from jiha.engines.rules.types import AnyArray

# polars allocates through its own jemalloc, which keeps freed pages for a while: numpy's
# arrays then come on top of the buffers the CSV reader no longer uses. A batch process that
# sets this before polars loads gives them back at once (peak memory on 1,000,000 rows about
# 30 MiB lower, no measurable time): ``jiha simulate`` does (``jiha/cli.py``).
ALLOCATOR_ENVIRONMENT = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}
READABLE = (".csv", ".parquet")
WRITABLE = (".csv", ".parquet", ".xlsx")
TRUE = ("true", "1", "yes", "y", "t")
FALSE = ("false", "0", "no", "n", "f", "")
XLSX_MAX_ROWS = 1_048_575  # a worksheet's rows, less the header
MONEY_LIMIT = 10**11  # MAD: far above any salary or investment; keeps centimes exact in float64


@dataclass(frozen=True)
class Check:
    """What a column may hold beyond its kind: bounds (in the column's unit, MAD for money)
    and allowed codes."""

    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Coded:
    """A text column as each row's code and the text of each code."""

    codes: AnyArray
    table: AnyArray

    def values(self, rows: AnyArray | None = None) -> AnyArray:
        codes = self.codes if rows is None else self.codes[rows]
        result: AnyArray = self.table[codes]
        return result


def _rows(mask: AnyArray, offset: int) -> str:
    rows = np.flatnonzero(mask)
    shown = ", ".join(str(int(r) + offset) for r in rows[:5])
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"row {shown}{more}" if len(rows) == 1 else f"rows {shown}{more}"


POLARS_TYPES: dict[str, Any] = {
    "money": pl.Float64,
    "int": pl.Int64,
    "float": pl.Float64,
    "date": pl.Date,
    "bool": pl.Boolean,
    "str": pl.String,
}


def read_table(path: Path, kinds: Mapping[str, str] | None = None) -> pl.DataFrame:
    """The file's columns. A CSV is first read with each known column's type (``kinds``: the
    engine's kind by column name; other columns inferred), which is fast; if any cell does not
    parse, it is read again as text, so that each column's check can name the bad rows. A
    Parquet file keeps its own types."""
    suffix = path.suffix.lower()
    if suffix not in READABLE:
        raise InputError(
            f"{path.name}: a .csv or .parquet file is needed, not {suffix or 'no extension'}."
        )
    if not path.is_file():
        raise InputError(f"{path}: no such file.")
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path)
        try:
            header = pl.read_csv(path, n_rows=0).columns
            overrides = {
                name: POLARS_TYPES[kind] for name, kind in (kinds or {}).items() if name in header
            }
            return pl.read_csv(path, schema_overrides=overrides, infer_schema_length=10_000)
        except pl.exceptions.PolarsError:
            return pl.read_csv(path, infer_schema=False)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        raise InputError(f"{path.name}: cannot be read as {suffix[1:]} ({exc}).") from None


class _Reader:
    """Turns a frame's columns into the engine's arrays, collecting every problem found."""

    def __init__(self, frame: pl.DataFrame, offset: int) -> None:
        self.frame = frame
        self.offset = offset  # the number shown for the first data row
        self.problems: list[str] = []

    def bad(self, name: str, mask: AnyArray, what: str) -> bool:
        if mask.any():
            self.problems.append(f"column {name!r}, {_rows(mask, self.offset)}: {what}")
            return True
        return False

    def text(self, name: str) -> pl.Series:
        series = self.frame.get_column(name)
        if series.dtype != pl.String:
            return series.cast(pl.String)
        return series.str.strip_chars()

    def column(self, name: str, kind: str, check: Check | None) -> AnyArray | Coded | None:
        series = self.frame.get_column(name)
        if kind in ("money", "int", "float"):
            return self._number(name, kind, series, check)
        if kind == "date":
            return self._date(name, series)
        if kind == "bool":
            return self._bool(name, series)
        return self._text(name, series, check)

    def _text(self, name: str, series: pl.Series, check: Check | None) -> Coded | None:
        """Text as a code per row and a table of the distinct (stripped) texts: hashing a
        million cells and checking the few distinct values costs a tenth of turning every cell
        into a numpy string."""
        raw = (series if series.dtype == pl.String else series.cast(pl.String)).fill_null("")
        physical = raw.cast(pl.Categorical).to_physical()
        pairs = pl.DataFrame({"code": physical, "text": raw}).unique("code")
        present = pairs.get_column("code").to_numpy()
        texts = [text.strip() for text in pairs.get_column("text").to_list()]
        codes = physical.to_numpy()
        table = np.zeros(int(present.max()) + 1, dtype=np.array(texts, dtype=np.str_).dtype)
        table[present] = texts
        if check and check.allowed is not None:
            wrong = [
                (int(c), t) for c, t in zip(present, texts, strict=True) if t not in check.allowed
            ]
            if wrong:
                unknown = np.isin(codes, [c for c, _ in wrong])
                shown = ", ".join(repr(t) for _, t in sorted(wrong, key=lambda w: w[1])[:3])
                self.bad(
                    name, unknown, f"unknown code {shown}; allowed: " + ", ".join(check.allowed)
                )
                return None
        return Coded(codes, table)

    def _number(
        self, name: str, kind: str, series: pl.Series, check: Check | None
    ) -> AnyArray | None:
        target = pl.Int64 if kind == "int" else pl.Float64
        if series.dtype == pl.String:
            text = series.str.strip_chars()
            missing = (text == "").fill_null(True).to_numpy()
            parsed = text.cast(target, strict=False)
            wrong = parsed.is_null().to_numpy() & ~missing
        elif series.dtype.is_numeric() or series.dtype == pl.Null:
            parsed = series if series.dtype == target else series.cast(target, strict=False)
            missing = series.is_null().to_numpy()
            wrong = parsed.is_null().to_numpy() & ~missing
        else:
            self.problems.append(f"column {name!r}: {series.dtype} values, a number is needed")
            return None
        what = "not a whole number" if kind == "int" else "not a number"
        if self.bad(name, wrong, what):
            return None
        values = (parsed.fill_null(0) if parsed.null_count() else parsed).to_numpy()
        if kind == "float" and self.bad(name, ~np.isfinite(values), "not a finite number"):
            return None
        if kind == "money":
            # In place where it can be: a million rows make 8 MB an array.
            too_large = ~np.isfinite(values)
            too_large |= values > MONEY_LIMIT
            too_large |= values < -MONEY_LIMIT
            if self.bad(name, too_large, "too large"):
                return None
            scaled = values * 100
            centimes = np.empty(scaled.shape, dtype=np.int64)
            np.rint(scaled, out=centimes, casting="unsafe")
            np.subtract(scaled, centimes, out=scaled)
            np.abs(scaled, out=scaled)
            if self.bad(name, scaled > 1e-3, "more than 2 decimal places"):
                return None
            del scaled
            values = centimes
        if check is not None:
            unit = 100 if kind == "money" else 1
            if check.minimum is not None:
                self.bad(name, values < check.minimum * unit, f"below {check.minimum:g}")
            if check.maximum is not None:
                self.bad(name, values > check.maximum * unit, f"above {check.maximum:g}")
        return np.asarray(values, dtype=np.int64 if kind in ("money", "int") else np.float64)

    def _date(self, name: str, series: pl.Series) -> AnyArray | None:
        if series.dtype == pl.Datetime:
            series = series.dt.date()
        if series.dtype == pl.Date:
            parsed = series
            wrong = np.zeros(len(series), dtype=np.bool_)
        else:
            text = self.text(name)
            text = pl.Series(name, text).replace("", None)
            parsed = text.str.to_date("%Y-%m-%d", strict=False)
            wrong = (parsed.is_null() & text.is_not_null()).to_numpy()
        if self.bad(name, wrong, "not a date (YYYY-MM-DD)"):
            return None
        days = parsed.cast(pl.Int32).cast(pl.Int64).fill_null(np.iinfo(np.int64).min)
        return days.to_numpy().view("datetime64[D]")

    def _bool(self, name: str, series: pl.Series) -> AnyArray | None:
        if series.dtype == pl.Boolean:
            return series.fill_null(False).to_numpy()
        text = self.text(name).fill_null("").str.to_lowercase()
        yes = text.is_in(list(TRUE)).to_numpy()
        no = text.is_in(list(FALSE)).to_numpy()
        if self.bad(name, ~(yes | no), "not a yes/no value (true/false, 1/0, yes/no)"):
            return None
        return yes


def input_kinds(legislation: Legislation) -> dict[str, str]:
    """Every input's kind by name (what :func:`read_table` reads each known column as)."""
    return {
        name: kind for kinds in legislation.input_kinds().values() for name, kind in kinds.items()
    }


def situation_from_table(
    legislation: Legislation,
    frame: pl.DataFrame,
    *,
    member: str,
    required: Iterable[str] = (),
    checks: Mapping[str, Check] | None = None,
    first_row: int = 1,
) -> Situation:
    """A situation from one row per member of ``member`` (e.g. employee). Its parent (and the
    parent's parent, …) is named by id in the column named like the parent entity; the parent's
    inputs are read from its members' rows, which must agree. Columns the legislation does not
    know are ignored; absent optional inputs take their variable's default.

    Every problem found is reported at once, by column and row (``first_row`` is the number
    shown for the first data row): an :class:`InputError` listing them.
    """
    checks = checks or {}
    entity = legislation.entity(member)
    parent = legislation.entity(entity.parent) if entity.parent else None
    if parent is not None and parent.parent is not None:
        raise InputError("Only one level of parent entity can be read from a file.")
    kinds = legislation.input_kinds()
    columns = set(frame.columns)
    needed = [*required, *([parent.key] if parent else [])]
    missing = [name for name in needed if name not in columns]
    if missing:
        raise InputError(
            f"Missing column(s): {', '.join(missing)}. The file has: "
            + (", ".join(frame.columns) or "no column"),
            field=missing[0],
        )
    if frame.height == 0:
        raise InputError("The file has no data row.")
    reader = _Reader(frame, first_row)
    arrays: dict[str, dict[str, AnyArray | Coded]] = {}
    for key in (member, *([parent.key] if parent else [])):
        arrays[key] = {}
        for name, kind in kinds[key].items():
            if name in columns:
                array = reader.column(name, kind, checks.get(name))
                if array is not None:
                    arrays[key][name] = array
    member_columns = {
        name: array.values() if isinstance(array, Coded) else array
        for name, array in arrays[member].items()
    }
    population = Population(entity, frame.height, columns=member_columns)
    situation = {member: population}
    if parent is not None:
        ids = frame.get_column(parent.key)
        if not ids.dtype.is_integer():
            ids = reader.text(parent.key)
        empty = ids.is_null().to_numpy()
        if ids.dtype == pl.String:
            empty |= (ids == "").fill_null(True).to_numpy()
        reader.bad(parent.key, empty, f"no {parent.key} id")
        if not reader.problems:
            situation[parent.key] = _parents(reader, parent, ids, arrays[parent.key], population)
    if reader.problems:
        raise InputError("; ".join(reader.problems), field=reader.problems[0].split("'")[1])
    return Situation(situation)


def _parents(
    reader: _Reader,
    entity: Entity,
    ids: pl.Series,
    columns: dict[str, AnyArray | Coded],
    members: Population,
) -> Population:
    """The parent entity: one per distinct id, in order of first appearance; each member's
    parent index; the parent's inputs from its first member's row, checked against the rest."""
    # Each distinct id a dense number, parents in the order of their number: small whole
    # numbers are their own number; other ids are hashed (a categorical), never sorted.
    codes = ids.to_numpy() if ids.dtype.is_integer() else None
    if codes is None or codes.min() < 0 or codes.max() > 4 * members.count:
        codes = ids.cast(pl.String).cast(pl.Categorical).to_physical().to_numpy()
    present = np.bincount(codes) > 0
    members.parent_index = (np.cumsum(present) - 1)[codes]
    del codes
    count = int(members.parent_index.max()) + 1
    first_rows = np.full(count, members.count, dtype=np.int64)
    step = 1 << 16  # by slices: no index array as long as the file
    for start in range(0, members.count, step):
        stop = min(start + step, members.count)
        rows = np.arange(start, stop, dtype=np.int64)
        np.minimum.at(first_rows, members.parent_index[start:stop], rows)
    parent_columns: dict[str, AnyArray] = {}
    for name, column in columns.items():
        values = column.codes if isinstance(column, Coded) else column  # texts: by code
        per_parent = values[first_rows]
        differs = per_parent[members.parent_index] != values
        if values.dtype.kind == "M":
            differs &= ~(np.isnat(per_parent[members.parent_index]) & np.isnat(values))
        if reader.bad(name, differs, f"differs from the first row of the same {entity.key}"):
            continue
        parent_columns[name] = column.table[per_parent] if isinstance(column, Coded) else per_parent
    parent_ids = [str(i) for i in ids.gather(first_rows).to_list()]
    return Population(entity, count, columns=parent_columns, ids=parent_ids)


def explanation_steps(simulation: Simulation, names: Sequence[str], period: Period) -> list[str]:
    """The variables behind each of ``names`` (their dependencies, recursively, as in an
    explanation), each once, in the order an explanation reads them."""
    steps: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        simulation.calculate(name, period)
        for dependency, _ in simulation.trace[(name, period)].dependencies:
            if dependency not in seen:
                seen.add(dependency)
                steps.append(dependency)
                visit(dependency)

    for name in names:
        visit(name)
    return [step for step in steps if step not in names]


def result_columns(
    simulation: Simulation,
    names: Sequence[str],
    period: Period,
    *,
    member: str,
) -> dict[str, AnyArray]:
    """Each variable's values for every member of ``member`` (an ancestor's value repeated on
    each of its members' rows): money in MAD, dates as dates."""
    legislation = simulation.legislation
    out: dict[str, AnyArray] = {}
    for name in names:
        variable = legislation.variable(name)
        values = simulation.calculate(name, period)
        entity = member
        index: AnyArray | None = None
        while entity != variable.entity:
            parent_index = simulation.situation[entity].parent_index
            parent = legislation.entity(entity).parent
            if parent is None or parent_index is None:
                raise InputError(
                    f"{name} is a value of {variable.entity}, not of {member} or its parents.",
                    field=name,
                )
            index = parent_index if index is None else parent_index[index]
            entity = parent
        if variable.kind == "money":
            values = values / 100  # before repeating an ancestor's values on every member
        out[name] = values if index is None else values[index]
    return out


def write_table(columns: Mapping[str, AnyArray | Sequence[Any]], path: Path) -> None:
    """Write the columns to ``path`` (.csv, .parquet or .xlsx, by its extension), through a
    temporary file renamed at the end: a failed write leaves nothing behind."""
    suffix = path.suffix.lower()
    if suffix not in WRITABLE:
        raise InputError(f"{path.name}: the output must end in .csv, .parquet or .xlsx.")
    frame = pl.DataFrame({name: values for name, values in columns.items()})
    if suffix == ".xlsx" and frame.height > XLSX_MAX_ROWS:
        raise InputError(
            f"{frame.height:,} rows do not fit in a worksheet ({XLSX_MAX_ROWS:,} at most): "
            "write .csv or .parquet."
        )
    partial = path.with_name(f".{path.name}.partial")
    try:
        if suffix == ".csv":
            frame.write_csv(partial)
        elif suffix == ".parquet":
            frame.write_parquet(partial)
        else:
            _write_xlsx(frame, partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def _write_xlsx(frame: pl.DataFrame, path: Path) -> None:
    """openpyxl's write-only mode: rows stream to the file, memory stays flat."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("results")
    sheet.append(frame.columns)
    for row in frame.iter_rows():
        sheet.append(list(row))
    workbook.save(path)
