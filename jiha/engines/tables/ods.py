"""Reading OpenDocument spreadsheets (.ods) through calamine, behind checks on the zip members.

The same guards as for XLSX (``spreadsheets.py``), on the ODF parts: the container's size and
compression ratio, the ``mimetype`` part (a text document renamed .ods is refused), macros
(``Basic/`` modules, ``Scripts/``), sheets linked to other files (``table:table-source``, DDE
links), formulas (``table:formula`` on a cell: calamine would read their cached values), and
repetition bombs: ODS writes "this cell, 16,384 times" and "this row, a million times" as
counts, so a file of a few hundred bytes can stand for billions of cells, which calamine would
allocate. Every sheet's used range is measured on content.xml before calamine opens the file.
The active sheet comes from ``settings.xml`` (``ActiveTable``); a hidden sheet (a table style
with ``table:display="false"``, which calamine reports) is only read when named.

Example:
    >>> read_ods(b"PK not really", filename="data.ods")
    Traceback (most recent call last):
    ...
    jiha.engines.tables.readers.FileRefused: not-ods
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from defusedxml import ElementTree

from jiha.engines.tables.readers import FileRefused, RawTable, refuse
from jiha.engines.tables.report import MAX_VALUE_CHARS, CellError
from jiha.engines.tables.spreadsheets import (
    Formats,
    Sheet,
    XlsxLimits,
    chosen_sheet,
    column_letters,
    default_formats,
    member_holds,
    open_zip,
    table_of,
)

__all__ = ["read_ods"]

CONTENT = "content.xml"
SETTINGS = "settings.xml"
MIMETYPE = "mimetype"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Descriptors LibreOffice writes for an empty macro container: not macros themselves.
MACRO_CONTAINERS = ("script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml")
EXTERNAL_ELEMENTS = ("table-source", "dde-source", "dde-link", "dde-connection-decl")
SUSPECT_MARKERS = (b"formula=", b"table-source", b"dde-")
# Repetition counts up to 999 are cheap whatever they repeat; larger ones are measured.
LARGE_REPEAT = re.compile(rb"""repeated=["'][1-9][0-9]{3,}["']""")
# A formula's namespace prefix: "of:=SUM(A1:A2)" (OpenFormula), "msoxl:=..." (Excel).
FORMULA_NAMESPACE = re.compile(r"^[a-z]+:(?==)")


@dataclass(slots=True)
class _Content:
    """What content.xml holds that calamine does not show."""

    formulas: dict[str, list[CellError]] = field(default_factory=dict)  # by sheet
    external: bool = False
    cells: dict[str, int] = field(default_factory=dict)  # used range (rows x columns) by sheet


def read_ods(
    data: bytes,
    *,
    filename: str,
    sheet: str | None = None,
    limits: XlsxLimits | None = None,
    formats: Formats | None = None,
    max_errors: int = 1000,
) -> RawTable:
    """Read a sheet of an ODS spreadsheet, refusing macros, formulas, links and bombs.

    The sheet is chosen as in ``read_xlsx``; ``formats`` writes number, date and boolean cells
    as text in each field's format.
    """
    limits = limits or XlsxLimits()
    archive = open_zip(data, filename, limits, required=CONTENT, refusal="not-ods")
    try:
        _refuse_other_documents(archive, filename)
        _refuse_macros(archive)
        content = _scan_content(archive, limits, max_errors)
        name, rows = _calamine_sheet(data, sheet, _active_table(archive))
        formulas = content.formulas.get(name, [])
        if formulas:
            raise FileRefused(formulas[:max_errors])
        return table_of(rows, {}, formats or default_formats, max_errors)
    except FileRefused:
        raise
    except Exception:  # noqa: BLE001 - broken XML, CRC, missing parts: not a usable workbook
        refuse("not-ods", filename=filename)
    finally:
        archive.close()


def _refuse_other_documents(archive: zipfile.ZipFile, filename: str) -> None:
    """An ODF package declares its kind in ``mimetype``: only a spreadsheet is read."""
    if MIMETYPE not in archive.namelist() or archive.read(MIMETYPE).strip() != ODS_MIMETYPE:
        refuse("not-ods", filename=filename)


def _refuse_macros(archive: zipfile.ZipFile) -> None:
    """Refuse a spreadsheet carrying Basic modules or scripts (Python, JavaScript, ...)."""
    for name in archive.namelist():
        if name.endswith("/"):
            continue
        basic_module = name.startswith("Basic/") and not name.endswith(MACRO_CONTAINERS)
        if basic_module or name.startswith("Scripts/"):
            refuse("macro-enabled")


def _active_table(archive: zipfile.ZipFile) -> str | None:
    """The name of the sheet the spreadsheet opens on (``settings.xml``), if it says."""
    if SETTINGS not in archive.namelist():
        return None
    for element in ElementTree.fromstring(archive.read(SETTINGS)).iter():
        if element.tag.endswith("}config-item") and any(
            key.endswith("}name") and value == "ActiveTable"
            for key, value in element.attrib.items()
        ):
            return str(element.text or "") or None
    return None


def _calamine_sheet(
    data: bytes, sheet: str | None, active: str | None
) -> tuple[str, list[list[Any]]]:
    """The chosen sheet's name and rows; calamine reads each sheet's visibility from its
    table style."""
    import python_calamine  # deferred: only spreadsheet uploads pay for it

    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheets = [
            Sheet(meta.name, meta.visible == python_calamine.SheetVisibleEnum.Visible, CONTENT)
            for meta in workbook.sheets_metadata
        ]
        names = [candidate.name for candidate in sheets]
        chosen = chosen_sheet(sheets, names.index(active) if active in names else 0, sheet)
        rows: list[list[Any]] = workbook.get_sheet_by_name(chosen.name).to_python(
            skip_empty_area=False
        )
    finally:
        workbook.close()
    return chosen.name, rows


def _scan_content(archive: zipfile.ZipFile, limits: XlsxLimits, max_errors: int) -> _Content:
    """Formulas (by sheet), links to other files and each sheet's used range, refused before
    calamine reads anything (it parses every sheet when it opens the file).

    The bytes are searched first: a file without formula attributes, link elements or
    repetition counts of 1,000 or more is not parsed.
    """
    if not member_holds(archive, CONTENT, _suspect):
        return _Content()
    with archive.open(CONTENT) as stream:
        content = _parse_content(stream, max_errors)
    if content.external:
        refuse("external-link")
    for name, cells in content.cells.items():
        if cells > limits.max_cells:
            refuse("too-many-cells", sheet=name, found=cells, limit=limits.max_cells)
    return content


def _suspect(window: bytes) -> bool:
    if any(marker in window for marker in SUSPECT_MARKERS):
        return True
    return b"repeated=" in window and LARGE_REPEAT.search(window) is not None


def _parse_content(stream: IO[bytes], max_errors: int) -> _Content:
    """Walk the tables, counting repeated rows and cells, to place every formula and measure
    the range of the filled cells (trailing empty rows and columns, which LibreOffice writes
    with large counts, do not count)."""
    content, walk = _Content(), _Walk()
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        local = element.tag.rsplit("}", 1)[-1]
        if local in EXTERNAL_ELEMENTS:
            content.external = True
            break
        if event == "start":
            walk.enter(local, element)
        elif local in ("table-cell", "covered-table-cell"):
            formula = _attribute(element, "formula")
            if formula is not None and len(content.formulas.get(walk.table, ())) < max_errors:
                error = _formula_error(walk.row, walk.column, formula)
                content.formulas.setdefault(walk.table, []).append(error)
            walk.cell(element)
        elif local == "table-row":
            content.cells[walk.table] = walk.end_row()
            element.clear()  # keep memory flat on large sheets
    return content


@dataclass(slots=True)
class _Walk:
    """Where the parse stands in the current table (0-based row and column)."""

    table: str = ""
    row: int = 0
    column: int = 0
    row_span: int = 1
    width: int = 0
    height: int = 0
    filled_row: bool = False

    def enter(self, local: str, element: Any) -> None:
        if local == "table":
            self.table, self.row, self.width, self.height = (
                _attribute(element, "name") or "",
                0,
                0,
                0,
            )
        elif local == "table-row":
            self.row_span, self.column = _repeat(element, "number-rows-repeated"), 0
            self.filled_row = False

    def cell(self, element: Any) -> None:
        span = _repeat(element, "number-columns-repeated")
        if _attribute(element, "value-type") is not None or len(element):
            self.width, self.filled_row = max(self.width, self.column + span), True
        self.column += span
        element.clear()

    def end_row(self) -> int:
        """Close the row; the table's used range so far, in cells."""
        self.row += self.row_span
        if self.filled_row:
            self.height = self.row
        return self.height * self.width


def _formula_error(row: int, column: int, formula: str) -> CellError:
    cell = f"{column_letters(column + 1)}{row + 1}"
    text = FORMULA_NAMESPACE.sub("", formula)[:MAX_VALUE_CHARS]
    return CellError(row + 1, "", text, "formula", (("cell", cell),))


def _attribute(element: Any, local: str) -> str | None:
    """An attribute by its local name, whatever its namespace prefix."""
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == local:
            return str(value)
    return None


def _repeat(element: Any, local: str) -> int:
    value = _attribute(element, local)
    return int(value) if value and value.isdigit() else 1
