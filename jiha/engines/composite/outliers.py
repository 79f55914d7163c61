"""Outlier treatment with COINr's default rule (``Treat()``).

An indicator fails when ``|skew| >= 2`` and ``kurtosis >= 3.5`` (sample skewness and excess
kurtosis, Excel's SKEW and KURT, i.e. e1071 type 2). A failing indicator is winsorised one
extreme value at a time (the highest when skew >= 0, else the lowest, replaced by the next
value) until it passes or ``winsorise_max`` points have been changed; if it still fails, the
*original* values are log-transformed instead: ``log(x - min + 0.01 (max - min))``.

The rule needs at least four observed values. It is off by default in this project: with 12
regions skew and kurtosis are too unstable to decide automatically.

Example:
    >>> from collections.abc import Sequence

import numpy as np
    >>> x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], dtype=float)
    >>> treated, how = treat_outliers(x[:, None], OutlierRule())
    >>> how, treated[-2:, 0].tolist()
    (('winsorised 1',), [30.0, 30.0])
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .spec import OutlierRule, Treatment
from .types import FloatArray

__all__ = [
    "box_cox",
    "fails_rule",
    "kurtosis",
    "log_transform",
    "skewness",
    "treat_outliers",
    "winsorise",
]


def skewness(x: FloatArray) -> float:
    """Sample skewness of the observed values (Excel SKEW); NaN below three values.

    Example:
        >>> round(skewness(np.array([1.0, 2.0, 3.0, 10.0])), 4)
        1.7636
    """
    v = x[~np.isnan(x)]
    n = v.size
    if n < 3:
        return float("nan")
    d = v - v.mean()
    m2 = float(np.sum(d**2))
    if m2 == 0:
        return 0.0
    g = np.sqrt(n) * float(np.sum(d**3)) / m2**1.5
    return float(g * np.sqrt(n * (n - 1)) / (n - 2))


def kurtosis(x: FloatArray) -> float:
    """Sample excess kurtosis of the observed values (Excel KURT); NaN below four values.

    Example:
        >>> round(kurtosis(np.array([1.0, 2.0, 3.0, 10.0])), 4)
        3.228
    """
    v = x[~np.isnan(x)]
    n = v.size
    if n < 4:
        return float("nan")
    d = v - v.mean()
    m2 = float(np.sum(d**2))
    if m2 == 0:
        return 0.0
    r = n * float(np.sum(d**4)) / m2**2
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def fails_rule(x: FloatArray, rule: OutlierRule) -> bool:
    """True when ``|skew| >= skew_threshold`` and ``kurtosis >= kurtosis_threshold``.

    Example:
        >>> fails_rule(np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100]), OutlierRule())
        True
    """
    skew, kurt = skewness(x), kurtosis(x)
    if np.isnan(kurt):
        return False
    return abs(skew) >= rule.skew_threshold and kurt >= rule.kurtosis_threshold


def winsorise(x: FloatArray, rule: OutlierRule) -> tuple[FloatArray, int]:
    """Winsorise extreme points until the rule passes or ``winsorise_max`` points changed.

    Returns the new values and the number of distinct points changed (tied extremes are
    changed together, so the count can pass ``winsorise_max`` by the size of a tie).

    Example:
        >>> x = np.array([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100])
        >>> y, changed = winsorise(x, OutlierRule())
        >>> changed, y.max()
        (1, np.float64(30.0))
    """
    y = x.copy()
    changed = 0
    while fails_rule(y, rule) and changed < rule.winsorise_max:
        observed = y[~np.isnan(y)]
        high_side = skewness(y) >= 0
        extreme = observed.max() if high_side else observed.min()
        at = y == extreme
        rest = observed[observed != extreme]
        if rest.size == 0:
            break
        y[at] = rest.max() if high_side else rest.min()
        changed = int(np.sum(y != x))
    return y, changed


def log_transform(x: FloatArray) -> FloatArray:
    """COINr's ``log_CT``: ``log(x - min + 0.01 (max - min))``, order preserving.

    Example:
        >>> log_transform(np.array([0.0, 100.0])).round(4).tolist()
        [0.0, 4.6151]
    """
    low, high = np.nanmin(x), np.nanmax(x)
    return np.asarray(np.log(x - low + 0.01 * (high - low)), dtype=np.float64)


def box_cox(x: FloatArray, lam: float) -> FloatArray:
    """Box-Cox transform after shifting the values to start at 1 (COINr's ``boxcox`` with
    ``makepos``): ``(y^lam - 1) / lam``, ``log(y)`` for lam = 0, with ``y = x - min + 1``.

    Example:
        >>> box_cox(np.array([0.0, 3.0, 8.0]), 0.5).tolist()
        [0.0, 2.0, 4.0]
    """
    shifted = x - np.nanmin(x) + 1.0
    if lam == 0:
        return np.asarray(np.log(shifted), dtype=np.float64)
    return np.asarray((shifted**lam - 1.0) / lam, dtype=np.float64)


def treat_outliers(
    values: FloatArray,
    rule: OutlierRule | None,
    treatments: Sequence[Treatment | None] | None = None,
) -> tuple[FloatArray, tuple[str, ...]]:
    """Treat each column of a (units, indicators) matrix.

    A column with its own ``treatments[j]`` gets it; the others get ``rule`` (none when
    ``rule`` is None). Returns the treated matrix and, per indicator, ``"none"``,
    ``"winsorised <k>"``, ``"log"`` or ``"boxcox <lambda>"``.

    Example:
        >>> x = np.array([[1.0, 10.0], [2.0, 100.0], [3.0, 1000.0]])
        >>> treated, how = treat_outliers(x, None, [None, Treatment("log")])
        >>> how, treated[:, 0].tolist()
        (('none', 'log'), [1.0, 2.0, 3.0])
    """
    treated = values.copy()
    how: list[str] = []
    for j in range(values.shape[1]):
        own = treatments[j] if treatments is not None else None
        column, label = _treat_column(values[:, j], own, rule)
        treated[:, j] = column
        how.append(label)
    return treated, tuple(how)


def _treat_column(
    column: FloatArray, own: Treatment | None, rule: OutlierRule | None
) -> tuple[FloatArray, str]:
    if own is not None and own.method == "log":
        return log_transform(column), "log"
    if own is not None and own.method == "boxcox":
        return box_cox(column, own.lam), f"boxcox {own.lam:g}"
    chosen = own.rule if own is not None and own.method == "winsorise" else rule
    if own is not None and own.method == "none":
        chosen = None
    if chosen is None or not fails_rule(column, chosen):
        return column, "none"
    winsorised, changed = winsorise(column, chosen)
    if fails_rule(winsorised, chosen):
        return log_transform(column), "log"
    return winsorised, f"winsorised {changed}"
