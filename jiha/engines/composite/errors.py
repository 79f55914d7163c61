"""One exception hierarchy for the composite-indicator engine.

Every error names the offending item (indicator, aggregate, unit, spec key) in ``item`` and,
when relevant, the unit in ``unit``, and its message says what to do next. The Django side maps
``CompositeError.code`` to its own application error in one place.

Example:
    >>> try:
    ...     raise UnknownParentError("parent 'economy' is not in the metadata", item="gdp")
    ... except CompositeError as error:
    ...     (error.code, error.item)
    ('unknown_parent', 'gdp')
"""

from __future__ import annotations

__all__ = [
    "AllMissingError",
    "CompositeError",
    "DataError",
    "DenominatorError",
    "DuplicateCodeError",
    "DuplicateUnitError",
    "FrameworkError",
    "HierarchyCycleError",
    "IndicatorWithoutMetadataError",
    "InvalidDirectionError",
    "LevelError",
    "MissingIndicatorError",
    "NegativeWeightError",
    "NonFiniteValueError",
    "NonPositiveValueError",
    "RootError",
    "SpecError",
    "UnknownParentError",
]


class CompositeError(Exception):
    """Base class: anything the engine refuses to compute, with an actionable message."""

    code = "composite_error"

    def __init__(self, message: str, *, item: str | None = None, unit: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.item = item
        self.unit = unit


class FrameworkError(CompositeError):
    """The indicator metadata (the hierarchy) is not a valid tree."""

    code = "framework_invalid"


class DuplicateCodeError(FrameworkError):
    """Two metadata rows share a code."""

    code = "duplicate_code"


class UnknownParentError(FrameworkError):
    """A row names a parent that has no row."""

    code = "unknown_parent"


class HierarchyCycleError(FrameworkError):
    """Following parents loops back instead of reaching the root."""

    code = "hierarchy_cycle"


class LevelError(FrameworkError):
    """A level is not an integer >= 1, a parent is not one level up, or an aggregate has no
    children."""

    code = "level_invalid"


class RootError(FrameworkError):
    """There is not exactly one item without parent."""

    code = "root_invalid"


class NegativeWeightError(FrameworkError):
    """A weight is negative, or all children of a parent weigh 0."""

    code = "negative_weight"


class InvalidDirectionError(FrameworkError):
    """A direction is neither +1 nor -1."""

    code = "direction_invalid"


class DataError(CompositeError):
    """The data table does not fit the metadata or holds unusable values."""

    code = "data_invalid"


class IndicatorWithoutMetadataError(DataError):
    """A data column is neither a level-1 indicator nor a denominator."""

    code = "indicator_without_metadata"


class MissingIndicatorError(DataError):
    """A metadata indicator has no data column."""

    code = "indicator_missing_from_data"


class DuplicateUnitError(DataError):
    """A unit has two rows (for the same period)."""

    code = "duplicate_unit"


class AllMissingError(DataError):
    """An indicator has no value for any unit."""

    code = "indicator_all_missing"


class NonFiniteValueError(DataError):
    """A value is infinite."""

    code = "non_finite_value"


class DenominatorError(DataError):
    """A denominator is zero."""

    code = "denominator_invalid"


class SpecError(CompositeError):
    """The build specification asks for something unknown or inconsistent."""

    code = "spec_invalid"


class NonPositiveValueError(CompositeError):
    """A geometric, harmonic or negative-power mean met a zero or negative value."""

    code = "non_positive_value"
