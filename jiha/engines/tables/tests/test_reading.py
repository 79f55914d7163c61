"""Reading uploads: encodings, delimiters, ragged rows, headers, size limit, file names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jiha.engines.tables import ValidationReport, validate

SCHEMA: dict[str, Any] = {
    "fields": [
        {"name": "code", "constraints": {"required": True}},
        {"name": "name"},
        {"name": "jobs", "type": "integer"},
    ]
}


def codes(report: ValidationReport) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.code) for error in report.errors]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("code,name,jobs\nMA-03,Fès-Meknès,1\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "code,name,jobs\nMA-03,Fès-Meknès,1\n".encode(), "utf-8-sig"),
        ("code,name,jobs\nMA-03,Fès-Meknès,1\n".encode("cp1252"), "cp1252"),
    ],
)
def test_it_reads_each_supported_encoding(data: bytes, encoding: str) -> None:
    report = validate(data, SCHEMA, filename="r.csv")

    assert report.valid
    assert report.encoding == encoding
    assert report.table.rows() == [("MA-03", "Fès-Meknès", 1)]


def test_it_reads_excel_unicode_text_exports() -> None:
    data = "code\tname\tjobs\r\nMA-01\tطنجة\t3\r\n".encode("utf-16")

    report = validate(data, SCHEMA, filename="export.txt")

    assert report.encoding == "utf-16" and report.delimiter == "\t"
    assert report.table.rows() == [("MA-01", "طنجة", 3)]


def test_it_counts_every_ragged_row_but_keeps_max_errors() -> None:
    data = b"code,name,jobs\n" + b"MA-01;a;1\n" * 30

    report = validate(data, SCHEMA, filename="r.csv", max_errors=5)

    assert len(report.errors) == 5 and report.error_count == 30


def test_it_reads_cp1252_accents_and_the_euro_sign() -> None:
    data = "code;name;jobs\nMA-06;Casablanca-Settat à 5 €;1\n".encode("cp1252")

    report = validate(data, SCHEMA, filename="r.csv")

    assert report.table["name"].to_list() == ["Casablanca-Settat à 5 €"]


@pytest.mark.parametrize(
    ("data", "row"),
    [
        (b"code,name,jobs\nMA-01,caf\x81,1\n", 2),  # undefined in both UTF-8 and cp1252
        (b"code,name,jobs\nMA-01,a,1\nMA-02,b\x00,2\n", 3),  # NUL byte
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2),  # binary junk
        (b"\xef\xbb\xbfcode,name,jobs\nMA-01,caf\xe9,1\n", 2),  # a BOM promises UTF-8
    ],
)
def test_it_refuses_bytes_that_are_not_text(data: bytes, row: int) -> None:
    report = validate(data, SCHEMA, filename="r.csv")

    assert codes(report) == [(row, "", "encoding")]
    assert "UTF-8" in report.errors[0].message("fr")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_it_detects_each_delimiter(delimiter: str) -> None:
    rows = [["code", "name", "jobs"], ["MA-01", "Tanger, Tétouan; Al Hoceïma", "5"]]
    text = "\n".join(delimiter.join(f'"{cell}"' for cell in row) for row in rows) + "\n"

    report = validate(text.encode(), SCHEMA, filename="r.csv")

    assert report.delimiter == delimiter
    assert report.table.rows() == [("MA-01", "Tanger, Tétouan; Al Hoceïma", 5)]


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("code,name,jobs\nMA-01,a,1\nMA-02;b;2\nMA-03,c,3\n", [(3, "1")]),
        ("code;name;jobs\nMA-01;a;1\nMA-02,b,2\nMA-03;c;3,5;x\n", [(3, "1"), (4, "4")]),
        ('code,name,jobs\nMA-01,"a,b",1\nMA-02,"a",b,2\n', [(3, "4")]),
        ("code,name,jobs\nMA-01,a\nMA-02,b,2,\n", [(2, "2"), (3, "4")]),
    ],
)
def test_it_refuses_rows_of_different_lengths(text: str, bad: list[tuple[int, str]]) -> None:
    report = validate(text.encode(), SCHEMA, filename="r.csv")

    assert codes(report) == [(row, "", "row-length") for row, _found in bad]
    assert [dict(error.params)["found"] for error in report.errors] == [f for _r, f in bad]
    assert not report.valid and report.table.is_empty()


def test_it_reads_quoted_delimiters_line_breaks_and_escaped_quotes() -> None:
    text = 'code,name,jobs\r\nMA-01,"Tanger, ""Nord""\r\nsecond line",1\r\n'

    report = validate(text.encode(), SCHEMA, filename="r.csv")

    assert report.table["name"].to_list() == ['Tanger, "Nord"\r\nsecond line']


def test_it_skips_blank_lines_but_keeps_file_row_numbers() -> None:
    report = validate(b"\r\ncode,name,jobs\r\n\r\nMA-01,a,x\r\n\r\n", SCHEMA, filename="r.csv")

    assert codes(report) == [(4, "jobs", "type-error")]


def test_it_reads_a_file_without_final_line_break() -> None:
    report = validate(b"code,name,jobs\nMA-01,a,1", SCHEMA, filename="r.csv")

    assert report.table.rows() == [("MA-01", "a", 1)]


def test_it_reads_every_cell_as_text_without_guessing() -> None:
    schema = {"fields": [{"name": "code"}, {"name": "phone"}, {"name": "debt"}]}

    report = validate(b"code,phone,debt\n007,0612345678,-12\n", schema, filename="r.csv")

    assert report.table.rows() == [("007", "0612345678", "-12")]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("name,jobs", [(1, "code", "missing-column")]),
        ("code,name,jobs,comment", [(1, "comment", "extra-column")]),
        ("code,name,jobs,", [(1, "", "extra-column")]),
        ("code,name,code", [(1, "code", "duplicate-header")]),
    ],
)
def test_it_checks_the_header_against_the_schema(
    header: str, expected: list[tuple[int, str, str]]
) -> None:
    width = header.count(",") + 1
    data = f"{header}\n{','.join(['MA-01', 'a', '1', 'x'][:width])}\n".encode()

    report = validate(data, SCHEMA, filename="r.csv")

    assert codes(report)[: len(expected)] == expected
    assert not report.valid


def test_it_matches_columns_by_name_in_any_order_and_trims_header_spaces() -> None:
    report = validate(b" jobs ,code,name\n4,MA-01,a\n", SCHEMA, filename="r.csv")

    assert report.table.rows() == [("MA-01", "a", 4)]


def test_it_tolerates_a_missing_optional_column_as_empty() -> None:
    report = validate(b"code,name\nMA-01,a\n", SCHEMA, filename="r.csv")

    assert report.valid
    assert report.table.rows() == [("MA-01", "a", None)]


def test_it_ignores_extra_columns_when_the_caller_allows_them() -> None:
    report = validate(
        b"code,name,jobs,comment\nMA-01,a,1,hello\n",
        SCHEMA,
        filename="r.csv",
        allow_extra_columns=True,
    )

    assert report.valid
    assert report.extra_columns == ("comment",)
    assert report.table.columns == ["code", "name", "jobs"]


@pytest.mark.parametrize("data", [b"", b"\n\r\n", b"\xef\xbb\xbf"])
def test_it_refuses_an_empty_file(data: bytes) -> None:
    report = validate(data, SCHEMA, filename="r.csv")

    assert codes(report) == [(0, "", "empty-file")]


def test_it_accepts_a_header_without_rows() -> None:
    report = validate(b"code,name,jobs\n", SCHEMA, filename="r.csv")

    assert report.valid and report.row_count == 0


def test_it_refuses_bytes_over_the_size_limit() -> None:
    report = validate(
        b"code,name,jobs\n" + b"MA-01,a,1\n" * 20, SCHEMA, filename="r.csv", max_bytes=100
    )

    assert codes(report) == [(0, "", "too-large")]


def test_it_refuses_a_large_file_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("wb") as stream:
        stream.write(b"code,name,jobs\n")
        stream.truncate(3 * 1024 * 1024 * 1024)  # a 3 GB sparse file

    report = validate(path, SCHEMA, filename="big.csv", max_bytes=1024 * 1024)

    assert codes(report) == [(0, "", "too-large")]
    assert report.errors[0].message("en") == "The file is larger than the allowed maximum (1 MB)."


@pytest.mark.parametrize(
    "filename", ["../../etc/passwd.csv", "/etc/passwd.csv", "..\\..\\boot.CSV", "a" * 300 + ".csv"]
)
def test_it_uses_the_file_name_only_to_choose_the_reader(filename: str) -> None:
    report = validate(b"code,name,jobs\nMA-01,a,1\n", SCHEMA, filename=filename)

    assert report.valid and report.source_format == "csv"


@pytest.mark.parametrize(
    "filename", ["report.xls", "data.json", "passwd", "../x.csv.exe", "x.csv\x00.sh"]
)
def test_it_refuses_unsupported_file_types(filename: str) -> None:
    report = validate(b"code,name,jobs\n", SCHEMA, filename=filename)

    assert codes(report) == [(0, "", "unsupported-format")]
    assert "\x00" not in report.errors[0].message("en")


def test_it_reads_a_path_source(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_bytes(b"code,name,jobs\nMA-01,a,1\n")

    assert validate(path, SCHEMA, filename=path.name).valid


@pytest.mark.parametrize("short_row", [None, 5_000])
def test_it_checks_row_lengths_of_a_fully_quoted_file(short_row: int | None) -> None:
    lines = [f'"MA-{index % 12 + 1:02d}","a, b","{index}"' for index in range(8_000)]
    if short_row is not None:
        lines[short_row] = '"MA-01","a, b"'
    data = ("code,name,jobs\n" + "\n".join(lines) + "\n").encode()

    report = validate(data, SCHEMA, filename="q.csv")

    if short_row is None:
        assert report.valid and report.row_count == 8_000
    else:
        assert codes(report) == [(short_row + 2, "", "row-length")]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_it_refuses_a_header_with_absurdly_many_columns(delimiter: str) -> None:
    data = delimiter.join(f"c{index}" for index in range(5_000)).encode() + b"\n"

    report = validate(data, SCHEMA, filename="wide.csv", language="en")

    assert codes(report) == [(1, "", "too-many-columns")]
    assert "5000 columns" in report.messages()[0]
