"""Casting a column of raw strings to its Table Schema type, as polars expressions.

Every cell is read as a string (null for an empty cell); these expressions turn a column into
typed values without a Python loop. A cell that is present (not a missing value) but comes out
null did not parse.

Example:
    >>> from jiha.engines.tables.schema import FieldSpec
    >>> frame = pl.DataFrame({"n": ["1 234,5", None, "abc"]})
    >>> spec = FieldSpec("n", "number", decimal_char=",", group_char=" ")
    >>> cast = cast_column(spec, pl.col("n"))
    >>> frame.select(cast.value, cast.failed.alias("failed")).rows()
    [(1234.5, False), (None, False), (None, True)]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import polars as pl

__all__ = ["Cast", "cast_column", "written_decimal_places"]

INTEGER_SYNTAX = r"^[+-]?[0-9]+$"
ISO_DATE_SYNTAX = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# Formats tried, in order, by the "any" date format: ISO first, then the day-first forms used
# in Morocco. Month-first dates are deliberately not guessed.
ANY_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d")
STRING_FORMAT_SYNTAX = {
    "email": r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    "uri": r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+$",
    "uuid": r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
}
# French typography groups digits with a (narrow) no-break space, which spreadsheets keep.
SPACE_VARIANTS = (" ", "\u00a0", "\u202f")
NUMBER_PARTS = r"^[+-]?(?<whole>[0-9]*)(?:\.(?<fraction>[0-9]*))?(?:[eE](?<exponent>[+-]?[0-9]+))?$"
# The digits of a polars decimal (its precision); the scale is the field's decimalPlaces.
DECIMAL_PRECISION = 38


class FieldSpec(Protocol):
    """What casting reads of a field (``schema.FieldSpec`` has it): casting sits below the
    schema module, which parses descriptors and uses casting to read constraint values."""

    @property
    def type(self) -> str: ...
    @property
    def format(self) -> str: ...
    @property
    def decimal_places(self) -> int | None: ...
    @property
    def missing_values(self) -> tuple[str, ...]: ...
    @property
    def true_values(self) -> tuple[str, ...]: ...
    @property
    def false_values(self) -> tuple[str, ...]: ...
    @property
    def decimal_char(self) -> str: ...
    @property
    def group_char(self) -> str | None: ...
    @property
    def bare_number(self) -> bool: ...
    @property
    def allow_non_finite(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Cast:
    """Expressions describing one column once cast.

    ``present`` is the raw string with missing values turned into nulls; ``value`` the typed
    value (null when missing or unparsable; NaN and infinities kept for numbers). ``overflow``
    tells a failed cell that is a well-formed number too large for its type (reported as
    ``overflow_code``): it is meant to be evaluated on the failed rows only.
    ``refuses_non_finite`` is true for a number field that does not allow NaN or infinities.
    ``decimal_places``, for exact decimals, is how many decimal places the cell was written
    with (the cast itself would round silently).
    """

    present: pl.Expr
    value: pl.Expr
    overflow: pl.Expr | None = None
    overflow_code: str = "integer-overflow"
    refuses_non_finite: bool = False
    decimal_places: pl.Expr | None = None

    @property
    def failed(self) -> pl.Expr:
        """True for a present cell that did not parse."""
        return self.present.is_not_null() & self.value.is_null()


def cast_column(spec: FieldSpec, raw: pl.Expr) -> Cast:
    """Return the expressions casting ``raw`` (a string column) per the field ``spec``.

    Example:
        >>> from jiha.engines.tables.schema import FieldSpec
        >>> cast = cast_column(FieldSpec("y", "year"), pl.col("y"))
        >>> pl.DataFrame({"y": ["2026", "26"]}).select(cast.value).to_series().to_list()
        [2026, None]
    """
    present = _present(spec, raw)
    if spec.type == "integer":
        text = _without_group_char(spec, present)
        text = text if spec.bare_number else _strip_non_numeric(text)
        overflow = text.str.contains(INTEGER_SYNTAX)
        return Cast(present, text.cast(pl.Int64, strict=False), overflow=overflow)
    if spec.type == "number":
        text = _number_text(spec, present)
        if spec.decimal_places is not None:
            return _exact_decimal(spec, present, text)
        value = text.cast(pl.Float64, strict=False)
        return Cast(present, value, refuses_non_finite=not spec.allow_non_finite)
    if spec.type == "boolean":
        value = (
            pl.when(present.is_in(list(spec.true_values)))
            .then(True)
            .when(present.is_in(list(spec.false_values)))
            .then(False)
        )
        return Cast(present, value)
    if spec.type == "date":
        return Cast(present, _date(spec, present))
    if spec.type == "year":
        # Four digits, checked without a regular expression: four bytes that cast to an
        # integer, without a sign ("+999" casts to 999, below 1000, and does not start with 0).
        year = present.cast(pl.Int32, strict=False)
        four_digits = ((year >= 1000) | present.str.starts_with("0")) & (year >= 0)
        return Cast(present, pl.when((present.str.len_bytes() == 4) & four_digits).then(year))
    if spec.format in STRING_FORMAT_SYNTAX:
        syntax = present.str.contains(STRING_FORMAT_SYNTAX[spec.format])
        return Cast(present, pl.when(syntax).then(present))
    return Cast(present, present)


def _exact_decimal(spec: FieldSpec, present: pl.Expr, text: pl.Expr) -> Cast:
    """A number kept as an exact decimal (never a float on its way to the database)."""
    places = spec.decimal_places or 0
    value = text.cast(pl.Decimal(DECIMAL_PRECISION, places), strict=False)
    too_large = text.cast(pl.Float64, strict=False).is_finite()
    return Cast(
        present,
        value,
        overflow=too_large,
        overflow_code="number-overflow",
        decimal_places=written_decimal_places(text),
    )


def written_decimal_places(text: pl.Expr) -> pl.Expr:
    """How many decimal places a number was written with, trailing zeros aside.

    Exponents count: "1e-7" has 7, "1500e-3" has 1. Null when it cannot be told (an exponent
    too long to read). Only the rare cells with an exponent pay for a regular expression.

    Example:
        >>> frame = pl.DataFrame({"t": ["12.50", "1e-7", "1500e-3", "2E3", "0.000", "7", ".5"]})
        >>> frame.select(written_decimal_places(pl.col("t"))).to_series().to_list()
        [1, 7, 1, -3, 0, 0, 1]
    """
    exponent = text.str.contains("e", literal=True) | text.str.contains("E", literal=True)
    return (
        pl.when(exponent)
        .then(_places_with_exponent(pl.when(exponent).then(text)))
        .otherwise(_places_without_exponent(text))
    )


def _places_without_exponent(text: pl.Expr) -> pl.Expr:
    significant = text.str.strip_chars_end("0")
    point = significant.str.find(".", literal=True).cast(pl.Int64)
    digits_after = significant.str.len_bytes().cast(pl.Int64) - point - 1
    return pl.when(point.is_null()).then(0).otherwise(digits_after)


def _places_with_exponent(text: pl.Expr) -> pl.Expr:
    parts = text.str.extract_groups(NUMBER_PARTS)
    whole, fraction = parts.struct.field("whole"), parts.struct.field("fraction").fill_null("")
    shift = parts.struct.field("exponent").cast(pl.Int64, strict=False)
    significant_fraction = fraction.str.strip_chars_end("0").str.len_chars().cast(pl.Int64)
    whole_zeros = whole.str.len_chars() - whole.str.strip_chars_end("0").str.len_chars()
    return (
        pl.when(significant_fraction > 0)
        .then(significant_fraction - shift)
        .when(whole.str.strip_chars_start("0") == "")
        .then(0)  # zero has no decimal places, whatever its exponent
        .otherwise(-whole_zeros.cast(pl.Int64) - shift)
    )


def _number_text(spec: FieldSpec, present: pl.Expr) -> pl.Expr:
    """The number as polars reads it: no group separator, a decimal point, no unit."""
    text = _without_group_char(spec, present)
    if spec.decimal_char != ".":
        # With a decimal comma, a dot that is not the group separator is a mistake, not a
        # decimal point: "1.5" must not silently become 1.5 (or 15).
        stray_dot = text.str.contains(".", literal=True)
        text = pl.when(stray_dot.not_()).then(
            text.str.replace(spec.decimal_char, ".", literal=True)
        )
    if not spec.bare_number:
        text = _strip_non_numeric(text)
    return text


def _present(spec: FieldSpec, raw: pl.Expr) -> pl.Expr:
    """The raw text with missing values as nulls; in ``raw`` an empty cell is already null."""
    if spec.missing_values == ("",):
        return raw  # the common case costs nothing
    text = raw.fill_null("")
    return pl.when(text.is_in(list(spec.missing_values)).not_()).then(text)


def _without_group_char(spec: FieldSpec, text: pl.Expr) -> pl.Expr:
    if spec.group_char is not None:
        variants = SPACE_VARIANTS if spec.group_char == " " else (spec.group_char,)
        for char in variants:
            text = text.str.replace_all(char, "", literal=True)
    return text


def _strip_non_numeric(text: pl.Expr) -> pl.Expr:
    """Drop a currency or unit around a number ("95 MAD", "€95", "12%"), as bareNumber=false."""
    return text.str.replace(r"^[^0-9+\-.]+", "").str.replace(r"[^0-9.]+$", "")


def _date(spec: FieldSpec, present: pl.Expr) -> pl.Expr:
    if spec.format == "default":
        iso = present.str.contains(ISO_DATE_SYNTAX)
        return pl.when(iso).then(present.str.to_date("%Y-%m-%d", strict=False, cache=False))
    if spec.format == "any":
        iso = present.str.contains(ISO_DATE_SYNTAX)
        candidates = [
            pl.when(iso).then(present.str.to_date(ANY_DATE_FORMATS[0], strict=False, cache=False)),
            *(present.str.to_date(fmt, strict=False, cache=False) for fmt in ANY_DATE_FORMATS[1:]),
        ]
        return pl.coalesce(candidates)
    return present.str.to_date(spec.format, strict=False, cache=False)
