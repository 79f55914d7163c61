"""The Table Schema every observation file is checked against (the import contract)."""

from __future__ import annotations

import copy
from typing import Any

PERIOD_PATTERN = r"[0-9]{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?"

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
        {"name": "value", "type": "number", "title": "Value (empty when withheld)"},
        {
            "name": "status",
            "type": "string",
            "title": "provisional, estimated or confidential",
            "constraints": {"enum": ["provisional", "estimated", "confidential"]},
        },
    ],
    "primaryKey": ["indicator", "territory", "period"],
    "foreignKeys": [
        {"fields": "indicator", "reference": {"resource": "indicators", "fields": "code"}},
        {"fields": "territory", "reference": {"resource": "territories", "fields": "code"}},
    ],
    "missingValues": [""],
}


def observations_schema(*, decimal_comma: bool = False) -> dict[str, Any]:
    schema = copy.deepcopy(OBSERVATIONS_SCHEMA)
    if decimal_comma:
        schema["fields"][3]["decimalChar"] = ","
        schema["fields"][3]["groupChar"] = " "
    return schema
