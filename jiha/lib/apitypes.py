"""Decimal fields of API request bodies whose JSON Schema says what the server accepts.

pydantic's own schema for a ``Decimal`` allows any numeric-looking string and states neither the
number of decimals nor the bounds of the string form, so a client (or the fuzzer) can send a
schema-valid value the server refuses. These types state it all
(docs/decisions/0020-fuzzing-contract-and-backups.md).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema


def decimal_schema(
    *, digits: int, places: int = 2, positive: bool = False, signed: bool = False
) -> dict[str, Any]:
    """The JSON Schema of a decimal with at most ``digits`` digits before the point and
    ``places`` after it, as a JSON number or a string."""
    sign = "-?" if signed else ""
    pattern = rf"^{sign}[0-9]{{1,{digits}}}(\.[0-9]{{1,{places}}})?$"
    number: dict[str, Any] = {"type": "number", "maximum": 10**digits}
    number["multipleOf"] = float(Decimal(1).scaleb(-places))
    if positive:
        pattern = "^(?=.*[1-9])" + pattern[1:]
        number["exclusiveMinimum"] = 0
    elif signed:
        number["minimum"] = -(10**digits)
    else:
        number["minimum"] = 0
    return {"anyOf": [number, {"type": "string", "pattern": pattern}]}


def amount_schema(*, digits: int, positive: bool = False) -> dict[str, Any]:
    """An amount in MAD with at most 2 decimals (``decimal_schema``)."""
    return decimal_schema(digits=digits, positive=positive)


Salary = Annotated[
    Decimal,
    Field(gt=0, le=10**8, decimal_places=2),
    WithJsonSchema(amount_schema(digits=8, positive=True)),
]
Cost = Annotated[
    Decimal, Field(ge=0, le=10**8, decimal_places=2), WithJsonSchema(amount_schema(digits=8))
]
Large = Annotated[
    Decimal, Field(ge=0, le=10**12, decimal_places=2), WithJsonSchema(amount_schema(digits=12))
]
Hours = Annotated[
    Decimal,
    Field(ge=0, le=10**4, decimal_places=2),
    WithJsonSchema(decimal_schema(digits=4, places=2)),
]
# An indicator's value (a KPI's baseline or target): signed, up to 6 decimals.
IndicatorValue = Annotated[
    Decimal,
    Field(ge=-(10**17), le=10**17, decimal_places=6),
    WithJsonSchema(decimal_schema(digits=17, places=6, signed=True)),
]
# A region code of the 2015 division, MA-01 … MA-12.
REGION_PATTERN = r"^MA-(0[1-9]|1[0-2])$"
