"""Denomination: divide indicators by a size column (per capita, per km², share of GDP).

Example:
    >>> import numpy as np
    >>> denominate(np.array([[10.0], [30.0]]), np.array([[2.0], [3.0]]), scale=100.0).tolist()
    [[500.0], [1000.0]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .errors import DataError, DenominatorError
from .spec import Denomination
from .table import IndicatorTable
from .types import FloatArray

__all__ = ["denominate", "denominate_table"]


def denominate(
    values: FloatArray,
    denominators: FloatArray,
    scale: float | FloatArray = 1.0,
    *,
    columns: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
) -> FloatArray:
    """``values / denominators * scale`` column by column; a missing denominator gives NaN.

    Args:
        values: (units, k) indicator values.
        denominators: (units, k) denominator of each value.
        scale: scalar or (k,) multiplier (e.g. 1000 for "per 1,000 inhabitants").
        columns, units: names used in error messages.

    Raises:
        DenominatorError: a denominator is 0 where the value is present.

    Example:
        >>> denominate(np.array([[6.0, 1.0]]), np.array([[3.0, 4.0]]), np.array([1.0, 100.0]))
        array([[ 2., 25.]])
    """
    zero = (denominators == 0) & ~np.isnan(values)
    if zero.any():
        row, col = (int(i) for i in np.argwhere(zero)[0])
        column = columns[col] if columns is not None else f"column {col}"
        unit = units[row] if units is not None else f"row {row}"
        raise DenominatorError(
            f"the denominator of '{column}' is 0 for unit '{unit}'; fix the denominator or "
            "leave it empty (the value then counts as missing)",
            item=column,
            unit=unit,
        )
    return np.asarray(values / denominators * scale, dtype=np.float64)


def denominate_table(
    table: IndicatorTable, denominators: Mapping[str, Denomination]
) -> IndicatorTable:
    """Replace each listed indicator column by its denominated value.

    Example:
        >>> table = IndicatorTable(("a", "b"), ("gdp", "pop"), np.array([[10.0, 2.0], [9.0, 3.0]]))
        >>> denominate_table(table, {"gdp": Denomination("pop")}).column("gdp").tolist()
        [5.0, 3.0]
    """
    if not denominators:
        return table
    codes = list(denominators)
    for code in codes:
        for column in (code, denominators[code].by):
            if column not in table.columns:
                raise DataError(
                    f"denomination of '{code}' needs column '{column}', which is not in the data",
                    item=column,
                )
    positions = [table.columns.index(code) for code in codes]
    result = table.values.copy()
    result[:, positions] = denominate(
        table.values[:, positions],
        np.stack([table.column(denominators[code].by) for code in codes], axis=1),
        np.array([denominators[code].scale for code in codes]),
        columns=codes,
        units=table.units,
    )
    return IndicatorTable(table.units, table.columns, result, table.groups, table.times)
