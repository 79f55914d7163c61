"""Table Schema descriptors: checked once, then turned into typed field specifications.

A descriptor is a plain dict following the Frictionless Table Schema standard
(https://specs.frictionlessdata.io/table-schema/), with ``exclusiveMinimum`` and
``exclusiveMaximum`` from its version 2. Only what the validator can enforce is accepted: an
unknown type, format or constraint is a ``SchemaError`` rather than a rule that would be
silently ignored.

Three extensions say what a database column can hold, so that a value it cannot keep is
refused with a message instead of failing the load or being rounded:

- ``"decimalPlaces": n`` on a number field makes its values exact decimals (never floats) and
  refuses a value with more than ``n`` decimal places;
- the ``maxSignificantDigits`` constraint refuses values with more significant digits;
- ``"columnRequired": true`` makes the column itself mandatory while its cells may be empty.

Example:
    >>> schema = parse_schema({"fields": [{"name": "code", "constraints": {"required": True}}]})
    >>> schema.fields[0].type, schema.fields[0].required
    ('string', True)
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import polars as pl

from jiha.engines.tables.casting import DECIMAL_PRECISION, cast_column

__all__ = [
    "SUPPORTED_TYPES",
    "FieldSpec",
    "ForeignKey",
    "SchemaError",
    "TableSchema",
    "parse_schema",
]

SUPPORTED_TYPES = ("string", "integer", "number", "date", "year", "boolean")
STRING_FORMATS = ("default", "email", "uri", "uuid")
DEFAULT_TRUE_VALUES = ("true", "True", "TRUE", "1")
DEFAULT_FALSE_VALUES = ("false", "False", "FALSE", "0")
ORDERED = frozenset(
    {"required", "unique", "enum", "pattern", "minimum", "maximum"}
    | {"exclusiveMinimum", "exclusiveMaximum"}
)
CONSTRAINTS_BY_TYPE: dict[str, frozenset[str]] = {
    "string": frozenset({"required", "unique", "enum", "pattern", "minLength", "maxLength"}),
    "integer": ORDERED,
    "number": ORDERED | {"maxSignificantDigits"},
    "date": ORDERED,
    "year": ORDERED,
    "boolean": frozenset({"required", "enum", "pattern"}),
}
BOUNDS = (
    ("minimum", "minimum"),
    ("maximum", "maximum"),
    ("exclusive_minimum", "exclusiveMinimum"),
    ("exclusive_maximum", "exclusiveMaximum"),
)
# polars decimals hold 38 digits: keep at least 8 of them before the decimal point.
MAX_DECIMAL_PLACES = 30
ISO_DATE = "%Y-%m-%d"
# A date used to show users an example of a date format in messages.
EXAMPLE_DATE = dt.date(2026, 11, 26)


class SchemaError(ValueError):
    """The Table Schema descriptor itself is invalid (a programming or configuration error).

    Example:
        >>> parse_schema({"fields": [{"name": "x", "type": "money"}]})
        Traceback (most recent call last):
        ...
        jiha.engines.tables.schema.SchemaError: field "x": unknown type "money" (supported: string, integer, number, date, year, boolean)
    """  # noqa: E501


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One column of the table, as the validator enforces it."""

    name: str
    type: str = "string"
    format: str = "default"
    required: bool = False
    unique: bool = False
    minimum: Any = None
    maximum: Any = None
    exclusive_minimum: Any = None
    exclusive_maximum: Any = None
    max_significant_digits: int | None = None
    decimal_places: int | None = None
    column_required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    enum: tuple[Any, ...] | None = None
    pattern: str | None = None
    missing_values: tuple[str, ...] = ("",)
    true_values: tuple[str, ...] = DEFAULT_TRUE_VALUES
    false_values: tuple[str, ...] = DEFAULT_FALSE_VALUES
    decimal_char: str = "."
    group_char: str | None = None
    bare_number: bool = True
    allow_non_finite: bool = False

    @property
    def dtype(self) -> pl.DataType:
        """The polars type of the column once cast."""
        return {
            "string": pl.String(),
            "integer": pl.Int64(),
            "number": (
                pl.Float64()
                if self.decimal_places is None
                else pl.Decimal(DECIMAL_PRECISION, self.decimal_places)
            ),
            "date": pl.Date(),
            "year": pl.Int32(),
            "boolean": pl.Boolean(),
        }[self.type]

    @property
    def expected_kind(self) -> str:
        """The key of the "what was expected" phrase in the message catalogue."""
        if self.type == "string":
            return self.format if self.format != "default" else "string"
        return self.type

    @property
    def example(self) -> str:
        """A valid value shown to users when a cell fails to parse."""
        if self.type == "integer":
            return "42"
        if self.type == "number":
            group = self.group_char or ""
            return f"1{group}234{self.decimal_char}5"
        if self.type == "date":
            fmt = ISO_DATE if self.format in ("default", "any") else self.format
            return EXAMPLE_DATE.strftime(fmt)
        if self.type == "year":
            return "2026"
        if self.type == "boolean":
            return f"{self.true_values[0]} / {self.false_values[0]}"
        return "https://example.org" if self.format == "uri" else ""


