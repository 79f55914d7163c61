"""Reading XLSX sheets through calamine (Rust), behind our own checks on the zip members.

The Rust reader sees cell values only. What it does not see is checked here, on the members
of the zip container, before any value is used: the container's size and compression ratio
(zip bombs), macro-enabled content, links to other workbooks, formulas (never evaluated:
their cached values are not data), which sheet the sender saw (the active visible one, a
hidden one only when named) and error values such as ``#N/A`` (calamine reads them as empty;
they are kept as the text Excel shows, as they always were). See
``docs/decisions/0007-spreadsheet-reader.md``.

Cell text is what it was with openpyxl: a number, date or boolean is written as text in its
field's format by ``converters``; an empty cell is null; row numbers are the sheet's own.

Example:
    >>> read_xlsx(b"PK not really", filename="data.xlsx")
    Traceback (most recent call last):
    ...
    jiha.engines.tables.readers.FileRefused: not-xlsx
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import IO, Any

import numpy as np
import numpy.typing as npt
import polars as pl
from defusedxml import ElementTree

from jiha.engines.tables.readers import (
    MAX_COLUMNS,
    ROW,
    FileRefused,
    RawTable,
    refuse,
)
from jiha.engines.tables.report import MAX_VALUE_CHARS, CellError

__all__ = ["CellFormat", "XlsxLimits", "as_written", "cell_text", "read_xlsx"]

Formats = Callable[[Sequence[str]], Sequence["CellFormat"]]

# What gives away a macro-enabled workbook (.xlsm) renamed .xlsx.
CONTENT_TYPES = "[Content_Types].xml"
MACRO_CONTENT_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_PROJECT = "vbaProject.bin"
EXTERNAL_LINKS = "xl/externalLinks/"
WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELATIONS = "xl/_rels/workbook.xml.rels"
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
STRICT_NS = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
STRICT_RELATIONSHIP_ID = "{http://purl.oclc.org/ooxml/officeDocument/relationships}id"
FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
ERROR_TYPE = re.compile(rb"""\st\s*=\s*["']e["']""")
CHUNK = 1 << 20
# Excel keeps 15 significant digits: an integral float below this was written as an integer.
EXACT_INTEGERS = 1e16
CELL_REFERENCE = re.compile(r"([A-Z]+)([0-9]+)")


@dataclass(frozen=True, slots=True)
class XlsxLimits:
    """Limits checked on the zip container before a workbook (XLSX or ODS) is opened."""

    max_uncompressed_bytes: int = 200 * 1024 * 1024
    max_ratio: float = 100.0
    max_members: int = 10_000
    # Small members legitimately compress very well (repeated styles, empty sheets).
    ratio_floor_bytes: int = 1024 * 1024
    # ODS repeats a cell or a row by a count: a few bytes can stand for billions of cells.
    max_cells: int = 5_000_000


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    visible: bool
    path: str


@dataclass(slots=True)
class _Scan:
    """What the sheet XML holds that the Rust reader does not show."""

    formulas: list[CellError] = field(default_factory=list)
    # (row, column), both from 1 -> the error value as Excel shows it (#N/A, #DIV/0!, ...)
    error_values: dict[tuple[int, int], str] = field(default_factory=dict)


def read_xlsx(
    data: bytes,
    *,
    filename: str,
    sheet: str | None = None,
    limits: XlsxLimits | None = None,
    formats: Formats | None = None,
    max_errors: int = 1000,
) -> RawTable:
    """Read a sheet of an XLSX workbook, refusing macros, formulas and zip bombs.

    Without ``sheet``, the sheet the workbook opens on (the active one) is read, or the first
    visible one if that is hidden: a hidden sheet is only read when named, as what the person
    who sent the file saw is what they mean to send. ``formats`` receives the header and
    returns, per column, how to write a number, date or boolean cell as text; by default
    canonically (shortest float, ISO date, true/false).
    """
    archive = open_zip(
        data, filename, limits or XlsxLimits(), required=WORKBOOK, refusal="not-xlsx"
    )
    try:
        _refuse_macros(archive)
        _refuse_external_links(archive)
        chosen = chosen_sheet(*_worksheets(archive), sheet)
        with ThreadPoolExecutor(max_workers=1) as pool:
            # calamine parses without the GIL: the zip members are scanned meanwhile.
            values = pool.submit(calamine_rows, data, chosen.name)
            scan = _scan_sheet(archive, chosen.path, max_errors)
            rows = values.result() if not scan.formulas else []
        if scan.formulas:
            raise FileRefused(scan.formulas[:max_errors])
        return table_of(rows, scan.error_values, formats or default_formats, max_errors)
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - broken XML, CRC, missing parts: not a usable workbook
        refuse("not-xlsx", filename=filename)
    finally:
        archive.close()


def open_zip(
    data: bytes, filename: str, limits: XlsxLimits, *, required: str, refusal: str
) -> zipfile.ZipFile:
    """The zip container, refused (code ``refusal``) if it is not one or lacks its
    ``required`` part, and refused as a zip bomb if it would inflate beyond the limits."""
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        refuse(refusal, filename=filename)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        refuse(refusal, filename=filename)
    # zipfile stops reading a member at its declared size, and calamine checks the sizes it
    # reads against the declared ones, so the declared sizes are a bound.
    total = sum(member.file_size for member in members)
    worst = max(members, key=lambda m: m.file_size / max(m.compress_size, 1), default=None)
    ratio = worst.file_size / max(worst.compress_size, 1) if worst else 0.0
    too_compressed = (
        worst is not None
        and worst.file_size > limits.ratio_floor_bytes
        and ratio > limits.max_ratio
    )
    if total > limits.max_uncompressed_bytes or too_compressed or len(members) > limits.max_members:
        refuse(
            "zip-bomb",
            size_mb=round(total / 1_048_576, 1),
            limit_mb=round(limits.max_uncompressed_bytes / 1_048_576, 1),
            ratio=round(ratio),
            max_ratio=round(limits.max_ratio),
        )
    if required not in archive.namelist():
        refuse(refusal, filename=filename)
    return archive


def _refuse_macros(archive: zipfile.ZipFile) -> None:
    """Refuse a macro-enabled workbook (.xlsm) whatever its name says."""
    names = archive.namelist()
    types = archive.read(CONTENT_TYPES) if CONTENT_TYPES in names else b""
    if MACRO_CONTENT_TYPE in types or any(name.endswith(VBA_PROJECT) for name in names):
        refuse("macro-enabled")


def _refuse_external_links(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook linked to other files: its cached values may be stale.

    Cells that read another workbook are formulas (refused on their own); the link parts stay
    in the file until the links are broken, and may feed defined names or charts.
    """
    if any(name.startswith(EXTERNAL_LINKS) for name in archive.namelist()):
        refuse("external-link")


def _worksheets(archive: zipfile.ZipFile) -> tuple[list[Sheet], int]:
    """The worksheets in workbook order (visibility, part in the zip), and the position among
    them of the one the workbook opens on (``activeTab``; -1 when that is a chart sheet).

    Chart sheets, dialog and macro sheets have no cells to read: they are left out, as
    openpyxl's ``worksheets`` left them out.
    """
    workbook = ElementTree.fromstring(archive.read(WORKBOOK))
    relations = {
        relation.get("Id"): relation
        for relation in ElementTree.fromstring(archive.read(WORKBOOK_RELATIONS))
    }
    views = _elements(workbook, "workbookView")
    active_tab = int(views[0].get("activeTab", "0")) if views else 0
    tabs = _elements(workbook, "sheet")
    sheets: list[Sheet] = []
    active = -1
    for tab, element in enumerate(tabs):
        relation = relations.get(
            element.get(RELATIONSHIP_ID) or element.get(STRICT_RELATIONSHIP_ID)
        )
        if relation is None or not relation.get("Type", "").endswith("/worksheet"):
            continue
        if tab == active_tab:
            active = len(sheets)
        target = relation.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        visible = element.get("state", "visible") == "visible"
        sheets.append(Sheet(element.get("name", ""), visible, path))
    return sheets, active


def _elements(root: Any, local: str) -> list[Any]:
    """The elements named ``local`` in SpreadsheetML's namespace (transitional or strict)."""
    return [e for e in root.iter() if e.tag in (f"{MAIN_NS}{local}", f"{STRICT_NS}{local}")]


def chosen_sheet(sheets: list[Sheet], active: int, sheet: str | None) -> Sheet:
    """The named sheet, else the active one if visible, else the first visible one."""
    visible = [candidate for candidate in sheets if candidate.visible]
    if sheet is not None:
        named = {candidate.name: candidate for candidate in sheets}
        if sheet not in named:
            names = ", ".join(candidate.name for candidate in visible)
            refuse("missing-sheet", sheet=sheet, sheets=names)
        return named[sheet]
    if 0 <= active < len(sheets) and sheets[active].visible:
        return sheets[active]
    if not visible:
        refuse("no-visible-sheet")
    return visible[0]


def calamine_rows(data: bytes, name: str) -> list[list[Any]]:
    """Every row of the sheet from A1, as calamine reads it (an empty cell is "")."""
    import python_calamine  # deferred: only spreadsheet uploads pay for it

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        rows: list[list[Any]] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    finally:
        workbook.close()
    return rows


def _scan_sheet(archive: zipfile.ZipFile, path: str, max_errors: int) -> _Scan:
    """Formulas and error values in the sheet XML.

    The raw bytes are searched first, so sheets without either (nearly all) are not parsed;
    a hit is confirmed and located by parsing the XML.
    """
    if not member_holds(archive, path, _formula_or_error_in):
        return _Scan()
    with archive.open(path) as stream:
        return _parse_cells(stream, max_errors)


def member_holds(archive: zipfile.ZipFile, path: str, found: Callable[[bytes], bool]) -> bool:
    """Whether ``found`` is true of some window of the member, read in 1 MB chunks.

    A match may span two chunks, so each window keeps the end of the previous chunk.
    """
    tail = b""
    with archive.open(path) as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            window = tail + chunk
            if found(window):
                return True
            tail = chunk[-64:]
    return False


def _formula_or_error_in(window: bytes) -> bool:
    """Cheap byte searches first: a formula element needs an ``f`` (rare in sheet markup)
    and an error cell a quoted ``e``; only then are the patterns searched."""
    return _formula_in(window) or _error_in(window)


def _formula_in(window: bytes) -> bool:
    has_tag = b"f" in window and (b"<f" in window or b":f" in window)
    return has_tag and FORMULA_TAG.search(window) is not None


def _error_in(window: bytes) -> bool:
    quoted_e = b'"e"' in window or b"'e'" in window
    return quoted_e and ERROR_TYPE.search(window) is not None


def _parse_cells(stream: IO[bytes], max_errors: int) -> _Scan:
    """Walk the cells of a sheet XML, collecting formulas and error values.

    A cell's position comes from its reference (``r="B2"``), or, as the format allows it to
    be left out, from the previous cell and row.
    """
    scan = _Scan()
    row_number, column = 0, 0
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        local = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if local == "row":
                row_number, column = int(element.get("r") or row_number + 1), 0
            continue
        if local == "row":
            element.clear()  # keep memory flat on large sheets
        if local != "c":
            continue
        column = _column_number(element.get("r")) or column + 1
        formula, value = _child_text(element, "f"), _child_text(element, "v")
        if formula is not None:
            cell = f"{column_letters(column)}{row_number}"
            text = f"={formula}"[:MAX_VALUE_CHARS]
            scan.formulas.append(CellError(row_number, "", text, "formula", (("cell", cell),)))
            if len(scan.formulas) >= max_errors:
                break
        elif element.get("t") == "e" and value:
            scan.error_values[(row_number, column)] = value
    return scan


def _column_number(reference: str | None) -> int:
    """The column of a cell reference (``"C7"`` -> 3), 0 if there is none."""
    found = CELL_REFERENCE.fullmatch((reference or "").upper())
    number = 0
    for letter in found.group(1) if found else "":
        number = number * 26 + ord(letter) - 64
    return number


def column_letters(column: int) -> str:
    """Spreadsheet letters of a column number (1 -> A, 27 -> AA)."""
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _child_text(element: Any, local: str) -> str | None:
    for child in element:
        if child.tag.rsplit("}", 1)[-1] == local:
            return str(child.text or "")
    return None


@dataclass(frozen=True, slots=True)
class CellFormat:
    """How a column writes a number, boolean or date cell as text (its field's own format).

    Example:
        >>> import datetime as dt
        >>> french = CellFormat(decimal_char=",", true_text="oui", date_format="%d/%m/%Y")
        >>> [french.text(value) for value in (12.5, 1200.0, True, dt.date(2024, 2, 1))]
        ['12,5', '1200', 'oui', '01/02/2024']
    """

    decimal_char: str = "."
    true_text: str = "true"
    false_text: str = "false"
    date_format: str | None = None

    def text(self, value: object) -> str:
        """One cell's text (the column-wise ``_column_text`` gives the same, faster)."""
        value = as_written(value)
        if isinstance(value, bool):
            return self.true_text if value else self.false_text
        if isinstance(value, float):
            return repr(value).replace(".", self.decimal_char)
        if self.date_format and isinstance(value, dt.date) and _is_midnight(value):
            return value.strftime(self.date_format)
        return cell_text(value)


def _is_midnight(value: dt.date) -> bool:
    return not isinstance(value, dt.datetime) or value.time() == dt.time(0)


def cell_text(value: object) -> str:
    """Write a spreadsheet cell value as text, canonically (ISO dates, shortest float).

    Example:
        >>> import datetime as dt
        >>> cell_text(dt.datetime(2026, 11, 26)), cell_text(2.5), cell_text(True), cell_text(None)
        ('2026-11-26', '2.5', 'true', '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    isoformat = getattr(value, "isoformat", None)
    if isoformat is not None:
        text = str(isoformat())
        return text.removesuffix("T00:00:00")
    return str(value)


def as_written(value: object) -> object:
    """A calamine value as the sheet wrote it: Excel writes a whole number without ".0".

    calamine reads every number as a float; Excel keeps 15 significant digits, so an integral
    float below 1e16 was written as an integer (and read as one before).

    Example:
        >>> as_written(1200.0), as_written(12.5), as_written(1e20), as_written(True)
        (1200, 12.5, 1e+20, True)
    """
    if isinstance(value, float) and value.is_integer() and abs(value) < EXACT_INTEGERS:
        return int(value)
    return value


def table_of(
    rows: list[list[Any]],
    error_values: dict[tuple[int, int], str],
    formats: Formats,
    max_errors: int,
) -> RawTable:
    """The sheet's rows (from A1) as a ``RawTable``: header, text cells, sheet row numbers.

    ``error_values`` (row, column) -> text replace what calamine read there.
    """
    for (row_number, column), text in error_values.items():
        if row_number <= len(rows) and column <= len(rows[row_number - 1]):
            rows[row_number - 1][column - 1] = text
    header = [cell_text(as_written(value)).strip() for value in (rows[0] if rows else ())]
    while header and not header[-1]:
        header.pop()
    if not header:
        refuse("empty-file")
    if len(header) > MAX_COLUMNS:
        refuse("too-many-columns", row=1, found=len(header), limit=MAX_COLUMNS)
    width = len(header)
    # One object array for the body: cheaper than transposing lists, and columns are views.
    cells = np.empty((len(rows) - 1, len(rows[0])), dtype=object)
    cells[:] = rows[1:] if len(rows) > 1 else cells
    _refuse_long_rows(cells[:, width:], width, max_errors)
    texts = {
        str(index): _column_text(cells[:, index], column_format)
        for index, column_format in enumerate(formats(header))
    }
    frame = pl.DataFrame({ROW: np.arange(2, len(rows) + 1, dtype=np.int64), **texts})
    # An empty cell is null and a blank row is skipped, as in CSV.
    frame = frame.with_columns(pl.when(pl.col(name) != "").then(pl.col(name)) for name in texts)
    return RawTable(header, frame.filter(~pl.all_horizontal(pl.col(*texts).is_null())))


def _refuse_long_rows(beyond: np.ndarray, width: int, max_errors: int) -> None:
    """Refuse rows with values to the right of the header's last column."""
    filled = beyond != ""
    long_rows = np.flatnonzero(filled.any(axis=1)) if filled.size else np.empty(0, np.intp)
    if not long_rows.size:
        return
    last = filled.shape[1] - np.argmax(filled[:, ::-1], axis=1)
    errors = [
        CellError(
            int(index) + 2,
            "",
            "",
            "row-length",
            (("expected", str(width)), ("found", str(width + int(last[index])))),
        )
        for index in long_rows[:max_errors]
    ]
    raise FileRefused(errors, total=int(long_rows.size))


def _column_text(column: np.ndarray, column_format: CellFormat) -> pl.Series:
    """A column's cells as text: text cells as they are, the others by kind, vectorised."""
    kinds = np.fromiter(map(type, column), dtype=object, count=column.size)
    present = set(kinds.tolist())
    if present <= {str}:
        return pl.Series(column.tolist(), dtype=pl.String)
    if present == {float}:
        return _float_texts(column.astype(np.float64), column_format)
    text_only = [value if value.__class__ is str else None for value in column.tolist()]
    texts = pl.Series(text_only, dtype=pl.String)
    for kind in present - {str}:
        where = np.flatnonzero(kinds == kind)
        if kind is float:
            written = _float_texts(column[where].astype(np.float64), column_format)
        else:  # booleans, dates, times: few distinct values, each written once
            values = column[where].tolist()
            each = {value: column_format.text(value) for value in set(values)}
            written = pl.Series([each[value] for value in values], dtype=pl.String)
        texts = texts.scatter(where, written)
    return texts


def _float_texts(numbers: npt.NDArray[np.float64], column_format: CellFormat) -> pl.Series:
    """Numbers as ``CellFormat.text`` writes them, without a Python object per number.

    Whole numbers below 1e16 are cast as integers; polars writes the others with the same
    shortest digits as Python's ``repr`` where both use positional notation
    (1e-4 <= |x| < 1e16); the rest (rare) go through ``repr``.
    """
    magnitude = np.abs(numbers)
    whole = (np.floor(numbers) == numbers) & (magnitude < EXACT_INTEGERS)
    positional = ~whole & (magnitude >= 1e-4) & (magnitude < EXACT_INTEGERS)
    texts = pl.Series(numbers).cast(pl.String)
    if column_format.decimal_char != ".":
        texts = texts.str.replace(".", column_format.decimal_char, literal=True)
    if whole.any():
        integers = pl.Series(numbers[whole].astype(np.int64)).cast(pl.String)
        texts = texts.scatter(np.flatnonzero(whole), integers)
    others = np.flatnonzero(~whole & ~positional)
    if others.size:
        written = [column_format.text(float(value)) for value in numbers[others].tolist()]
        texts = texts.scatter(others, pl.Series(written, dtype=pl.String))
    return texts


def default_formats(header: Sequence[str]) -> list[CellFormat]:
    return [CellFormat()] * len(header)
