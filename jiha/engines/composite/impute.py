"""Imputation of missing values (NaN), column by column.

Cross-sectional methods fill a unit's missing value with the mean or median of the other units
(``mean``, ``median``) or of the units in its group (``group_mean``, ``group_median``; a group
with no observed value falls back to all units). The panel method ``latest`` carries each
unit's last observation forward in time (LOCF), never backward.

Example:
    >>> import numpy as np
    >>> impute(np.array([[1.0], [np.nan], [5.0]]), "mean").ravel().tolist()
    [1.0, 3.0, 5.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import SpecError
from .spec import ImputationMethod
from .table import IndicatorTable
from .types import FloatArray, IntArray

__all__ = ["carry_forward", "impute", "impute_latest"]


def impute(
    values: FloatArray, method: ImputationMethod, *, groups: Sequence[str] | None = None
) -> FloatArray:
    """Fill NaN in a (units, indicators) matrix with a cross-sectional statistic.

    Args:
        values: (units, indicators) matrix.
        method: ``none``, ``mean``, ``median``, ``group_mean`` or ``group_median``.
        groups: group of each unit, required by the group methods.

    Example:
        >>> x = np.array([[1.0], [3.0], [np.nan], [10.0], [np.nan]])
        >>> impute(x, "group_median", groups=["n", "n", "n", "s", "s"]).ravel().tolist()
        [1.0, 3.0, 2.0, 10.0, 10.0]
    """
    if method == "none":
        return values.copy()
    if method == "latest":
        raise SpecError("'latest' imputation needs panel data; use impute_latest on the table")
    overall = _column_statistic(values, "median" if method.endswith("median") else "mean")
    fill = np.broadcast_to(overall, values.shape)
    if method.startswith("group_"):
        if groups is None:
            raise SpecError(
                f"'{method}' imputation needs a group for each unit; add a group column"
            )
        fill = _group_fill(values, groups, method.removeprefix("group_"), overall)
    return np.where(np.isnan(values), fill, values)


def _column_statistic(values: FloatArray, statistic: str) -> FloatArray:
    observed = ~np.isnan(values)
    count = observed.sum(axis=0)
    if statistic == "mean":
        total = np.where(observed, values, 0.0).sum(axis=0)
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)
    result = np.full(values.shape[1], np.nan)
    for j in np.flatnonzero(count):
        result[j] = np.median(values[observed[:, j], j])
    return result


def _group_fill(
    values: FloatArray, groups: Sequence[str], statistic: str, overall: FloatArray
) -> FloatArray:
    labels, member = np.unique(np.asarray(groups, dtype=str), return_inverse=True)
    per_group = np.stack(
        [_column_statistic(values[member == g], statistic) for g in range(labels.size)]
    )
    fill = per_group[member]
    return np.where(np.isnan(fill), overall, fill)


def carry_forward(values: FloatArray, units: Sequence[str], times: Sequence[int]) -> FloatArray:
    """Last observation carried forward within each unit, rows in any order.

    Example:
        >>> x = np.array([[1.0], [np.nan], [np.nan], [4.0]])
        >>> carry_forward(x, ["a", "a", "b", "b"], [2022, 2023, 2022, 2023]).ravel().tolist()
        [1.0, 1.0, nan, 4.0]
    """
    order = np.lexsort((np.asarray(times), np.asarray(units, dtype=str)))
    sorted_values = values[order]
    sorted_units = np.asarray(units, dtype=str)[order]
    starts = np.r_[True, sorted_units[1:] != sorted_units[:-1]]
    rows = np.arange(len(order), dtype=np.int64)[:, None]
    source: IntArray = np.where(~np.isnan(sorted_values) | starts[:, None], rows, 0)
    source = np.maximum.accumulate(source, axis=0)
    filled = np.take_along_axis(sorted_values, source, axis=0)
    result = np.empty_like(values)
    result[order] = filled
    return result


def impute_latest(table: IndicatorTable, time: int | None = None) -> IndicatorTable:
    """The cross-section at ``time`` (default latest) with each gap filled by the unit's latest
    earlier observation.

    Example:
        >>> panel = IndicatorTable(("a", "a", "b"), ("x",), np.array([[1.0], [np.nan], [5.0]]),
        ...                        times=(2023, 2024, 2024))
        >>> impute_latest(panel).values.ravel().tolist()
        [1.0, 5.0]
    """
    if table.times is None:
        raise SpecError("'latest' imputation needs panel data: add a time column to the table")
    at = table.latest_time() if time is None else time
    keep = np.asarray(table.times) <= at
    units = tuple(u for u, k in zip(table.units, keep, strict=True) if k)
    times = tuple(t for t, k in zip(table.times, keep, strict=True) if k)
    filled = carry_forward(table.values[keep], units, times)
    unit_codes = table.unit_codes()
    values = np.full((len(unit_codes), len(table.columns)), np.nan)
    latest: dict[str, int] = {}
    for row, (unit, period) in enumerate(zip(units, times, strict=True)):
        if unit not in latest or period > times[latest[unit]]:
            latest[unit] = row
    for i, unit in enumerate(unit_codes):
        if unit in latest:
            values[i] = filled[latest[unit]]
    return IndicatorTable(unit_codes, table.columns, values, table.unit_groups())