@dataclass(frozen=True, slots=True)
class ForeignKey:
    """A foreign key: ``fields`` of this table must exist in ``resource`` (a reference list)."""

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TableSchema:
    """A checked Table Schema."""

    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    missing_values: tuple[str, ...] = ("",)
    by_name: Mapping[str, FieldSpec] = field(default_factory=dict, compare=False)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.fields)


def parse_schema(descriptor: Mapping[str, Any]) -> TableSchema:
    """Check a Table Schema descriptor and return the schema the validator enforces.

    Raises ``SchemaError`` with a message naming the faulty field or property.

    Example:
        >>> parse_schema({"fields": [{"name": "a"}], "primaryKey": "b"})
        Traceback (most recent call last):
        ...
        jiha.engines.tables.schema.SchemaError: primaryKey names "b", which is not a field
    """
    if not isinstance(descriptor, Mapping):
        raise SchemaError("a Table Schema descriptor must be a dict")
    raw_fields = descriptor.get("fields")
    if not isinstance(raw_fields, Sequence) or isinstance(raw_fields, str) or not raw_fields:
        raise SchemaError('a Table Schema needs a non-empty "fields" list')
    missing_values = _strings(descriptor.get("missingValues", [""]), "missingValues")
    primary_key = _names(descriptor.get("primaryKey", []), "primaryKey")
    specs: dict[str, FieldSpec] = {}
    for raw in raw_fields:
        spec = _parse_field(raw, missing_values)
        if spec.name in specs:
            raise SchemaError(f'field "{spec.name}" is defined twice')
        specs[spec.name] = spec
    for name in primary_key:
        if name not in specs:
            raise SchemaError(f'primaryKey names "{name}", which is not a field')
        # The standard makes primary key fields implicitly required.
        specs[name] = replace(specs[name], required=True)
    foreign_keys = tuple(_parse_foreign_key(raw, specs) for raw in _list(descriptor, "foreignKeys"))
    return TableSchema(
        fields=tuple(specs.values()),
        primary_key=primary_key,
        foreign_keys=foreign_keys,
        missing_values=missing_values,
        by_name=specs,
    )


def _parse_foreign_key(raw: Any, specs: Mapping[str, FieldSpec]) -> ForeignKey:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("reference"), Mapping):
        raise SchemaError('each foreign key needs "fields" and a "reference" dict')
    fields = _names(raw.get("fields", []), "foreignKeys.fields")
    reference = raw["reference"]
    resource = reference.get("resource", "")
    if not isinstance(resource, str):
        raise SchemaError("foreignKeys.reference.resource must be a string")
    reference_fields = _names(reference.get("fields", []), "foreignKeys.reference.fields")
    if not fields or len(fields) != len(reference_fields):
        raise SchemaError(
            "a foreign key needs as many reference fields as fields, and at least one"
        )
    for name in fields:
        if name not in specs:
            raise SchemaError(f'foreign key names "{name}", which is not a field')
    if resource == "":
        for name in reference_fields:
            if name not in specs:
                raise SchemaError(f'self-referencing foreign key names "{name}", not a field')
    return ForeignKey(fields=fields, resource=resource, reference_fields=reference_fields)


