"""Every Table Schema rule, checked column-wise, reported at the right row and column."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest

from jiha.engines.tables import ValidationReport, validate

REGIONS = {f"MA-{number:02d}" for number in range(1, 13)}


def check(text: str, *fields: dict[str, Any], **schema: Any) -> ValidationReport:
    return validate(
        text.encode("utf-8"),
        {"fields": list(fields), **schema},
        filename="upload.csv",
        references={"regions": REGIONS},
    )


def column(*values: str) -> str:
    """A one-column CSV "v" with every value quoted (so "" is an empty cell, not a blank line)."""
    return "v\n" + "".join(f'"{value}"\n' for value in values)


def found(report: ValidationReport) -> list[tuple[int, str, str]]:
    return [(error.row, error.column, error.code) for error in report.errors]


@pytest.mark.parametrize(
    ("field", "values", "bad_rows"),
    [
        (
            {"type": "integer"},
            ["12", "-4", "+7", "1.0", "1e3", " 5", "douze", "0x10"],
            [5, 6, 7, 8, 9],
        ),
        ({"type": "number"}, ["1.5", "-.5", "1e-3", "1,5", "1.5.2", "abc", "5."], [5, 6, 7]),
        (
            {"type": "date"},
            ["2026-11-26", "2026-02-30", "26/11/2026", "2026-1-5", "2026-11-26x"],
            [3, 4, 5, 6],
        ),
        (
            {"type": "date", "format": "%d/%m/%Y"},
            ["26/11/2026", "2026-11-26", "31/02/2026"],
            [3, 4],
        ),
        (
            {"type": "date", "format": "any"},
            ["2026-11-26", "26/11/2026", "26.11.2026", "11/26/2026"],
            [5],
        ),
        ({"type": "year"}, ["2026", "26", "02026", "+202", "-202", "20x6"], [3, 4, 5, 6, 7]),
        ({"type": "boolean"}, ["true", "FALSE", "1", "0", "yes", "vrai"], [6, 7]),
        (
            {"type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
            ["oui", "non", "true"],
            [4],
        ),
        ({"format": "email"}, ["a@b.ma", "a@b", "not an@email.ma"], [3, 4]),
        ({"format": "uri"}, ["https://jiha.ma/x", "jiha.ma"], [3]),
        ({"format": "uuid"}, ["0b7c6a3e-8f4e-4c1e-9a6f-2d8d1f0e5a11", "0b7c6a3e"], [3]),
    ],
)
def test_it_reports_cells_that_do_not_parse(
    field: dict[str, Any], values: list[str], bad_rows: list[int]
) -> None:
    report = check(column(*values), {"name": "v", **field})

    assert found(report) == [(row, "v", "type-error") for row in bad_rows]


def test_it_reads_typed_values_into_the_clean_table() -> None:
    report = check(
        "i,n,d,y,b,s\n-12,2.5,2026-11-26,2026,true,Fès\n",
        {"name": "i", "type": "integer"},
        {"name": "n", "type": "number"},
        {"name": "d", "type": "date"},
        {"name": "y", "type": "year"},
        {"name": "b", "type": "boolean"},
        {"name": "s"},
    )

    assert report.valid
    assert report.table.schema == pl.Schema(
        {
            "i": pl.Int64,
            "n": pl.Float64,
            "d": pl.Date,
            "y": pl.Int32,
            "b": pl.Boolean,
            "s": pl.String,
        }
    )
    assert report.table.rows() == [(-12, 2.5, dt.date(2026, 11, 26), 2026, True, "Fès")]


def test_it_keeps_negative_numbers_as_numbers() -> None:
    report = check("balance\n-1200\n-0.5\n", {"name": "balance", "type": "number"})

    assert report.table["balance"].to_list() == [-1200.0, -0.5]


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        ({"decimalChar": ","}, "12,5", 12.5),
        ({"decimalChar": ",", "groupChar": " "}, "1 234 567,5", 1234567.5),
        ({"decimalChar": ",", "groupChar": " "}, "1\u00a0234,5", 1234.5),
        ({"decimalChar": ",", "groupChar": " "}, "1\u202f234,5", 1234.5),
        ({"decimalChar": ",", "groupChar": "."}, "1.234,5", 1234.5),
        ({"groupChar": ","}, "1,234.5", 1234.5),
        ({"bareNumber": False}, "95 MAD", 95.0),
        ({"bareNumber": False}, "€-95,5" if False else "€95.5", 95.5),
    ],
)
def test_it_reads_numbers_in_local_formats(
    field: dict[str, Any], text: str, expected: float
) -> None:
    report = check(f'n\n"{text}"\n', {"name": "n", "type": "number", **field})

    assert report.valid, report.messages("en")
    assert report.table["n"].to_list() == [expected]


def test_it_refuses_a_decimal_point_when_the_decimal_char_is_a_comma() -> None:
    report = check("n\n1.5\n", {"name": "n", "type": "number", "decimalChar": ","})

    assert found(report) == [(2, "n", "type-error")]


def test_it_reads_integers_with_a_group_char() -> None:
    report = check('n\n"1 234 567"\n', {"name": "n", "type": "integer", "groupChar": " "})

    assert report.table["n"].to_list() == [1234567]


def test_it_strips_units_around_integers_when_not_bare() -> None:
    report = check("n\n95%\n", {"name": "n", "type": "integer", "bareNumber": False})

    assert report.table["n"].to_list() == [95]


@pytest.mark.parametrize("value", ["NaN", "nan", "INF", "-INF", "inf", "Infinity", "1e400"])
def test_it_refuses_non_finite_numbers(value: str) -> None:
    report = check(
        f"n\n1\n{value}\n", {"name": "n", "type": "number", "constraints": {"maximum": 10}}
    )

    assert found(report) == [(3, "n", "non-finite")]


def test_it_accepts_non_finite_numbers_when_the_field_allows_them() -> None:
    report = check(
        "n\nNaN\n-INF\n2\n",
        {"name": "n", "type": "number", "allowNonFinite": True, "constraints": {"minimum": 0}},
    )

    assert found(report) == [(3, "n", "minimum")]


@pytest.mark.parametrize(
    "value", ["9223372036854775808", "-9223372036854775809", "123456789012345678901234"]
)
def test_it_reports_integers_beyond_int64(value: str) -> None:
    report = check(f"n\n9223372036854775807\n{value}\n", {"name": "n", "type": "integer"})

    assert found(report) == [(3, "n", "integer-overflow")]
    assert report.errors[0].value == value


@pytest.mark.parametrize(
    ("field", "values", "expected"),
    [
        ({"type": "integer", "constraints": {"minimum": 0}}, ["0", "-1"], [(3, "minimum")]),
        ({"type": "integer", "constraints": {"maximum": 10}}, ["10", "11"], [(3, "maximum")]),
        ({"type": "number", "constraints": {"minimum": 0.5}}, ["0.5", "0.49"], [(3, "minimum")]),
        (
            {"type": "date", "constraints": {"maximum": "2026-12-31"}},
            ["2026-12-31", "2027-01-01"],
            [(3, "maximum")],
        ),
        ({"type": "year", "constraints": {"minimum": 2000}}, ["2000", "1999"], [(3, "minimum")]),
        ({"constraints": {"minLength": 3}}, ["abc", "ab"], [(3, "min-length")]),
        ({"constraints": {"maxLength": 3}}, ["مغرب", "abc"], [(2, "max-length")]),
        ({"constraints": {"enum": ["a", "b"]}}, ["a", "c", "A"], [(3, "enum"), (4, "enum")]),
        ({"type": "integer", "constraints": {"enum": [1, "2"]}}, ["2", "01", "3"], [(4, "enum")]),
        (
            {"constraints": {"pattern": "[0-9]{5}"}},
            ["20000", "2000", "200000", "x20000"],
            [(3, "pattern"), (4, "pattern"), (5, "pattern")],
        ),
        ({"constraints": {"pattern": "a|b"}}, ["a", "ab"], [(3, "pattern")]),
        ({"constraints": {"required": True}}, ["x", ""], [(3, "required")]),
        (
            {"constraints": {"unique": True}},
            ["x", "y", "x", "", ""],
            [(2, "unique"), (4, "unique")],
        ),
        (
            {"type": "integer", "constraints": {"unique": True}},
            ["1", "01", "2"],
            [(2, "unique"), (3, "unique")],
        ),
    ],
)
def test_it_enforces_constraints(
    field: dict[str, Any], values: list[str], expected: list[tuple[int, str]]
) -> None:
    report = check(column(*values), {"name": "v", **field})

    assert [(row, code) for row, _column, code in found(report)] == expected


def test_it_does_not_check_constraints_on_cells_that_failed_to_parse() -> None:
    report = check(
        "n\nabc\n",
        {"name": "n", "type": "integer", "constraints": {"minimum": 0, "required": True}},
    )

    assert found(report) == [(2, "n", "type-error")]


def test_it_treats_declared_missing_values_as_empty() -> None:
    report = check(
        "a,b\nNA,-\n,x\n",
        {"name": "a", "type": "integer", "constraints": {"required": True}},
        {"name": "b", "missingValues": ["-"]},
        missingValues=["", "NA"],
    )

    assert found(report) == [(2, "a", "required"), (3, "a", "required")]
    assert report.errors[0].value == "NA"


def test_it_accepts_empty_strings_when_they_are_not_missing_values() -> None:
    report = check("a\n\n", {"name": "a", "constraints": {"required": True}}, missingValues=[])

    assert report.valid


def test_it_reports_every_row_of_a_duplicate_primary_key() -> None:
    text = (
        "region,year,jobs\nMA-01,2025,1\nMA-02,2025,2\nMA-01,2025,3\nMA-01,2026,4\nMA-01,2025,5\n"
    )

    report = check(
        text,
        {"name": "region"},
        {"name": "year", "type": "year"},
        {"name": "jobs", "type": "integer"},
        primaryKey=["region", "year"],
    )

    assert found(report) == [(row, "region, year", "primary-key") for row in (2, 4, 6)]
    assert report.errors[0].value == "MA-01, 2025"
    assert report.table["jobs"].to_list() == [2, 4]


def test_it_reports_both_rows_of_a_duplicated_single_key() -> None:
    report = check("id\n1\n2\n1\n", {"name": "id", "type": "integer"}, primaryKey="id")

    assert found(report) == [(2, "id", "primary-key"), (4, "id", "primary-key")]


def test_it_reports_unknown_region_codes_as_foreign_key_errors() -> None:
    report = check(
        "region\nMA-01\nMA-13\n\nma-01\n",
        {"name": "region"},
        foreignKeys=[{"fields": "region", "reference": {"resource": "regions", "fields": "code"}}],
    )

    assert found(report) == [(3, "region", "foreign-key"), (5, "region", "foreign-key")]
    assert "regions" in report.errors[0].message("fr")


def test_it_checks_multi_field_foreign_keys_against_tuples() -> None:
    report = validate(
        b"region,province\nMA-01,Tanger\nMA-01,Fes\n",
        {
            "fields": [{"name": "region"}, {"name": "province"}],
            "foreignKeys": [
                {
                    "fields": ["region", "province"],
                    "reference": {"resource": "provinces", "fields": ["region", "name"]},
                }
            ],
        },
        filename="p.csv",
        references={"provinces": {("MA-01", "Tanger"), ("MA-03", "Fes")}},
    )

    assert found(report) == [(3, "region, province", "foreign-key")]


def test_it_checks_self_referencing_foreign_keys() -> None:
    report = check(
        "code,parent\nA,\nB,A\nC,Z\n",
        {"name": "code"},
        {"name": "parent"},
        foreignKeys=[{"fields": "parent", "reference": {"resource": "", "fields": "code"}}],
    )

    assert found(report) == [(4, "parent", "foreign-key")]


def test_it_reports_several_rules_broken_by_one_cell() -> None:
    report = check(
        "v\nABCDEFG\n", {"name": "v", "constraints": {"maxLength": 3, "pattern": "[a-z]+"}}
    )

    assert found(report) == [(2, "v", "max-length"), (2, "v", "pattern")]


def test_it_finds_the_one_bad_row_among_a_hundred_thousand() -> None:
    lines = [f"{index},MA-{index % 12 + 1:02d},{index * 3}" for index in range(100_000)]
    lines[73_210] = "73210,MA-05,trois"
    text = "id,region,jobs\n" + "\n".join(lines) + "\n"

    report = check(
        text,
        {"name": "id", "type": "integer"},
        {"name": "region", "constraints": {"enum": sorted(REGIONS)}},
        {"name": "jobs", "type": "integer", "constraints": {"minimum": 0}},
        primaryKey="id",
    )

    assert found(report) == [(73_212, "jobs", "type-error")]
    assert report.row_count == 100_000
    assert report.table.height == 99_999
