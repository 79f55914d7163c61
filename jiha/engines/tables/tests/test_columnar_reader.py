"""The columnar sheet reader against python-calamine: the same table, cell for cell, on
generated workbooks, crafted sheet XML and every XLSX fixture of the repository; anything it
does not cover goes to calamine."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from jiha.engines.tables import sheetxml, spreadsheets
from jiha.engines.tables.readers import FileRefused
from jiha.engines.tables.tests.test_spreadsheet_reader import members_of, zipped

ROOT = Path(__file__).resolve().parents[4]
POOL: list[object] = [
    1,
    0,
    -3,
    12.5,
    0.30000000000000004,
    1e-07,
    1e20,
    -2.5e-300,
    True,
    False,
    "douze",
    "12",
    "true",
    "a & b <c> \"q\" 'x'",
    "line\nbreak",
    "  spaced  ",
    "tab\there",
    "_x000D_ and _x005F_x000D_",
    "é ü 中文 🙂",
    "",
    None,
    "#N/A",
    "=not a formula",
    "a>b",
]
Outcome = tuple[str, object, object]


def outcome(data: bytes, *, columnar: bool, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    if not columnar:
        monkeypatch.setattr(spreadsheets, "_columnar_table", lambda *args, **kwargs: None)
    try:
        table = spreadsheets.read_xlsx(data, filename="book.xlsx")
        return ("read", table.header, table.frame.rows())
    except FileRefused as refused:
        errors = [(error.row, error.code, error.params) for error in refused.errors]
        return ("refused", errors, refused.total)
    finally:
        monkeypatch.undo()


def used_columnar(data: bytes, monkeypatch: pytest.MonkeyPatch) -> bool:
    seen: list[bool] = []
    original = spreadsheets._columnar_table

    def spy(*args: object, **kwargs: object) -> object:
        table = original(*args, **kwargs)  # type: ignore[arg-type]
        seen.append(table is not None)
        return table

    monkeypatch.setattr(spreadsheets, "_columnar_table", spy)
    try:
        spreadsheets.read_xlsx(data, filename="book.xlsx")
    except FileRefused:
        pass
    finally:
        monkeypatch.undo()
    return seen == [True]


def book(rows: list[list[object]], *, write_only: bool) -> bytes:
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("data") if write_only else workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def generated(seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)  # noqa: S311 - test data
    for trial in range(30):
        width = rng.randint(1, 6)
        rows: list[list[object]] = [[f"h{index}" for index in range(width)]]
        for _ in range(rng.randint(0, 25)):
            # Now and then a row longer than the header (refused the same way by both).
            length = rng.randint(0, width + (trial % 6 == 0))
            rows.append([rng.choice(POOL) for _ in range(length)])
        yield book(rows, write_only=trial % 2 == 0)


@pytest.mark.parametrize("seed", [1, 2])
def test_it_reads_generated_workbooks_as_calamine_does(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = 0
    for data in generated(seed):
        columnar = outcome(data, columnar=True, monkeypatch=monkeypatch)
        assert columnar == outcome(data, columnar=False, monkeypatch=monkeypatch)
        used += used_columnar(data, monkeypatch)
    assert used >= 5  # the comparison is not only of calamine with itself


def test_it_reads_every_fixture_of_the_repository_as_calamine_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paths = [
        path
        for path in ROOT.rglob("*.xlsx")
        if not {".venv", "node_modules"} & set(path.relative_to(ROOT).parts)
    ]
    assert paths
    for path in paths:
        data = path.read_bytes()
        columnar = outcome(data, columnar=True, monkeypatch=monkeypatch)
        assert columnar == outcome(data, columnar=False, monkeypatch=monkeypatch), path


def crafted(sheet_data: str, shared: str | None = None, styles: str | None = None) -> bytes:
    members = members_of(book([["x"]], write_only=False))
    sheet = members["xl/worksheets/sheet1.xml"]
    sheet = re.sub(rb"<sheetData>.*</sheetData>|<sheetData\s*/>", sheet_data.encode(), sheet)
    members["xl/worksheets/sheet1.xml"] = re.sub(rb"<dimension[^>]*/>", b"", sheet)
    if shared is not None:
        members["xl/sharedStrings.xml"] = shared.encode()
        relations = members["xl/_rels/workbook.xml.rels"]
        if b"sharedStrings" not in relations:
            members["xl/_rels/workbook.xml.rels"] = relations.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdS" Target="sharedStrings.xml" Type="http://schemas.'
                b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
                b"</Relationships>",
            )
    if styles is not None:
        members["xl/styles.xml"] = styles.encode()
    return zipped(members)


SST = (
    '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<si><t>id</t></si>"
    '<si><t xml:space="preserve"> name </t></si>'
    '<si><r><rPr><b/></rPr><t>Rich</t></r><r><t xml:space="preserve"> text</t></r></si>'
    '<si><t>Tōkyō</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si>'
    "<si><t>a &amp; b &lt; c &#233; &#x41;</t></si>"
    "<si><t>cr_x000D_lf _x005F_x000D_</t></si>"
    "<si><t/></si>"
    "</sst>"
)
CASES = {
    "shared strings, rich text, phonetic runs, entities, escapes": (
        '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>4</v></c><c r="B3" t="s"><v>5</v></c></row>'
        '<row r="4"><c r="A4" t="s"><v>6</v></c><c r="B4" s="0" t="s"><v>0</v></c></row>'
        "</sheetData>"
    ),
    "numbers in every notation, booleans, str and error cells": (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>m</t></is></c></row>'
        '<row r="2"><c r="A2"><v>1E-07</v></c><c r="B2" t="n"><v>1.5e3</v></c></row>'
        '<row r="3"><c r="A3"><v>-0.30000000000000004</v></c>'
        '<c r="B3"><v>12345678901234567890</v></c></row>'
        '<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>0</v></c></row>'
        '<row r="5"><c r="A5" t="str"><v>text &amp; more</v></c>'
        '<c r="B5" t="e"><v>#DIV/0!</v></c></row>'
        '<row r="6"><c r="A6" t="inlineStr"><is><t xml:space="preserve">  kept  </t></is></c>'
        '<c r="B6" t="inlineStr"><is><t>say "hi" &gt; _x000D_</t></is></c></row>'
        "</sheetData>"
    ),
    "rows and cells without references, sparse and empty cells": (
        '<sheetData><row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t>'
        '</is></c><c t="inlineStr"><is><t>c</t></is></c></row>'
        "<row><c><v>1</v></c><c/><c><v>3</v></c></row>"
        '<row r="5"><c r="B5"><v>2</v></c><c><v>3</v></c></row>'
        '<row><c r="C6" s="0"/><c r="A6"><v>9</v></c></row>'
        '<row r="8"/>'
        '<row r="9" spans="1:3"><c r="A9" t="inlineStr"><is><t/></is></c><c r="B9"></c></row>'
        "</sheetData>"
    ),
    "pretty-printed markup": (
        '<sheetData>\n  <row r="1">\n    <c r="A1" t="inlineStr">\n      <is><t>h</t></is>\n'
        '    </c>\n  </row>\n  <row r="2">\n    <c r="A2">\n      <v>4</v>\n    </c>\n'
        "  </row>\n</sheetData>"
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_it_reads_crafted_sheets_as_calamine_does(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = crafted(CASES[case], shared=SST)

    columnar = outcome(data, columnar=True, monkeypatch=monkeypatch)

    assert columnar == outcome(data, columnar=False, monkeypatch=monkeypatch)
    assert columnar[0] == "read"
    assert used_columnar(data, monkeypatch)


DATE_STYLES = (
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
    "</styleSheet>"
)


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A2" s="1"><v>45000</v></c>',  # custom date format
        '<c r="A2" s="2"><v>45000.5</v></c>',  # built-in date format
        '<c r="A2" t="d"><v>2024-02-01T00:00:00</v></c>',  # ISO date cell
        '<c r="A2" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c>',
        '<c r="A2" cm="1"><v>1</v></c>',  # an attribute it does not know
        "<c r='A2'><v>1</v></c>",  # single quotes
    ],
)
def test_it_leaves_to_calamine_what_it_does_not_cover(
    cell: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>d</t></is></c></row>'
        f'<row r="2">{cell}</row></sheetData>'
    )
    data = crafted(sheet, styles=DATE_STYLES)

    assert not used_columnar(data, monkeypatch)
    assert outcome(data, columnar=True, monkeypatch=monkeypatch)[0] == "read"


def test_the_date_styles_are_read_from_the_number_formats() -> None:
    assert sheetxml.date_styles(DATE_STYLES.encode()) == {1, 2}
    plain = DATE_STYLES.replace("dd/mm/yyyy", "0.00&quot; days&quot;[Red]")
    assert sheetxml.date_styles(plain.encode()) == {2}


def test_it_still_refuses_formulas(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = (
        '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row></sheetData>'
    )
    refused = outcome(crafted(sheet), columnar=True, monkeypatch=monkeypatch)

    assert refused[0] == "refused"
    assert refused[1] == [(2, "formula", (("cell", "A2"),))]


def test_a_date_cell_is_still_written_as_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    data = book([["when"], [dt.date(2024, 2, 1)]], write_only=False)

    read = outcome(data, columnar=True, monkeypatch=monkeypatch)

    assert read[2] == [(2, "2024-02-01")]
