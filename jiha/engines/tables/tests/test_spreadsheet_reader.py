"""The calamine reader behind the zip-member checks: one test per refused family, and cell
text exactly as openpyxl gave it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from jiha.engines.tables import XlsxLimits
from jiha.engines.tables.readers import FileRefused
from jiha.engines.tables.spreadsheets import CHUNK, CellFormat, _column_text, cell_text, read_xlsx


def book_bytes(rows: list[list[object]], title: str = "data") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = title
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {name: source.read(name) for name in source.namelist()}


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_sheet_data(data: bytes, sheet_data: str) -> bytes:
    """The workbook with its first sheet's cells replaced by raw XML."""
    members = members_of(data)
    sheet = members["xl/worksheets/sheet1.xml"]
    sheet = re.sub(rb"<sheetData>.*</sheetData>|<sheetData\s*/>", sheet_data.encode(), sheet)
    members["xl/worksheets/sheet1.xml"] = re.sub(rb"<dimension[^>]*/>", b"", sheet)
    return zipped(members)


def refusal(data: bytes, **options: object) -> tuple[str, dict[str, str]]:
    with pytest.raises(FileRefused) as refused:
        read_xlsx(data, filename="book.xlsx", **options)  # type: ignore[arg-type]
    error = refused.value.errors[0]
    return error.code, dict(error.params)


def test_it_refuses_a_file_that_is_not_a_zip_workbook() -> None:
    assert refusal(b"id,name\n1,a\n")[0] == "not-xlsx"
    assert refusal(zipped({"word/document.xml": b"<document/>"}))[0] == "not-xlsx"


def test_it_refuses_a_zip_bomb_before_the_rust_reader_sees_it() -> None:
    bomb = zipped({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/s.xml": bytes(8 << 20)})

    assert refusal(bomb) == (
        "zip-bomb",
        {
            "size_mb": "8.0",
            "limit_mb": "200.0",
            "ratio": refusal(bomb)[1]["ratio"],
            "max_ratio": "100",
        },
    )
    assert int(refusal(bomb)[1]["ratio"]) > 100


def test_it_refuses_a_workbook_with_too_many_members() -> None:
    members = {"xl/workbook.xml": b"<workbook/>"} | {f"m{index}": b"" for index in range(20)}

    assert refusal(zipped(members), limits=XlsxLimits(max_members=10))[0] == "zip-bomb"


@pytest.mark.parametrize("give_away", ["content type", "vbaProject.bin"])
def test_it_refuses_macro_enabled_content(give_away: str) -> None:
    members = members_of(book_bytes([["code"], ["MA-01"]]))
    if give_away == "content type":
        members["[Content_Types].xml"] = (
            members["[Content_Types].xml"]
            .replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
            .replace(
                b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.macroEnabled",
                b"application/vnd.ms-excel.sheet.macroEnabled",
            )
        )
    else:
        members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0"

    assert refusal(zipped(members))[0] == "macro-enabled"


def test_it_refuses_a_workbook_linked_to_other_files() -> None:
    members = members_of(book_bytes([["code"], ["MA-01"]]))
    members["xl/externalLinks/externalLink1.xml"] = b"<externalLink/>"

    assert refusal(zipped(members))[0] == "external-link"


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="B2"><f>1+1</f><v>2</v></c>',
        '<c r="B2"><f>[1]Sheet1!A1</f><v>7</v></c>',  # a value read from another workbook
        '<c r="B2" t="str"><f t="shared" ref="B2:B3" si="0">A2&amp;"x"</f><v>ax</v></c>',
        '<c r="B2"><f t="array" ref="B2">SUM(A1:A1)</f><v>0</v></c>',
    ],
)
def test_it_refuses_formulas_the_rust_reader_would_read_as_values(cell: str) -> None:
    data = with_sheet_data(
        book_bytes([["code"]]),
        f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c>{cell}</row></sheetData>',
    )

    assert refusal(data) == ("formula", {"cell": "B2"})


def test_it_finds_formulas_in_prefixed_markup_and_cells_without_references() -> None:
    data = with_sheet_data(
        book_bytes([["code"]]),
        '<sheetData><row><c t="inlineStr"><is><t>code</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>a</t></is></c><x:f xmlns:x="urn:x">1+1</x:f>'
        "<c><f>2*2</f><v>4</v></c></row></sheetData>",
    )

    assert refusal(data) == ("formula", {"cell": "B2"})


def formula_after(padding: int) -> bytes:
    return with_sheet_data(
        book_bytes([["code"]]),
        f'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>{"x" * padding}</t></is></c>'
        '</row><row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row></sheetData>',
    )


def test_it_finds_a_formula_whose_tag_straddles_two_chunks() -> None:
    first = members_of(formula_after(CHUNK))["xl/worksheets/sheet1.xml"].index(b"<f>")
    data = formula_after(CHUNK - (first - CHUNK) - 1)  # "<" ends the first chunk
    assert members_of(data)["xl/worksheets/sheet1.xml"].index(b"<f>") == CHUNK - 1

    assert refusal(data, limits=XlsxLimits(max_ratio=1e9)) == ("formula", {"cell": "A2"})


