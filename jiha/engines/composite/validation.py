"""External validation: how an index's scores go with an outcome measured outside it.

The OECD/JRC Handbook (2008, step 10, "links to other indicators") checks a composite against
a measure of what it claims to explain, e.g. a competitiveness index for offshoring against
where offshoring jobs are. Only the units with both a score and an outcome count (nothing is
filled in); Spearman's rho (ranks, ties averaged) is the headline, being robust to a skewed
outcome, Pearson's r is given beside it. Below three pairs there is no correlation to give.

Example:
    >>> import numpy as np
    >>> check = correlate(np.array([10.0, 40.0, 30.0, np.nan]), np.array([1.0, 9.0, 4.0, 2.0]))
    >>> check.n, round(check.spearman, 3), round(check.pearson, 3)
    (3, 1.0, 0.945)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .types import FloatArray

__all__ = ["MIN_PAIRS", "Correlation", "average_ranks", "correlate"]

#: Fewest units with both values for a correlation to be given.
MIN_PAIRS = 3


@dataclass(frozen=True)
class Correlation:
    """Spearman's rho and Pearson's r over ``n`` units (NaN below ``MIN_PAIRS`` pairs or when
    one side is constant)."""

    n: int
    spearman: float
    pearson: float

    @property
    def available(self) -> bool:
        """True when there is a correlation to give."""
        return not math.isnan(self.spearman)


def average_ranks(x: FloatArray) -> FloatArray:
    """Ranks 1..n in ascending order, ties sharing their average rank (Spearman's convention).

    Example:
        >>> average_ranks(np.array([3.0, 1.0, 3.0, 2.0])).tolist()
        [3.5, 1.0, 3.5, 2.0]
    """
    order = np.argsort(x, kind="stable")
    ranks = np.empty(x.size, dtype=np.float64)
    ranks[order] = np.arange(1, x.size + 1, dtype=np.float64)
    for value in np.unique(x):
        tied = x == value
        if tied.sum() > 1:
            ranks[tied] = ranks[tied].mean()
    return ranks


def _pearson(x: FloatArray, y: FloatArray) -> float:
    dx, dy = x - x.mean(), y - y.mean()
    spread = math.sqrt(float((dx * dx).sum()) * float((dy * dy).sum()))
    return math.nan if spread == 0 else float((dx * dy).sum()) / spread


def correlate(scores: FloatArray, outcome: FloatArray) -> Correlation:
    """Spearman and Pearson correlations of ``scores`` with ``outcome`` over the units where
    both are known.

    Example:
        >>> correlate(np.array([1.0, 2.0]), np.array([2.0, 1.0])).available
        False
    """
    if scores.shape != outcome.shape:
        raise ValueError(f"{scores.shape} scores against {outcome.shape} outcomes")
    both = ~(np.isnan(scores) | np.isnan(outcome))
    x, y = scores[both], outcome[both]
    n = int(both.sum())
    if n < MIN_PAIRS:
        return Correlation(n, math.nan, math.nan)
    return Correlation(n, _pearson(average_ranks(x), average_ranks(y)), _pearson(x, y))
