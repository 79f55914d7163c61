"""Numbers a database column keeps exactly: never rounded, never through a float, and refused
with a message when the column cannot hold them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl
import pytest

from jiha.engines.tables import ValidationReport, validate

# The shape of a DECIMAL(24, 6) column: 18 digits before the point, 6 after.
VALUE: dict[str, Any] = {
    "name": "value",
    "type": "number",
    "decimalPlaces": 6,
    "columnRequired": True,
    "constraints": {"exclusiveMinimum": -(10**18), "exclusiveMaximum": 10**18},
}
SCHEMA: dict[str, Any] = {"fields": [{"name": "key"}, VALUE]}


def check(*values: str, schema: dict[str, Any] = SCHEMA) -> ValidationReport:
    body = "".join(f"k{index},{value}\n" for index, value in enumerate(values))
    return validate(f"key,value\n{body}".encode(), schema, filename="v.csv", language="en")


def codes(report: ValidationReport) -> list[tuple[int, str]]:
    return [(error.row, error.code) for error in report.errors]


def test_it_keeps_integers_and_decimals_exact() -> None:
    report = check("12345678901234567", "999999999999999999.999999", "0.000001", "-5", "1.5E3")

    assert report.valid, report.messages()
    assert report.table.schema["value"] == pl.Decimal(38, 6)
    assert report.table["value"].to_list() == [
        Decimal("12345678901234567"),
        Decimal("999999999999999999.999999"),
        Decimal("0.000001"),
        Decimal("-5"),
        Decimal("1500"),
    ]


@pytest.mark.parametrize("value", ["1e-7", "0.0000001", "1.1234567", "2.50000001", "1e-99"])
def test_it_refuses_more_decimal_places_than_the_column_keeps(value: str) -> None:
    report = check(value)

    assert codes(report) == [(2, "decimal-places")]
    assert "more than 6 decimal places" in report.messages()[0]
    assert "round the value in the file" in report.messages()[0]


def test_it_ignores_trailing_zeros_when_counting_decimal_places() -> None:
    assert check("1.50000000", "1500e-3", "0.000000000").valid


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1e18", "exclusive-maximum"),
        ("1000000000000000000", "exclusive-maximum"),
        ("-1000000000000000000", "exclusive-minimum"),
        ("1e40", "number-overflow"),
    ],
)
def test_it_refuses_values_beyond_the_column_capacity(value: str, code: str) -> None:
    report = check(value)

    assert codes(report) == [(2, code)]


def test_it_names_the_bound_in_the_message() -> None:
    (message,) = check("1e18").messages()

    assert message == 'Row 2, column "value": "1e18" must be less than 1000000000000000000.'


def test_it_refuses_more_significant_digits_than_asked() -> None:
    schema = {
        "fields": [
            {"name": "key"},
            {**VALUE, "constraints": {**VALUE["constraints"], "maxSignificantDigits": 15}},
        ]
    }

    report = check("123456789012345", "12345678901234567", "0.000001", schema=schema)

    assert codes(report) == [(3, "significant-digits")]


def test_it_refuses_a_file_without_a_required_column_even_if_its_cells_may_be_empty() -> None:
    missing = validate(b"key\nk1\n", SCHEMA, filename="v.csv")
    empty_cells = validate(b"key,value\nk1,\n", SCHEMA, filename="v.csv")

    assert [(e.column, e.code) for e in missing.errors] == [("value", "missing-column")]
    assert empty_cells.valid and empty_cells.table["value"].to_list() == [None]


def test_it_reads_exact_decimals_written_with_a_decimal_comma() -> None:
    schema = {"fields": [{"name": "key"}, {**VALUE, "decimalChar": ",", "groupChar": " "}]}

    report = validate(b"key;value\nk;1 234,567891\n", schema, filename="v.csv")

    assert report.table["value"].to_list() == [Decimal("1234.567891")]
