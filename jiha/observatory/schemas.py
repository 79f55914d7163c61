"""The Table Schema every observation file is checked against (the import contract).

The contract also states what the database can hold, derived from the model fields: a value the
column cannot keep is refused row by row with a message, never rounded and never a server error.
"""

from __future__ import annotations

import copy
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models

from jiha.observatory.models import Observation

PERIOD_PATTERN = r"[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?"
OBSERVATION_COLUMNS = ("indicator", "territory", "period", "value")
# Django reads SQLite decimals through a float rounded to 15 significant digits (see
# DatabaseOperations.get_decimalfield_converter): more would come back changed.
SQLITE_SIGNIFICANT_DIGITS = 15

OBSERVATIONS_SCHEMA: dict[str, Any] = {
    "fields": [
        {
            "name": "indicator",
            "type": "string",
            "title": "Indicator code",
            "constraints": {"required": True},
        },
        {
            "name": "territory",
            "type": "string",
            "title": "MA (national), a region code (MA-01 … MA-12) or a province code (01.511)",
            "constraints": {"required": True},
        },
        {
            "name": "period",
            "type": "string",
            "title": "2024, 2024-Q3 or 2024-07",
            "constraints": {"required": True, "pattern": PERIOD_PATTERN},
        },
        {
            "name": "value",
            "type": "number",
            "title": "Value (empty when withheld)",
            # The column must be there: a file without it would make every cell "withheld".
            "columnRequired": True,
        },
        {
            "name": "status",
            "type": "string",
            "title": "provisional, estimated or confidential",
            "constraints": {"enum": ["provisional", "estimated", "confidential"]},
        },
        # Written by the site's own downloads, so that a downloaded file goes back up unchanged
        # as the next version; the dataset must be the one it is loaded into, the version is
        # only where it came from (the new one gets the next number).
        {
            "name": "dataset",
            "type": "string",
            "title": "Dataset (optional: the dataset this file is loaded into)",
        },
        {
            "name": "version",
            "type": "integer",
            "title": "Version it was downloaded from (optional, informative)",
            "constraints": {"minimum": 1},
        },
    ],
    "primaryKey": ["indicator", "territory", "period"],
    "foreignKeys": [
        {"fields": "indicator", "reference": {"resource": "indicators", "fields": "code"}},
        {"fields": "territory", "reference": {"resource": "territories", "fields": "code"}},
    ],
    "missingValues": [""],
}


def decimal_bounds(field: models.DecimalField[Any, Any]) -> dict[str, Any]:
    """Table Schema properties stating what a DecimalField column holds.

    Decimal places beyond the field's are refused rather than rounded (a figure changed
    without anyone knowing is worse than a file sent back); the integer part must fit the
    digits left. On SQLite, which keeps 15 significant digits, more are refused too.
    """
    whole_digits = field.max_digits - field.decimal_places
    constraints: dict[str, Any] = {
        "exclusiveMinimum": -(10**whole_digits),
        "exclusiveMaximum": 10**whole_digits,
    }
    if connection.vendor == "sqlite":
        constraints["maxSignificantDigits"] = SQLITE_SIGNIFICANT_DIGITS
    return {"decimalPlaces": field.decimal_places, "constraints": constraints}


def integer_bounds(field: models.Field[Any, Any]) -> dict[str, int]:
    """The minimum and maximum the database accepts for an integer field (its validators)."""
    bounds: dict[str, int] = {}
    for validator in field.validators:
        if isinstance(validator, MinValueValidator):
            bounds["minimum"] = int(validator.limit_value)
        elif isinstance(validator, MaxValueValidator):
            bounds["maximum"] = int(validator.limit_value)
    return bounds


def observations_schema(*, decimal_comma: bool = False) -> dict[str, Any]:
    """The observations contract, with the storage bounds of the value column."""
    return with_storage_bounds(copy.deepcopy(OBSERVATIONS_SCHEMA), decimal_comma=decimal_comma)


def with_storage_bounds(schema: dict[str, Any], *, decimal_comma: bool = False) -> dict[str, Any]:
    """A schema (the contract or one that adds constraints) that also enforces what the
    database holds: the contract's keys, and the value column's bounds and decimal places.

    A custom schema may add rules and columns; it cannot remove the contract's.
    """
    fields = schema.get("fields")
    if not isinstance(fields, list):
        return schema  # not a schema at all: the validator says what is wrong with it
    contract = {field["name"]: field for field in OBSERVATIONS_SCHEMA["fields"]}
    present = {field.get("name") for field in fields if isinstance(field, dict)}
    fields += [copy.deepcopy(field) for name, field in contract.items() if name not in present]
    for field in fields:
        base = contract.get(field.get("name")) if isinstance(field, dict) else None
        if base is None:
            continue
        field["constraints"] = {**field.get("constraints", {}), **base.get("constraints", {})}
        if field["name"] == "value":
            bounds = decimal_bounds(Observation._meta.get_field("value"))
            field.update(type="number", columnRequired=True, decimalPlaces=bounds["decimalPlaces"])
            field["constraints"].update(bounds["constraints"])
            if decimal_comma:
                field.update(decimalChar=",", groupChar=" ")
    schema["primaryKey"] = OBSERVATIONS_SCHEMA["primaryKey"]
    schema["foreignKeys"] = copy.deepcopy(OBSERVATIONS_SCHEMA["foreignKeys"])
    return schema


def with_dataset_column(schema: dict[str, Any], slug: str) -> dict[str, Any]:
    """The schema, with its optional ``dataset`` column holding only ``slug``: a file
    downloaded from another dataset is refused, row by row, rather than loaded here."""
    for field in schema.get("fields", []):
        if isinstance(field, dict) and field.get("name") == "dataset":
            field["constraints"] = {**field.get("constraints", {}), "enum": [slug]}
    return schema
