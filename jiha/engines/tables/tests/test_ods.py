"""OpenDocument spreadsheets: read through calamine, with one test per refused family."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from jiha.engines.tables import XlsxLimits, source_format, validate
from jiha.engines.tables.ods import read_ods
from jiha.engines.tables.readers import FileRefused

NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)
STYLES = (
    "<office:automatic-styles>"
    '<style:style style:name="shown" style:family="table">'
    '<style:table-properties table:display="true"/></style:style>'
    '<style:style style:name="hidden" style:family="table">'
    '<style:table-properties table:display="false"/></style:style>'
    "</office:automatic-styles>"
)
SCHEMA = {
    "fields": [
        {"name": "code", "constraints": {"required": True}},
        {"name": "jobs", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "share", "type": "number", "decimalChar": ","},
        {"name": "opened", "type": "date", "format": "%d/%m/%Y"},
        {"name": "exporter", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
    ]
}
HEADER = ["code", "jobs", "share", "opened", "exporter"]


def text(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def number(value: float, formula: str = "") -> str:
    extra = f' table:formula="{formula}"' if formula else ""
    return (
        f'<table:table-cell office:value-type="float" office:value="{value}"{extra}>'
        f"<text:p>{value}</text:p></table:table-cell>"
    )


def row(*cells: str, repeat: int = 1) -> str:
    attribute = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{attribute}>{''.join(cells)}</table:table-row>"


def sheet(name: str, *rows: str, style: str = "shown") -> str:
    return (
        f'<table:table table:name="{name}" table:style-name="{style}">{"".join(rows)}</table:table>'
    )


def ods(*sheets: str, active: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NAMESPACES}>'
        f"{STYLES}<office:body><office:spreadsheet>{''.join(sheets)}"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    members = {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": content.encode(),
        "META-INF/manifest.xml": b"<manifest/>",
        **(extra or {}),
    }
    if active:
        members["settings.xml"] = (
            '<office:document-settings xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0" xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0">'
            '<config:config-item config:name="ActiveTable" config:type="string">'
            f"{active}</config:config-item></office:document-settings>"
        ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(data: bytes, **options: object) -> tuple[str, dict[str, str]]:
    with pytest.raises(FileRefused) as refused:
        read_ods(data, filename="book.ods", **options)  # type: ignore[arg-type]
    return refused.value.errors[0].code, dict(refused.value.errors[0].params)


def test_it_accepts_ods_uploads_and_writes_native_cells_in_the_field_format() -> None:
    data = ods(
        sheet(
            "data",
            row(*(text(name) for name in HEADER)),
            row(repeat=2),  # two blank rows, still counted in the row numbers
            row(
                text("MA-01"),
                number(1200),
                number(12.5),
                '<table:table-cell office:value-type="date" office:date-value="2024-02-01"/>',
                '<table:table-cell office:value-type="boolean" office:boolean-value="true"/>',
            ),
            row(text("MA-02"), number(-3)),
        )
    )

    report = validate(data, SCHEMA, filename="jobs.ods", language="en")

    assert source_format("Jobs.ODS") == "ods" and report.source_format == "ods"
    assert [(error.row, error.column, error.code) for error in report.errors] == [
        (5, "jobs", "minimum")
    ]
    assert read_ods(data, filename="jobs.ods").frame.rows()[0] == (
        4,
        "MA-01",
        "1200",
        "12.5",
        "2024-02-01",
        "true",
    )


def test_it_reads_native_values_in_french_formats() -> None:
    data = ods(
        sheet(
            "data",
            row(*(text(name) for name in HEADER)),
            row(
                text("MA-01"),
                number(7),
                number(0.5),
                '<table:table-cell office:value-type="date" office:date-value="2024-02-01"/>',
                '<table:table-cell office:value-type="boolean" office:boolean-value="false"/>',
            ),
        )
    )

    report = validate(data, SCHEMA, filename="jobs.ods")

    assert report.valid, report.messages("en")
    assert report.table.rows() == [("MA-01", 7, 0.5, dt.date(2024, 2, 1), False)]


def test_it_refuses_a_file_that_is_not_an_ods_spreadsheet() -> None:
    text_document = ods(sheet("data", row(text("code"))), extra={"mimetype": b"text/plain"})
    members = {"content.xml": b"<x/>"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    assert refusal(b"code\nMA-01\n")[0] == "not-ods"
    assert refusal(buffer.getvalue())[0] == "not-ods"  # no mimetype
    assert (
        refusal(text_document.replace(b"text/plain", b"application/vnd.oasis.opendocument.text"))[0]
        == "not-ods"
    )
    report = validate(b"PK\x03\x04 cut", SCHEMA, filename="C:\\x\\jobs.ods", language="en")
    assert report.messages() == [
        'The file "jobs.ods" is not a valid OpenDocument spreadsheet (.ods).'
    ]


def test_it_refuses_a_zip_bomb() -> None:
    bomb = ods(sheet("data", row(text("code"))), extra={"Pictures/huge.bin": bytes(8 << 20)})

    assert refusal(bomb)[0] == "zip-bomb"
    assert refusal(ods(sheet("data")), limits=XlsxLimits(max_members=2))[0] == "zip-bomb"


@pytest.mark.parametrize(
    "part",
    ["Basic/Standard/Module1.xml", "Scripts/python/evil.py", "Scripts/javascript/x.js"],
)
def test_it_refuses_macros(part: str) -> None:
    data = ods(sheet("data", row(text("code"))), extra={part: b"<code/>"})

    assert refusal(data)[0] == "macro-enabled"


def test_it_accepts_an_empty_macro_container() -> None:
    empty = {"Basic/script-lc.xml": b"<libraries/>", "Basic/Standard/script-lb.xml": b"<l/>"}

    data = ods(sheet("data", row(text("code")), row(text("MA-01"))), extra=empty)

    assert read_ods(data, filename="b.ods").frame["0"].to_list() == ["MA-01"]


@pytest.mark.parametrize(
    "link",
    [
        '<table:table-source xlink:href="file:///other.ods" table:table-name="x" '
        'xmlns:xlink="http://www.w3.org/1999/xlink"/>',
        '<office:dde-source office:dde-application="soffice" office:dde-topic="x" '
        'office:dde-item="A1"/>',
    ],
)
def test_it_refuses_a_sheet_linked_to_another_file(link: str) -> None:
    linked = f'<table:table table:name="data">{link}{row(text("code"))}</table:table>'

    assert refusal(ods(linked))[0] == "external-link"


def test_it_refuses_formulas_and_names_their_cells() -> None:
    data = ods(
        sheet(
            "data",
            row(text("code"), text("jobs")),
            row('<table:table-cell table:number-columns-repeated="1"/>', number(2, "of:=1+1")),
            row(text("MA-02"), number(4, "of:=[.B2]*2")),
        )
    )

    with pytest.raises(FileRefused) as refused:
        read_ods(data, filename="f.ods")

    assert [(e.row, dict(e.params)["cell"], e.value) for e in refused.value.errors] == [
        (2, "B2", "=1+1"),
        (3, "B3", "=[.B2]*2"),
    ]


def test_it_places_formulas_after_repeated_rows_and_cells() -> None:
    data = ods(
        sheet(
            "data",
            row(text("code"), text("jobs"), text("share")),
            row(text("x"), repeat=3),
            row(
                '<table:table-cell office:value-type="string" table:number-columns-repeated="2">'
                "<text:p>y</text:p></table:table-cell>",
                number(1, "of:=1"),
            ),
        )
    )

    assert refusal(data) == ("formula", {"cell": "C5"})


def test_it_refuses_a_repetition_bomb_before_calamine_allocates_it() -> None:
    bomb_row = row(
        '<table:table-cell office:value-type="float" office:value="1" '
        'table:number-columns-repeated="16384"/>',
        repeat=1_000_000,
    )
    data = ods(sheet("data", row(text("code")), bomb_row))
    assert len(data) < 2_000

    assert refusal(data) == (
        "too-many-cells",
        {"sheet": "data", "found": str(1_000_001 * 16384), "limit": "5000000"},
    )


def test_it_does_not_count_trailing_empty_repeats_as_cells() -> None:
    trailing = (
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
    )
    data = ods(
        sheet(
            "data",
            row(text("code"), '<table:table-cell table:number-columns-repeated="1020"/>'),
            row(text("MA-01")),
            trailing,
        )
    )

    assert read_ods(data, filename="b.ods").frame["0"].to_list() == ["MA-01"]


def test_it_reads_the_active_visible_sheet_and_a_hidden_one_only_when_named() -> None:
    sheets = (
        sheet("old", row(text("code")), row(text("MA-09")), style="hidden"),
        sheet("notes", row(text("code")), row(text("read me"))),
        sheet("data", row(text("code")), row(text("MA-01"))),
    )
    data = ods(*sheets, active="data")

    assert read_ods(data, filename="b.ods").frame["0"].to_list() == ["MA-01"]
    assert read_ods(data, filename="b.ods", sheet="old").frame["0"].to_list() == ["MA-09"]
    hidden_active = ods(*sheets, active="old")  # the first visible sheet is read instead
    assert read_ods(hidden_active, filename="b.ods").frame["0"].to_list() == ["read me"]


def test_it_asks_for_a_sheet_when_every_sheet_is_hidden_or_the_name_is_wrong() -> None:
    data = ods(sheet("old", row(text("code")), style="hidden"))

    assert refusal(data)[0] == "no-visible-sheet"
    assert refusal(ods(sheet("a", row(text("code")))), sheet="2027") == (
        "missing-sheet",
        {"sheet": "2027", "sheets": "a"},
    )
