"""Hiring outlook: simple, explainable forecasts, picked and published by back-test.

For each series (hires per period for one region and occupation family), three methods a
reader can check by hand are compared (ADR 0017):

* **seasonal naive**: the value of the same season one year earlier (the previous value for
  yearly series);
* **mean of last k** (k = 3): the average of the last three periods;
* **linear trend**: a least-squares line through the last (up to) six periods, one step on.

Each is back-tested *rolling origin, one step ahead*: for every past period from the fourth
on, forecast it from the periods before it only, and measure the mean absolute percentage
error (MAPE; periods with zero hires are left out of the mean). The method with the lowest
error gives the forecast (never below zero). A forecast is ``published`` only when its
error is at most ``max_error`` and the series has at least ``min_history`` periods.

Periods are "2025" (yearly), "2025-S1" (semesters), "2025-Q3" (quarters) or "2025-07"
(months), ascending and without gaps (give 0 for a period without hires).

Example:
    >>> f = forecast_hires([Series("MA-03|dev", ("2023-S1", "2023-S2", "2024-S1", "2024-S2",
    ...     "2025-S1", "2025-S2"), (10.0, 20.0, 11.0, 21.0, 12.0, 22.0))])[0]
    >>> f.period, f.value, f.method, round(f.backtest_error or 0, 3), f.published
    ('2026-S1', 12.0, 'seasonal naive', 0.059, True)
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import numpy as np

from .errors import MatchingError
from .types import Forecast, Series

__all__ = ["METHODS", "forecast_hires"]

_K = 3
_TREND_WINDOW = 6
_FIRST_TARGET = 3  # back-test from the fourth period: every method can forecast it
_PATTERNS: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(r"^(\d{4})$"), 1, "{year}"),
    (re.compile(r"^(\d{4})-S([1-2])$"), 2, "{year}-S{sub}"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), 4, "{year}-Q{sub}"),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), 12, "{year}-{sub:02d}"),
)


def _seasonal_naive(history: Sequence[float], season: int) -> float | None:
    return history[-season] if len(history) >= season else None


def _mean_last(history: Sequence[float], season: int) -> float | None:
    return sum(history[-_K:]) / _K if len(history) >= _K else None


def _trend(history: Sequence[float], season: int) -> float | None:
    if len(history) < 3:
        return None
    y = np.asarray(history[-_TREND_WINDOW:], dtype=float)
    x = np.arange(len(y), dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    return float(intercept + slope * len(y))


METHODS: tuple[tuple[str, Callable[[Sequence[float], int], float | None]], ...] = (
    ("seasonal naive", _seasonal_naive),
    (f"mean of last {_K}", _mean_last),
    ("linear trend", _trend),
)


def _parse(series: Series) -> tuple[int, str]:
    """The season length and the label of the period after the last one."""
    if not series.values or len(series.periods) != len(series.values):
        raise MatchingError(
            f"series {series.key}: give one value per period (at least one period)",
            code="bad_series",
        )
    for pattern, season, template in _PATTERNS:
        matches = [pattern.match(p) for p in series.periods]
        if all(matches):
            indices = [
                int(m.group(1)) * season + (int(m.group(2)) - 1 if season > 1 else 0)
                for m in matches
                if m
            ]
            for before, after, label in zip(indices, indices[1:], series.periods[1:], strict=False):
                if after != before + 1:
                    raise MatchingError(
                        f"series {series.key}: period {label} does not follow the one before; "
                        "periods must be ascending without gaps (give 0 hires explicitly)",
                        code="bad_series",
                    )
            following = indices[-1] + 1
            year, sub = divmod(following, season)
            return season, template.format(year=year, sub=sub + 1)
    raise MatchingError(
        f"series {series.key}: periods must all look like 2025, 2025-S1, 2025-Q1 or 2025-01",
        code="bad_series",
    )


def _backtest(
    values: Sequence[float],
    season: int,
    method: Callable[[Sequence[float], int], float | None],
) -> float | None:
    errors = []
    for t in range(_FIRST_TARGET, len(values)):
        predicted = method(values[:t], season)
        if predicted is None or values[t] == 0:
            continue
        errors.append(abs(values[t] - max(predicted, 0.0)) / abs(values[t]))
    return sum(errors) / len(errors) if errors else None


def forecast_hires(
    series: Sequence[Series], *, max_error: float = 0.25, min_history: int = 4
) -> list[Forecast]:
    """Next-period forecast for each series, published when its back-tested MAPE is low.

    Raises ``MatchingError`` naming the series when its periods or values are unusable.

    Example:
        >>> f = forecast_hires([Series("k", ("2024", "2025"), (3.0, 4.0))])[0]
        >>> f.period, f.value, f.backtest_error, f.published
        ('2026', 4.0, None, False)
    """
    out = []
    for one in series:
        season, following = _parse(one)
        values = [float(v) for v in one.values]
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise MatchingError(
                f"series {one.key}: hires must be finite and zero or more", code="bad_series"
            )
        best: tuple[float, str, float] | None = None  # error, method, forecast
        for name, method in METHODS:
            error = _backtest(values, season, method)
            value = method(values, season)
            if error is None or value is None:
                continue
            if best is None or error < best[0]:
                best = (error, name, max(value, 0.0))
        if best is None:
            out.append(Forecast(one.key, following, values[-1], None, False, "last value"))
            continue
        error, name, value = best
        published = error <= max_error and len(values) >= min_history
        out.append(Forecast(one.key, following, round(value, 6), error, published, name))
    return out
