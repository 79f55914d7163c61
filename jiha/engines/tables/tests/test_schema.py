"""Descriptors are checked before any file is read: a wrong one is a clear SchemaError."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jiha.engines.tables import SchemaError, parse_schema, validate


@pytest.mark.parametrize(
    ("descriptor", "message"),
    [
        ({}, 'non-empty "fields"'),
        ({"fields": []}, 'non-empty "fields"'),
        ({"fields": [{"type": "string"}]}, "non-empty string name"),
        ({"fields": [{"name": "a", "type": "money"}]}, 'unknown type "money"'),
        ({"fields": [{"name": "__row"}]}, "reserved"),
        ({"fields": [{"name": "a"}, {"name": "a"}]}, 'field "a" is defined twice'),
        ({"fields": [{"name": "a"}], "primaryKey": "b"}, 'primaryKey names "b"'),
        ({"fields": [{"name": "a"}], "primaryKey": ["a", "a"]}, "names a field twice"),
        ({"fields": [{"name": "a", "format": "email2"}]}, 'format "email2"'),
        ({"fields": [{"name": "a", "type": "integer", "format": "%d"}]}, 'format "%d"'),
        ({"fields": [{"name": "a", "constraints": {"minimum": 1}}]}, "unsupported constraint"),
        ({"fields": [{"name": "a", "constraints": {"exotic": 1}}]}, "unsupported constraint"),
        ({"fields": [{"name": "a", "constraints": {"required": "yes"}}]}, "true or false"),
        ({"fields": [{"name": "a", "constraints": {"maxLength": -1}}]}, "non-negative"),
        (
            {"fields": [{"name": "a", "constraints": {"minLength": 5, "maxLength": 2}}]},
            "minLength is greater",
        ),
        (
            {"fields": [{"name": "a", "type": "integer", "constraints": {"minimum": "x"}}]},
            "minimum value 'x' is not a valid integer",
        ),
        (
            {
                "fields": [
                    {"name": "a", "type": "integer", "constraints": {"minimum": 9, "maximum": 1}}
                ]
            },
            "lower bound is greater",
        ),
        (
            {
                "fields": [
                    {
                        "name": "a",
                        "type": "number",
                        "constraints": {"minimum": 6, "exclusiveMaximum": 5},
                    }
                ]
            },
            "lower bound is greater",
        ),
        ({"fields": [{"name": "a", "type": "integer", "decimalPlaces": 2}]}, "only applies"),
        ({"fields": [{"name": "a", "type": "number", "decimalPlaces": 31}]}, "from 0 to 30"),
        (
            {
                "fields": [
                    {"name": "a", "type": "number", "decimalPlaces": 2, "allowNonFinite": True}
                ]
            },
            "cannot be NaN",
        ),
        (
            {
                "fields": [
                    {"name": "a", "type": "number", "constraints": {"maxSignificantDigits": 5}}
                ]
            },
            "needs decimalPlaces",
        ),
        (
            {
                "fields": [
                    {
                        "name": "a",
                        "type": "number",
                        "decimalPlaces": 2,
                        "constraints": {"maxSignificantDigits": 0},
                    }
                ]
            },
            "positive integer",
        ),
        ({"fields": [{"name": "a", "columnRequired": "yes"}]}, "true or false"),
        ({"fields": [{"name": "a", "constraints": {"enum": []}}]}, "non-empty list"),
        ({"fields": [{"name": "a", "constraints": {"pattern": "(?=a)"}}]}, "not a valid regular"),
        ({"fields": [{"name": "a", "constraints": {"pattern": "[a-"}}]}, "not a valid regular"),
        ({"fields": [{"name": "a", "type": "number", "decimalChar": ",,"}]}, "single character"),
        (
            {"fields": [{"name": "a", "type": "number", "decimalChar": ",", "groupChar": ","}]},
            "must differ",
        ),
        (
            {
                "fields": [
                    {"name": "a", "type": "boolean", "trueValues": ["1"], "falseValues": ["1"]}
                ]
            },
            "overlap",
        ),
        ({"fields": [{"name": "a"}], "missingValues": "NA"}, "list of strings"),
        (
            {
                "fields": [{"name": "a"}],
                "foreignKeys": [{"fields": "b", "reference": {"resource": "r", "fields": "c"}}],
            },
            'foreign key names "b"',
        ),
        (
            {
                "fields": [{"name": "a"}],
                "foreignKeys": [{"fields": "a", "reference": {"resource": "r", "fields": []}}],
            },
            "as many reference fields",
        ),
        ({"fields": [{"name": "a"}], "foreignKeys": [{"fields": "a"}]}, '"reference" dict'),
    ],
)
def test_it_refuses_an_invalid_descriptor(descriptor: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaError, match=message.replace("(", r"\(")):
        parse_schema(descriptor)


def test_it_applies_the_standard_defaults() -> None:
    schema = parse_schema({"fields": [{"name": "a"}, {"name": "b", "type": "boolean"}]})

    first, second = schema.fields
    assert (first.type, first.format, first.missing_values) == ("string", "default", ("",))
    assert second.true_values == ("true", "True", "TRUE", "1")


def test_it_makes_primary_key_fields_required() -> None:
    schema = parse_schema({"fields": [{"name": "a"}, {"name": "b"}], "primaryKey": ["a", "b"]})

    assert [spec.required for spec in schema.fields] == [True, True]


@pytest.mark.parametrize(
    ("field", "minimum"),
    [
        ({"type": "integer", "constraints": {"minimum": "5"}}, 5),
        ({"type": "number", "constraints": {"minimum": 0}}, 0.0),
        ({"type": "number", "decimalChar": ",", "constraints": {"minimum": "0,5"}}, 0.5),
        ({"type": "date", "constraints": {"minimum": "2020-01-01"}}, dt.date(2020, 1, 1)),
        (
            {"type": "date", "format": "%d/%m/%Y", "constraints": {"minimum": "01/02/2020"}},
            dt.date(2020, 2, 1),
        ),
        ({"type": "year", "constraints": {"minimum": 2000}}, 2000),
    ],
)
def test_it_reads_constraint_values_in_the_field_format(
    field: dict[str, Any], minimum: object
) -> None:
    schema = parse_schema({"fields": [{"name": "a", **field}]})

    assert schema.fields[0].minimum == minimum


def test_it_refuses_a_foreign_key_without_its_reference_list() -> None:
    descriptor = {
        "fields": [{"name": "region"}],
        "foreignKeys": [
            {"fields": "region", "reference": {"resource": "regions", "fields": "code"}}
        ],
    }

    with pytest.raises(SchemaError, match='resource "regions"'):
        validate(b"region\nMA-01\n", descriptor, filename="a.csv")
