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
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from jiha.engines.tables.schema import FieldSpec

__all__ = ["Cast", "cast_column"]

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


@dataclass(frozen=True, slots=True)
class Cast:
    """Expressions describing one column once cast.

    ``present`` is the raw string with missing values turned into nulls; ``value`` the typed
    value (null when missing or unparsable; NaN and infinities kept for numbers). ``overflow``,
    for integers, tells a failed cell that is a well-formed integer out of the int64 range: it
    is meant to be evaluated on the failed rows only. ``refuses_non_finite`` is true for a
    number field that does not allow NaN or infinities.
    """

    present: pl.Expr
    value: pl.Expr
    overflow: pl.Expr | None = None
    refuses_non_finite: bool = False

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
        return Cast(present, _number(spec, present), refuses_non_finite=not spec.allow_non_finite)
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


def _number(spec: FieldSpec, present: pl.Expr) -> pl.Expr:
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
    return text.cast(pl.Float64, strict=False)


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