def _list(descriptor: Mapping[str, Any], key: str) -> list[Any]:
    value = descriptor.get(key, [])
    if not isinstance(value, list):
        raise SchemaError(f'"{key}" must be a list')
    return value


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise SchemaError(f"{what} must be a list of strings")
    return tuple(value)


def _names(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    names = _strings(value, what)
    if len(set(names)) != len(names):
        raise SchemaError(f"{what} names a field twice")
    return names


def _parse_field(raw: Any, missing_values: tuple[str, ...]) -> FieldSpec:
    if not isinstance(raw, Mapping):
        raise SchemaError("each field must be a dict")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SchemaError("each field needs a non-empty string name")
    if name.startswith("__"):
        raise SchemaError(f'field "{name}": names starting with "__" are reserved')
    where = f'field "{name}"'
    kind = raw.get("type", "string")
    if kind not in SUPPORTED_TYPES:
        raise SchemaError(
            f'{where}: unknown type "{kind}" (supported: {", ".join(SUPPORTED_TYPES)})'
        )
    fmt = _check_format(kind, raw.get("format", "default"), where)
    constraints = raw.get("constraints", {})
    if not isinstance(constraints, Mapping):
        raise SchemaError(f"{where}: constraints must be a dict")
    unknown = set(constraints) - CONSTRAINTS_BY_TYPE[kind]
    if unknown:
        raise SchemaError(f"{where}: unsupported constraint(s) for {kind}: {sorted(unknown)}")
    spec = FieldSpec(
        name=name,
        type=kind,
        format=fmt,
        required=_flag(constraints, "required", where),
        unique=_flag(constraints, "unique", where),
        min_length=_length(constraints, "minLength", where),
        max_length=_length(constraints, "maxLength", where),
        pattern=_pattern(constraints.get("pattern"), where),
        missing_values=_strings(raw.get("missingValues", list(missing_values)), where),
        true_values=_strings(raw.get("trueValues", list(DEFAULT_TRUE_VALUES)), where),
        false_values=_strings(raw.get("falseValues", list(DEFAULT_FALSE_VALUES)), where),
        decimal_char=_char(raw.get("decimalChar", "."), where, "decimalChar"),
        group_char=_char(raw["groupChar"], where, "groupChar") if raw.get("groupChar") else None,
        bare_number=_flag(raw, "bareNumber", where, default=True),
        allow_non_finite=_flag(raw, "allowNonFinite", where),
        max_significant_digits=_count(constraints, "maxSignificantDigits", where),
        decimal_places=_decimal_places(kind, raw.get("decimalPlaces"), where),
        column_required=_flag(raw, "columnRequired", where),
    )
    _check_coherence(spec, where)
    return _with_typed_constraints(spec, constraints, where)


def _check_format(kind: str, fmt: Any, where: str) -> str:
    if not isinstance(fmt, str):
        raise SchemaError(f"{where}: format must be a string")
    if kind == "string" and fmt in STRING_FORMATS:
        return fmt
    if kind == "date" and (fmt in ("default", "any") or "%" in fmt):
        return fmt
    if kind not in ("string", "date") and fmt == "default":
        return fmt
    raise SchemaError(f'{where}: format "{fmt}" is not supported for type {kind}')


def _flag(source: Mapping[str, Any], key: str, where: str, *, default: bool = False) -> bool:
    value = source.get(key, default)
    if not isinstance(value, bool):
        raise SchemaError(f"{where}: {key} must be true or false")
    return value


def _length(constraints: Mapping[str, Any], key: str, where: str) -> int | None:
    value = constraints.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise SchemaError(f"{where}: {key} must be a non-negative integer")
    return value


def _count(constraints: Mapping[str, Any], key: str, where: str) -> int | None:
    value = _length(constraints, key, where)
    if value == 0:
        raise SchemaError(f"{where}: {key} must be a positive integer")
    return value


def _decimal_places(kind: str, value: Any, where: str) -> int | None:
    if value is None:
        return None
    if kind != "number":
        raise SchemaError(f"{where}: decimalPlaces only applies to numbers")
    if (
        not isinstance(value, int)
        or isinstance(value, bool)
        or not 0 <= value <= MAX_DECIMAL_PLACES
    ):
        raise SchemaError(
            f"{where}: decimalPlaces must be an integer from 0 to {MAX_DECIMAL_PLACES}"
        )
    return value


def _char(value: Any, where: str, key: str) -> str:
    if not isinstance(value, str) or len(value) != 1:
        raise SchemaError(f"{where}: {key} must be a single character")
    return value


def _pattern(value: Any, where: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise SchemaError(f"{where}: pattern must be a string")
    try:
        pl.Series([""]).str.contains(f"^(?:{value})$")
    except pl.exceptions.ComputeError as error:
        raise SchemaError(f"{where}: pattern {value!r} is not a valid regular expression") from (
            error
        )
    return value


def _check_coherence(spec: FieldSpec, where: str) -> None:
    if spec.group_char is not None and spec.group_char == spec.decimal_char:
        raise SchemaError(f"{where}: decimalChar and groupChar must differ")
    if set(spec.true_values) & set(spec.false_values):
        raise SchemaError(f"{where}: trueValues and falseValues overlap")
    if spec.decimal_places is not None and spec.allow_non_finite:
        raise SchemaError(f"{where}: exact decimals (decimalPlaces) cannot be NaN or infinite")
    if spec.max_significant_digits is not None and spec.decimal_places is None:
        raise SchemaError(f"{where}: maxSignificantDigits needs decimalPlaces")
    if (
        spec.min_length is not None
        and spec.max_length is not None
        and spec.min_length > spec.max_length
    ):
        raise SchemaError(f"{where}: minLength is greater than maxLength")


def _with_typed_constraints(
    spec: FieldSpec, constraints: Mapping[str, Any], where: str
) -> FieldSpec:
    bounds = {
        attribute: _typed_bound(spec, constraints.get(key), where, key) for attribute, key in BOUNDS
    }
    lower = [bounds[a] for a in ("minimum", "exclusive_minimum") if bounds[a] is not None]
    upper = [bounds[a] for a in ("maximum", "exclusive_maximum") if bounds[a] is not None]
    if lower and upper and max(lower) > min(upper):
        raise SchemaError(f"{where}: the lower bound is greater than the upper bound")
    enum = constraints.get("enum")
    typed_enum: tuple[Any, ...] | None = None
    if enum is not None:
        if not isinstance(enum, list) or not enum:
            raise SchemaError(f"{where}: enum must be a non-empty list")
        typed_enum = tuple(_typed_value(spec, value, where, "enum") for value in enum)
    return replace(spec, **bounds, enum=typed_enum)


def _typed_bound(spec: FieldSpec, value: Any, where: str, key: str) -> Any:
    return None if value is None else _typed_value(spec, value, where, key)


def _typed_value(spec: FieldSpec, value: Any, where: str, key: str) -> Any:
    """Read a constraint value: native JSON values, or strings in the field's own format."""
    if spec.type == "string":
        if not isinstance(value, str):
            raise SchemaError(f"{where}: {key} values must be strings")
        return value
    if spec.type == "boolean" and isinstance(value, bool):
        return value
    if spec.type in ("integer", "year") and isinstance(value, int) and not isinstance(value, bool):
        return value
    if spec.type == "number" and isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) and not spec.allow_non_finite:
            raise SchemaError(f"{where}: {key} must be finite")
        if spec.decimal_places is not None:  # exact: 10**18 stays 10**18
            return Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        return float(value)
    if spec.type == "date" and isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        frame = pl.DataFrame({spec.name: [value]}, schema={spec.name: pl.String})
        parsed = frame.select(cast_column(spec, pl.col(spec.name)).value).item()
        if parsed is not None:
            return parsed
    raise SchemaError(f"{where}: {key} value {value!r} is not a valid {spec.type}")
