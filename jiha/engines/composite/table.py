"""The data table: COINr's ``iData`` as unit codes plus a float matrix.

Rows are units (or unit x period rows for panel data), columns are indicator codes (plus any
denominator columns). Missing values are NaN; infinities are refused.

Example:
    >>> table = IndicatorTable.from_columns({
    ...     "unit": ["MA-01", "MA-02"],
    ...     "gdp": [10.0, None],
    ... })
    >>> table.columns, table.values.tolist()
    (('gdp',), [[10.0], [nan]])
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .errors import DataError, DuplicateUnitError, NonFiniteValueError
from .types import FloatArray

__all__ = ["IndicatorTable"]


@dataclass(frozen=True)
class IndicatorTable:
    """Units x columns of floats, optionally with a group and a time (period) per row.

    Attributes:
        units: unit code of each row.
        columns: column codes (indicators and denominators).
        values: float matrix (rows x columns), NaN for missing.
        groups: optional group of each row (for group-mean/median imputation).
        times: optional period of each row (panel data); a unit appears once per period.
    """

    units: tuple[str, ...]
    columns: tuple[str, ...]
    values: FloatArray
    groups: tuple[str, ...] | None = None
    times: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        values = np.array(self.values, dtype=np.float64)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "units", tuple(str(u) for u in self.units))
        object.__setattr__(self, "columns", tuple(str(c) for c in self.columns))
        if values.shape != (len(self.units), len(self.columns)):
            raise DataError(
                f"the value matrix is {values.shape} but there are {len(self.units)} unit rows "
                f"and {len(self.columns)} columns"
            )
        for name, extra in (("groups", self.groups), ("times", self.times)):
            if extra is not None and len(extra) != len(self.units):
                raise DataError(f"{name} has {len(extra)} entries for {len(self.units)} rows")
        self._check_duplicates()
        self._check_finite()

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Sequence[object]],
        *,
        unit: str = "unit",
        group: str = "group",
        time: str = "time",
    ) -> IndicatorTable:
        """Build a table from a dict of columns (e.g. ``polars.DataFrame.to_dict()``).

        The ``unit`` column is required; ``group`` and ``time`` are used when present; every
        other column must be numeric (None and NaN mean missing).

        Example:
            >>> IndicatorTable.from_columns(
            ...     {"unit": ["a", "a"], "time": [2023, 2024], "x": [1, 2]}
            ... ).times
            (2023, 2024)
        """
        if unit not in columns:
            raise DataError(f"the data has no '{unit}' column; it must hold the unit codes")
        units = tuple(str(u) for u in columns[unit])
        codes = [code for code in columns if code not in (unit, group, time)]
        matrix = np.empty((len(units), len(codes)))
        for j, code in enumerate(codes):
            matrix[:, j] = [_cell(value, code, units[i]) for i, value in enumerate(columns[code])]
        groups = tuple(str(g) for g in columns[group]) if group in columns else None
        times = tuple(int(str(t)) for t in columns[time]) if time in columns else None
        return cls(units, tuple(codes), matrix, groups, times)

    @property
    def is_panel(self) -> bool:
        """True when rows carry a period (time column)."""
        return self.times is not None

    def column(self, code: str) -> FloatArray:
        """The values of one column."""
        if code not in self.columns:
            raise DataError(f"the data has no column '{code}'", item=code)
        return self.values[:, self.columns.index(code)]

    def unit_codes(self) -> tuple[str, ...]:
        """Distinct unit codes in order of first appearance."""
        return tuple(dict.fromkeys(self.units))

    def unit_groups(self) -> tuple[str, ...] | None:
        """The group of each distinct unit (a unit must keep one group across periods)."""
        if self.groups is None:
            return None
        seen: dict[str, str] = {}
        for unit, group in zip(self.units, self.groups, strict=True):
            if seen.setdefault(unit, group) != group:
                raise DataError(
                    f"unit '{unit}' is in group '{seen[unit]}' and '{group}'; a unit keeps one "
                    "group",
                    unit=unit,
                )
        return tuple(seen[unit] for unit in self.unit_codes())

    def latest_time(self) -> int | None:
        """The most recent period, or None for cross-sectional data."""
        return None if self.times is None else max(self.times)

    def cross_section(self, time: int | None = None) -> IndicatorTable:
        """One row per unit at ``time`` (default: latest period); absent units get NaN rows.

        Example:
            >>> panel = IndicatorTable(("a", "a", "b"), ("x",), np.array([[1.0], [2.0], [5.0]]),
            ...                        times=(2023, 2024, 2023))
            >>> panel.cross_section().values.tolist()
            [[2.0], [nan]]
        """
        if self.times is None:
            return self
        at = self.latest_time() if time is None else time
        if at not in self.times:
            raise DataError(f"the data has no row for period {at}", item=str(at))
        units = self.unit_codes()
        values = np.full((len(units), len(self.columns)), np.nan)
        row_of = {unit: i for i, unit in enumerate(units)}
        for row, (unit, period) in enumerate(zip(self.units, self.times, strict=True)):
            if period == at:
                values[row_of[unit]] = self.values[row]
        return IndicatorTable(units, self.columns, values, self.unit_groups())

    def _check_duplicates(self) -> None:
        keys: list[object] = list(self.units)
        if self.times is not None:
            keys = list(zip(self.units, self.times, strict=True))
        seen: set[object] = set()
        for key in keys:
            if key in seen:
                raise DuplicateUnitError(
                    f"unit row {key!r} appears twice; give each unit one row"
                    + (" per period" if self.times is not None else ""),
                    unit=str(key),
                )
            seen.add(key)
        if len(set(self.columns)) != len(self.columns):
            raise DataError("the data has two columns with the same code; codes must be unique")

    def _check_finite(self) -> None:
        bad = np.argwhere(np.isinf(self.values))
        if bad.size:
            row, col = (int(i) for i in bad[0])
            when = f" in period {self.times[row]}" if self.times is not None else ""
            raise NonFiniteValueError(
                f"'{self.columns[col]}' is infinite for unit '{self.units[row]}'{when}; "
                "fix the source value or leave it empty (missing)",
                item=self.columns[col],
                unit=self.units[row],
            )


def _cell(value: object, code: str, unit: str) -> float:
    if value is None or value == "":
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise DataError(
            f"'{code}' for unit '{unit}' is {value!r}, which is not a number; "
            "use a number or leave it empty",
            item=code,
            unit=unit,
        ) from None
