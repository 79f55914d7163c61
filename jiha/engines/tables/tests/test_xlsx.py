"""XLSX uploads: sheets, native cell types, formulas refused, zip bombs and fake workbooks."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from jiha.engines.tables import ValidationReport, XlsxLimits, validate

SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "code", "constraints": {"required": True}},
        {"name": "jobs", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "share", "type": "number", "decimalChar": ","},
        {"name": "opened", "type": "date", "format": "%d/%m/%Y"},
        {"name": "exporter", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
    ]
}
HEADER: list[object] = ["code", "jobs", "share", "opened", "exporter"]


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def codes(report: ValidationReport) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.code) for error in report.errors]


def test_it_reads_the_first_sheet_with_native_cell_types(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        ["MA-01", 1200, 12.5, dt.datetime(2026, 11, 26), True],  # noqa: DTZ001 - as Excel stores it
        ["MA-02", 3.0, 7, dt.date(2025, 1, 2), False],
        [None, None, None, None, None],
        ["MA-03", "12", "0,5", "01/02/2024", "non"],
    ]
    path = workbook(tmp_path / "jobs.xlsx", {"data": rows, "other": [["x"]]})

    report = validate(path, SCHEMA, filename=path.name)

    assert report.valid, report.messages("en")
    assert report.source_format == "xlsx"
    assert report.table.rows() == [
        ("MA-01", 1200, 12.5, dt.date(2026, 11, 26), True),
        ("MA-02", 3, 7.0, dt.date(2025, 1, 2), False),
        ("MA-03", 12, 0.5, dt.date(2024, 2, 1), False),
    ]


def test_it_reports_spreadsheet_row_numbers(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, ["MA-01", 1], [], ["MA-02", -4], ["", 5]]
    path = workbook(tmp_path / "jobs.xlsx", {"data": rows})

    report = validate(path, SCHEMA, filename=path.name)

    assert codes(report) == [(4, "jobs", "minimum"), (5, "code", "required")]


def test_it_reads_a_named_sheet(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "book.xlsx",
        {"notes": [["read me first"]], "2026": [HEADER, ["MA-05", 10]]},
    )

    report = validate(path, SCHEMA, filename=path.name, sheet="2026")

    assert report.valid
    assert report.table["code"].to_list() == ["MA-05"]


def test_it_reports_a_missing_sheet_with_the_available_ones(tmp_path: Path) -> None:
    path = workbook(tmp_path / "book.xlsx", {"a": [HEADER], "b": [HEADER]})

    report = validate(path, SCHEMA, filename=path.name, sheet="2027", language="en")

    assert codes(report) == [(0, "", "missing-sheet")]
    assert report.messages() == ['The sheet "2027" does not exist in the workbook (sheets: a, b).']


def test_it_refuses_formulas_and_names_their_cells(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER, ["MA-01", "=1+1"], ["MA-02", 4, '=HYPERLINK("http://x")']]
    path = workbook(tmp_path / "f.xlsx", {"data": rows})

    report = validate(path, SCHEMA, filename=path.name)

    assert codes(report) == [(2, "", "formula"), (3, "", "formula")]
    assert [dict(error.params)["cell"] for error in report.errors] == ["B2", "C3"]
    assert report.errors[0].value == "=1+1"


def test_it_accepts_text_that_merely_starts_with_an_equals_sign(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "jobs"])
    sheet["A2"] = "=not a formula"
    sheet["A2"].data_type = "s"
    sheet["B2"] = 1
    book.save(tmp_path / "t.xlsx")

    report = validate(tmp_path / "t.xlsx", SCHEMA, filename="t.xlsx")

    assert report.table["code"].to_list() == ["=not a formula"]
    assert b"'=not a formula" not in report.to_csv_bytes()


def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_it_refuses_a_zip_bomb_by_compression_ratio() -> None:
    bomb = zip_with({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(8 << 20)})
    assert len(bomb) < 20_000

    report = validate(bomb, SCHEMA, filename="bomb.xlsx", language="en")

    assert codes(report) == [(0, "", "zip-bomb")]
    assert "exceeds 100:1" in report.messages()[0]


def test_it_refuses_a_zip_bomb_by_total_size() -> None:
    bomb = zip_with({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": bytes(3 << 20)})
    limits = XlsxLimits(max_uncompressed_bytes=2 << 20, max_ratio=1e9)

    report = validate(bomb, SCHEMA, filename="bomb.xlsx", xlsx_limits=limits)

    assert codes(report) == [(0, "", "zip-bomb")]
    assert dict(report.errors[0].params)["size_mb"] == "3.0"


def corrupted_sheet() -> bytes:
    """A real workbook whose sheet XML is cut in the middle of a row."""
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["code", "jobs"])
    book.active.append(["MA-01", 1])
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet[: sheet.index(b'<row r="2"') + 20]
    return zip_with(members)


@pytest.mark.parametrize(
    "data",
    [
        b"code,jobs\nMA-01,1\n",
        b"PK\x03\x04 truncated",
        b"",
        zip_with({"word/document.xml": b"<document/>"}),
        zip_with({"xl/workbook.xml": b"not xml at all"}),
        corrupted_sheet(),
    ],
)
def test_it_refuses_files_that_are_not_workbooks(data: bytes) -> None:
    report = validate(data, SCHEMA, filename="C:\\uploads\\jobs.xlsx", language="en")

    assert codes(report) == [(0, "", "not-xlsx")]
    assert report.messages() == ['The file "jobs.xlsx" is not a valid Excel workbook (.xlsx).']


def test_it_reads_rows_hidden_by_a_lying_dimension(tmp_path: Path) -> None:
    path = workbook(tmp_path / "d.xlsx", {"data": [HEADER, ["MA-01", 1], ["MA-02", -2]]})
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', sheet
    )
    assert members["xl/worksheets/sheet1.xml"] != sheet

    report = validate(zip_with(members), SCHEMA, filename="d.xlsx")

    assert codes(report) == [(3, "jobs", "minimum")]


def test_it_refuses_values_beyond_the_header(tmp_path: Path) -> None:
    path = workbook(tmp_path / "w.xlsx", {"data": [["code", "jobs"], ["MA-01", 1, None, "stray"]]})

    report = validate(path, SCHEMA, filename=path.name)

    assert codes(report) == [(2, "", "row-length")]
    assert dict(report.errors[0].params) == {"expected": "2", "found": "4"}


def test_it_refuses_an_empty_sheet(tmp_path: Path) -> None:
    path = workbook(tmp_path / "e.xlsx", {"data": []})

    assert codes(validate(path, SCHEMA, filename=path.name)) == [(0, "", "empty-file")]


def test_it_refuses_a_sheet_with_absurdly_many_columns(tmp_path: Path) -> None:
    path = workbook(tmp_path / "wide.xlsx", {"data": [[f"c{index}" for index in range(1_001)]]})

    assert codes(validate(path, SCHEMA, filename=path.name)) == [(1, "", "too-many-columns")]


def hidden_first_sheet(path: Path, state: str = "hidden") -> Path:
    """The data on a visible sheet, other figures on a hidden first sheet."""
    book = openpyxl.Workbook()
    hidden = book.active
    hidden.title = "old"
    hidden.append(HEADER)
    hidden.append(["MA-09", 666666])
    hidden.sheet_state = state
    visible = book.create_sheet("data")
    visible.append(HEADER)
    visible.append(["MA-01", 1234])
    book.active = 1
    book.save(path)
    return path


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_it_reads_the_active_visible_sheet_not_a_hidden_first_one(
    tmp_path: Path, state: str
) -> None:
    path = hidden_first_sheet(tmp_path / "book.xlsx", state)

    report = validate(path, SCHEMA, filename=path.name)

    assert report.table.rows() == [("MA-01", 1234, None, None, None)]


def test_it_reads_the_first_visible_sheet_when_the_active_one_is_hidden(tmp_path: Path) -> None:
    path = hidden_first_sheet(tmp_path / "book.xlsx")
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/workbook.xml"] = re.sub(  # activeTab pointing at the hidden sheet
        rb'activeTab="1"', b'activeTab="0"', members["xl/workbook.xml"]
    )

    report = validate(zip_with(members), SCHEMA, filename="book.xlsx")

    assert report.table["code"].to_list() == ["MA-01"]


def test_it_reads_a_hidden_sheet_only_when_named(tmp_path: Path) -> None:
    path = hidden_first_sheet(tmp_path / "book.xlsx", "veryHidden")

    report = validate(path, SCHEMA, filename=path.name, sheet="old")

    assert report.table["jobs"].to_list() == [666666]


def test_it_asks_for_a_sheet_name_when_every_sheet_is_hidden(tmp_path: Path) -> None:
    path = hidden_first_sheet(tmp_path / "book.xlsx")
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b'state="visible"', b'state="hidden"'
    )

    report = validate(zip_with(members), SCHEMA, filename="book.xlsx", language="en")

    assert codes(report) == [(0, "", "no-visible-sheet")]


def test_it_lists_only_the_visible_sheets_when_a_named_one_is_missing(tmp_path: Path) -> None:
    path = hidden_first_sheet(tmp_path / "book.xlsx")

    report = validate(path, SCHEMA, filename=path.name, sheet="2027", language="en")

    assert report.messages() == ['The sheet "2027" does not exist in the workbook (sheets: data).']


def macro_enabled(path: Path, give_away: str) -> bytes:
    """A real workbook made to look like an .xlsm renamed .xlsx."""
    workbook(path, {"data": [HEADER, ["MA-01", 1]]})
    with zipfile.ZipFile(path) as source:
        members = {name: source.read(name) for name in source.namelist()}
    if give_away == "content type":
        members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    else:
        members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a VBA project"
    return zip_with(members)


@pytest.mark.parametrize("give_away", ["content type", "vbaProject.bin"])
def test_it_refuses_a_macro_enabled_workbook_renamed_xlsx(tmp_path: Path, give_away: str) -> None:
    data = macro_enabled(tmp_path / "m.xlsx", give_away)

    report = validate(data, SCHEMA, filename="m.xlsx", language="en")

    assert codes(report) == [(0, "", "macro-enabled")]
    assert "contains macros" in report.messages()[0]