def hidden_first(state: str = "hidden") -> bytes:
    book = openpyxl.Workbook()
    book.active.title = "old"
    book.active.append(["code", "jobs"])
    book.active.append(["MA-09", 666666])
    book.active.sheet_state = state
    visible = book.create_sheet("data")
    visible.append(["code", "jobs"])
    visible.append(["MA-01", 1234])
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_it_reads_a_hidden_sheet_only_when_it_is_named(state: str) -> None:
    data = hidden_first(state)

    assert read_xlsx(data, filename="b.xlsx").frame["1"].to_list() == ["1234"]
    assert read_xlsx(data, filename="b.xlsx", sheet="old").frame["1"].to_list() == ["666666"]


def test_it_refuses_a_workbook_whose_sheets_are_all_hidden() -> None:
    members = members_of(hidden_first())
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b'state="visible"', b'state="hidden"'
    )

    assert refusal(zipped(members))[0] == "no-visible-sheet"
    assert refusal(hidden_first(), sheet="2027") == (
        "missing-sheet",
        {"sheet": "2027", "sheets": "data"},
    )


def test_it_refuses_values_beyond_the_header_an_empty_sheet_and_absurd_widths() -> None:
    assert refusal(book_bytes([["code"], ["a", None, "stray"]])) == (
        "row-length",
        {"expected": "1", "found": "3"},
    )
    assert refusal(book_bytes([]))[0] == "empty-file"
    assert refusal(book_bytes([[f"c{index}" for index in range(1_001)]]))[0] == ("too-many-columns")


def test_it_keeps_error_values_as_the_text_excel_shows() -> None:
    data = with_sheet_data(
        book_bytes([["code"]]),
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>code</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>jobs</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>MA-01</t></is></c>'
        '<c r="B2" t="e"><v>#N/A</v></c></row></sheetData>',
    )

    assert read_xlsx(data, filename="b.xlsx").frame.rows() == [(2, "MA-01", "#N/A")]


VALUES: list[object] = [
    1200,
    -3,
    0,
    12.5,
    0.1,
    1 / 3,
    1e-07,
    1e20,
    123456789012345,
    951342.58,
    True,
    False,
    dt.datetime(2026, 11, 26),  # noqa: DTZ001 - as Excel stores it
    dt.datetime(2026, 11, 26, 10, 30),  # noqa: DTZ001
    dt.date(2025, 1, 2),
    dt.time(10, 30),
    "0012",
    " text ",
    None,
]


def test_it_writes_every_kind_of_cell_as_openpyxl_read_it() -> None:
    data = book_bytes([["value"], *([value] for value in VALUES)])
    before = openpyxl.load_workbook(io.BytesIO(data), read_only=True).active
    expected = [cell_text(value) or None for (value,) in before.iter_rows(2, values_only=True)]

    frame = read_xlsx(data, filename="b.xlsx").frame

    assert frame["0"].to_list() == [text for text in expected if text is not None]
    assert frame["__row"].to_list() == [
        index + 2 for index, text in enumerate(expected) if text is not None
    ]


def test_it_writes_native_cells_in_the_field_format() -> None:
    french = CellFormat(decimal_char=",", true_text="oui", false_text="non", date_format="%d/%m/%Y")
    data = book_bytes([["v"], [12.5], [7], [True], [False], [dt.datetime(2024, 2, 1)], ["0,5"]])  # noqa: DTZ001

    frame = read_xlsx(data, filename="b.xlsx", formats=lambda header: [french]).frame

    assert frame["0"].to_list() == ["12,5", "7", "oui", "non", "01/02/2024", "0,5"]


def test_it_numbers_rows_as_the_sheet_does_when_it_starts_lower(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "code"
    book.active["A4"] = "MA-01"
    book.active["A6"] = "MA-02"
    book.save(tmp_path / "b.xlsx")

    frame = read_xlsx((tmp_path / "b.xlsx").read_bytes(), filename="b.xlsx").frame

    assert frame.rows() == [(4, "MA-01"), (6, "MA-02")]


@pytest.mark.parametrize("decimal_char", [".", ","])
def test_it_writes_column_numbers_as_each_cell_would_be_written(decimal_char: str) -> None:
    # The column-wise path (polars) must give what CellFormat.text gives one cell at a time.
    rng = np.random.default_rng(11)
    magnitudes = 10.0 ** rng.integers(-8, 22, 5_000)
    numbers = np.concatenate(
        [rng.random(5_000) * magnitudes, rng.integers(-(10**6), 10**6, 500) / 100, [0.0, -0.0]]
    )
    column_format = CellFormat(decimal_char=decimal_char)
    column = np.array([*numbers.tolist(), "text", True], dtype=object)

    texts = _column_text(column, column_format).to_list()

    assert texts == [column_format.text(value) for value in column.tolist()]


def test_it_skips_a_chart_sheet_the_workbook_opens_on() -> None:
    book = openpyxl.Workbook()
    book.active.title = "data"
    book.active.append(["code"])
    book.active.append(["MA-01"])
    book.create_chartsheet("chart", 0)
    book.active = 0  # the chart sheet, first in the tab order
    buffer = io.BytesIO()
    book.save(buffer)

    frame = read_xlsx(buffer.getvalue(), filename="b.xlsx").frame

    assert frame["0"].to_list() == ["MA-01"]
    assert refusal(buffer.getvalue(), sheet="chart") == (
        "missing-sheet",
        {"sheet": "chart", "sheets": "data"},
    )
