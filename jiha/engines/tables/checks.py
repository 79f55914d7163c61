"""The vectorised checks: one polars pass casts every column and flags every rule.

Each rule is a boolean expression over the whole column (``Rule``); only the rules that fire
are then turned into error rows, so a clean file costs two passes over the data and no Python
loop over cells or rows.

Example:
    >>> from jiha.engines.tables.schema import parse_schema
    >>> schema = parse_schema({"fields": [{"name": "n", "type": "integer",
    ...                                    "constraints": {"minimum": 0}}]})
    >>> frame = pl.DataFrame({"__row": [2, 3, 4], "n": ["5", "-1", "x"]})
    >>> outcome = check_frame(frame, schema, references={}, max_errors=10)
    >>> [(e.row, e.code) for e in outcome.errors], outcome.table.rows()
    ([(3, 'minimum'), (4, 'type-error')], [(5,)])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import polars as pl

from jiha.engines.tables.casting import Cast, cast_column
from jiha.engines.tables.report import MAX_VALUE_CHARS, CellError
from jiha.engines.tables.schema import FieldSpec, ForeignKey, SchemaError, TableSchema

__all__ = ["CheckOutcome", "References", "Rule", "check_frame"]

ROW = "__row"
References = Mapping[str, Collection[str] | Collection[tuple[str, ...]]]
MAX_ENUM_SHOWN = 12


@dataclass(frozen=True, slots=True)
class Rule:
    """One check on one column (or key): ``flag`` is true on every row that breaks it."""

    column: str
    code: str
    flag: pl.Expr
    value: pl.Expr
    order: int
    params: tuple[tuple[str, str], ...] = ()
    # On the rows that break the rule, an expression choosing a more precise code.
    refine: tuple[pl.Expr, str] | None = None


@dataclass(frozen=True, slots=True)
class CheckOutcome:
    errors: list[CellError]
    error_count: int
    table: pl.DataFrame


def check_frame(
    frame: pl.DataFrame,
    schema: TableSchema,
    *,
    references: References,
    max_errors: int,
    absent: Collection[str] = (),
) -> CheckOutcome:
    """Check a frame of raw strings (``__row`` plus one column per field) against ``schema``.

    ``absent`` names optional fields the file did not have: they are null columns, not
    errors. Returns the first ``max_errors`` errors in row order and the typed rows without
    any error.

    Example:
        >>> from jiha.engines.tables.schema import parse_schema
        >>> schema = parse_schema({"fields": [{"name": "id", "type": "integer"}],
        ...                        "primaryKey": "id"})
        >>> frame = pl.DataFrame({"__row": [2, 3, 4], "id": ["7", "8", "7"]})
        >>> outcome = check_frame(frame, schema, references={}, max_errors=10)
        >>> [(e.row, e.code) for e in outcome.errors], outcome.error_count
        ([(2, 'primary-key'), (4, 'primary-key')], 2)
    """
    casts = [cast_column(spec, pl.col(spec.name)) for spec in schema.fields]
    # Pass 1 parses every column once; pass 2 evaluates every rule on the parsed columns.
    cast_frame = frame.with_columns(
        expression
        for index, cast in enumerate(casts)
        for expression in (
            cast.present.alias(f"__present{index}"),
            cast.value.alias(f"__parsed{index}"),
        )
    )
    values = [_value(cast, index) for index, cast in enumerate(casts)]
    rules = _field_rules(schema, casts, values, absent)
    rules += _key_rules(cast_frame, schema, references, values, absent)
    flagged = cast_frame.with_columns(
        rule.flag.fill_null(False).alias(f"__rule{index}") for index, rule in enumerate(rules)
    )
    flags = [f"__rule{index}" for index in range(len(rules))]
    counts = flagged.select(pl.col(flags).sum()).row(0) if flags else ()
    fired = [f"__rule{index}" for index, count in enumerate(counts) if count]
    typed = [
        value.cast(spec.dtype).alias(spec.name)
        for value, spec in zip(values, schema.fields, strict=True)
    ]
    if not fired:
        return CheckOutcome(errors=[], error_count=0, table=flagged.select(typed))
    bad = pl.any_horizontal(pl.col(fired))
    # Filter narrow frames: the offending rows for the errors, the typed columns for the table.
    errors = _errors(flagged.filter(bad), rules, fired, max_errors)
    table = flagged.select(*typed, bad.alias("__bad")).filter(~pl.col("__bad")).drop("__bad")
    return CheckOutcome(errors=errors, error_count=int(sum(counts)), table=table)


def _value(cast: Cast, index: int) -> pl.Expr:
    """The typed value used by constraints and the clean table (refused NaN/inf are null)."""
    parsed = pl.col(f"__parsed{index}")
    return pl.when(parsed.is_finite()).then(parsed) if cast.refuses_non_finite else parsed


def _field_rules(
    schema: TableSchema, casts: Sequence[Cast], values: Sequence[pl.Expr], absent: Collection[str]
) -> list[Rule]:
    rules: list[Rule] = []
    for index, (spec, cast) in enumerate(zip(schema.fields, casts, strict=True)):
        if spec.name in absent:
            continue
        shown = pl.col(spec.name).fill_null("").str.slice(0, MAX_VALUE_CHARS)
        present, parsed = pl.col(f"__present{index}"), pl.col(f"__parsed{index}")
        failed = present.is_not_null() & parsed.is_null()
        non_finite = parsed.is_not_null() & parsed.is_finite().not_()
        type_params = (("expected_kind", spec.expected_kind), ("example", spec.example))
        overflow = None if cast.overflow is None else (cast.overflow, cast.overflow_code)
        candidates: list[tuple[str, pl.Expr | None, tuple[tuple[str, str], ...]]] = [
            ("required", present.is_null() if spec.required else None, ()),
            ("non-finite", non_finite if cast.refuses_non_finite else None, ()),
            *_precision_rules(spec, cast, parsed),
            *_constraint_rules(spec, present, values[index]),
        ]
        rules.append(Rule(spec.name, "type-error", failed, shown, index, type_params, overflow))
        rules += [
            Rule(spec.name, code, flag, shown, index, params)
            for code, flag, params in candidates
            if flag is not None
        ]
    return rules


def _precision_rules(
    spec: FieldSpec, cast: Cast, parsed: pl.Expr
) -> list[tuple[str, pl.Expr | None, tuple[tuple[str, str], ...]]]:
    """Exact decimals: more decimal places or significant digits than the column keeps."""
    if cast.decimal_places is None or spec.decimal_places is None:
        return []
    places = cast.decimal_places.fill_null(spec.decimal_places + 1)  # unreadable: refused
    rules: list[tuple[str, pl.Expr | None, tuple[tuple[str, str], ...]]] = [
        (
            "decimal-places",
            parsed.is_not_null() & (places > spec.decimal_places),
            (("places", str(spec.decimal_places)),),
        )
    ]
    if spec.max_significant_digits is not None:
        digits = (
            parsed.cast(pl.String)
            .str.replace_all(r"[-.]", "")
            .str.strip_chars_start("0")
            .str.strip_chars_end("0")
            .str.len_chars()
        )
        limit = spec.max_significant_digits
        rules.append(("significant-digits", digits > limit, (("digits", str(limit)),)))
    return rules


def _constraint_rules(
    spec: FieldSpec, present: pl.Expr, value: pl.Expr
) -> list[tuple[str, pl.Expr | None, tuple[tuple[str, str], ...]]]:
    comparable = value
    if spec.type == "number" and spec.allow_non_finite:
        comparable = pl.when(value.is_nan().not_()).then(value)  # NaN is neither small nor big
    rules: list[tuple[str, pl.Expr | None, tuple[tuple[str, str], ...]]] = []
    if spec.minimum is not None:
        rules.append(("minimum", comparable < spec.minimum, (("minimum", _show(spec.minimum)),)))
    if spec.maximum is not None:
        rules.append(("maximum", comparable > spec.maximum, (("maximum", _show(spec.maximum)),)))
    if spec.exclusive_minimum is not None:
        bound = spec.exclusive_minimum
        rules.append(("exclusive-minimum", comparable <= bound, (("minimum", _show(bound)),)))
    if spec.exclusive_maximum is not None:
        bound = spec.exclusive_maximum
        rules.append(("exclusive-maximum", comparable >= bound, (("maximum", _show(bound)),)))
    length = value.str.len_chars() if spec.type == "string" else None
    if length is not None and spec.min_length is not None:
        rules.append(
            ("min-length", length < spec.min_length, (("min_length", str(spec.min_length)),))
        )
    if length is not None and spec.max_length is not None:
        rules.append(
            ("max-length", length > spec.max_length, (("max_length", str(spec.max_length)),))
        )
    if spec.enum is not None:
        shown = ", ".join(_show(item) for item in spec.enum[:MAX_ENUM_SHOWN])
        shown += ", …" if len(spec.enum) > MAX_ENUM_SHOWN else ""
        allowed = pl.Series(list(spec.enum), dtype=spec.dtype)
        rules.append(
            (
                "enum",
                value.is_not_null() & value.is_in(allowed.implode()).not_(),
                (("enum", shown),),
            )
        )
    if spec.pattern is not None:
        matches = present.str.contains(f"^(?:{spec.pattern})$")
        rules.append(("pattern", matches.not_(), (("pattern", spec.pattern),)))
    if spec.unique:
        rules.append(("unique", value.is_not_null() & value.is_duplicated(), ()))
    return rules


def _key_rules(
    frame: pl.DataFrame,
    schema: TableSchema,
    references: References,
    values: Sequence[pl.Expr],
    absent: Collection[str],
) -> list[Rule]:
    index_of = {spec.name: index for index, spec in enumerate(schema.fields)}
    rules: list[Rule] = []
    key = schema.primary_key
    if key and not set(key) & set(absent):
        keys = [values[index_of[name]] for name in key]
        complete = pl.all_horizontal(value.is_not_null() for value in keys)
        combined = keys[0] if len(keys) == 1 else pl.struct(keys)
        duplicated = complete & combined.is_duplicated()
        shown = pl.concat_str([pl.col(name).fill_null("") for name in key], separator=", ")
        order = min(index_of[name] for name in key)
        rules.append(
            Rule(
                ", ".join(key),
                "primary-key",
                duplicated,
                shown.str.slice(0, MAX_VALUE_CHARS),
                order,
            )
        )
    for foreign_key in schema.foreign_keys:
        if not set(foreign_key.fields) & set(absent):
            rules.append(_foreign_key_rule(frame, foreign_key, references, index_of))
    return rules


def _foreign_key_rule(
    frame: pl.DataFrame,
    foreign_key: ForeignKey,
    references: References,
    index_of: Mapping[str, int],
) -> Rule:
    """Values (raw text) must exist in the reference list; "" as resource means this table."""
    names = [f"__present{index_of[name]}" for name in foreign_key.fields]
    if foreign_key.resource == "":
        targets = [
            pl.col(f"__present{index_of[target]}").alias(name)
            for target, name in zip(foreign_key.reference_fields, names, strict=True)
        ]
        allowed = frame.select(targets)
    else:
        allowed = _reference_frame(foreign_key, references, names)
    complete = pl.all_horizontal(pl.col(name).is_not_null() for name in names)
    if len(names) == 1:
        missing = pl.col(names[0]).is_in(allowed.to_series().drop_nulls().implode()).not_()
    else:
        keys = allowed.select(pl.struct(names).alias("key")).to_series()
        missing = pl.struct(names).is_in(keys.implode()).not_()
    shown = pl.concat_str(
        [pl.col(name).fill_null("") for name in foreign_key.fields], separator=", "
    )
    params = (
        ("resource", foreign_key.resource),
        ("reference_field", ", ".join(foreign_key.reference_fields)),
    )
    return Rule(
        ", ".join(foreign_key.fields),
        "foreign-key",
        complete & missing,
        shown.str.slice(0, MAX_VALUE_CHARS),
        min(index_of[name] for name in foreign_key.fields),
        params,
    )


def _reference_frame(
    foreign_key: ForeignKey, references: References, names: Sequence[str]
) -> pl.DataFrame:
    if foreign_key.resource not in references:
        raise SchemaError(
            f'foreign key on {list(foreign_key.fields)} refers to resource "{foreign_key.resource}"'
            " but no reference list of that name was passed"
        )
    values = list(references[foreign_key.resource])
    if len(names) == 1:
        return pl.DataFrame(
            {names[0]: [str(value) for value in values]}, schema={names[0]: pl.String}
        )
    if not all(isinstance(value, tuple) and len(value) == len(names) for value in values):
        raise SchemaError(
            f'reference list "{foreign_key.resource}" must hold tuples of {len(names)} strings'
        )
    columns = list(zip(*values, strict=True)) if values else [() for _ in names]
    return pl.DataFrame(
        {name: [str(item) for item in column] for name, column in zip(names, columns, strict=True)},
        schema=dict.fromkeys(names, pl.String),
    )


def _errors(
    offending: pl.DataFrame, rules: Sequence[Rule], fired: Sequence[str], max_errors: int
) -> list[CellError]:
    """The first ``max_errors`` errors, in row then column order, from the offending rows.

    Every offending row holds at least one error, so the first ``max_errors`` rows are enough;
    the loop below runs over those few rows, never over the table.
    """
    if max_errors <= 0:
        return []
    indexes = sorted(
        (int(flag.removeprefix("__rule")) for flag in fired),
        key=lambda index: (rules[index].order, index),
    )
    columns: list[pl.Expr] = [pl.col(ROW)]
    for index in indexes:
        rule = rules[index]
        refined = pl.lit(False) if rule.refine is None else rule.refine[0].fill_null(False)
        columns += [pl.col(f"__rule{index}"), rule.value.fill_null(""), refined]
    head = offending.head(max_errors).select(
        column.alias(f"__{position}") for position, column in enumerate(columns)
    )
    errors: list[CellError] = []
    for record in head.iter_rows():
        for position, index in enumerate(indexes):
            broken, value, refined = record[1 + 3 * position : 4 + 3 * position]
            if broken:
                rule = rules[index]
                code = rule.refine[1] if refined and rule.refine is not None else rule.code
                errors.append(CellError(record[0], rule.column, value, code, rule.params))
    return errors[:max_errors]


def _show(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
