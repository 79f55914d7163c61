"""Audit statistics of a built index (the OECD/JRC handbook's multivariate checks).

* Pearson correlations between all codes (normalised indicators and aggregates, so indicator
  directions are already applied), using the units observed for both;
* flags: siblings with ``|r| > 0.92`` (collinear, likely double counting) and items
  correlated negatively with their parent (``r < 0``, a direction or weighting problem);
* Cronbach's alpha of each aggregate's children (complete units only);
* data availability of the raw data, per unit and per indicator.

Example:
    >>> import numpy as np
    >>> round(cronbach_alpha(np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]])), 4)
    0.9474
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from .framework import Framework
from .pipeline import IndexResult
from .types import FloatArray

__all__ = [
    "Audit",
    "CorrelationFlag",
    "audit",
    "availability",
    "correlation_flags",
    "correlation_matrix",
    "cronbach_alpha",
]

#: |r| above which two siblings are flagged as collinear (COINr's default).
COLLINEAR = 0.92


@dataclass(frozen=True)
class CorrelationFlag:
    """A suspicious correlation: ``collinear`` siblings or an item ``negative`` with its parent."""

    kind: Literal["collinear", "negative"]
    first: str
    second: str
    r: float


@dataclass(frozen=True)
class Audit:
    """Audit of one result; dict values are keyed by code or unit."""

    codes: tuple[str, ...]
    correlations: FloatArray
    with_parent: dict[str, float]
    flags: tuple[CorrelationFlag, ...]
    alpha: dict[str, float]
    unit_availability: dict[str, float]
    indicator_availability: dict[str, float]


def audit(result: IndexResult, *, collinear: float = COLLINEAR) -> Audit:
    """Correlations, flags, Cronbach's alpha and availability of ``result``.

    Example:
        >>> from jiha.engines.composite import build_index
        >>> result = build_index(
        ...     {"unit": ["A", "B", "C"], "x": [1.0, 2.0, None], "y": [2.0, 4.0, 5.0]},
        ...     [{"code": "x", "level": 1, "parent": "i"}, {"code": "y", "level": 1, "parent": "i"},
        ...      {"code": "i", "level": 2}],
        ... )
        >>> audit(result).indicator_availability
        {'x': 0.6666666666666666, 'y': 1.0}
    """
    framework = result.framework
    matrix = correlation_matrix(result.scores)
    with_parent = {
        node.code: float(matrix[framework.position(node.code), framework.position(node.parent)])
        for node in framework.nodes
        if node.parent is not None
    }
    alpha = {
        code: cronbach_alpha(result.scores[:, [framework.position(c) for c in children]])
        for code in framework.codes[len(framework.indicators) :]
        if len(children := framework.children(code)) > 1
    }
    by_unit, by_indicator = availability(result.prepared.raw)
    return Audit(
        codes=framework.codes,
        correlations=matrix,
        with_parent=with_parent,
        flags=correlation_flags(matrix, framework, collinear=collinear),
        alpha=alpha,
        unit_availability=dict(zip(result.units, by_unit.tolist(), strict=True)),
        indicator_availability=dict(zip(framework.indicators, by_indicator.tolist(), strict=True)),
    )


def correlation_matrix(values: FloatArray) -> FloatArray:
    """Pearson correlations between the columns of (units, columns), pairwise complete.

    A pair with fewer than 3 common units, or a constant column, gives NaN.

    Example:
        >>> correlation_matrix(np.array([[1.0, 3.0], [2.0, 2.0], [3.0, 1.0]])).tolist()
        [[1.0, -1.0], [-1.0, 1.0]]
    """
    columns = values.shape[1]
    result = np.full((columns, columns), np.nan)
    observed = ~np.isnan(values)
    for i in range(columns):
        for j in range(i, columns):
            both = observed[:, i] & observed[:, j]
            a, b = values[both, i], values[both, j]
            if a.size >= 3 and np.ptp(a) > 0 and np.ptp(b) > 0:
                result[i, j] = result[j, i] = float(np.corrcoef(a, b)[0, 1])
    return result


def correlation_flags(
    matrix: FloatArray, framework: Framework, *, collinear: float = COLLINEAR
) -> tuple[CorrelationFlag, ...]:
    """Collinear siblings (``|r| > collinear``) and items negative with their parent.

    Example:
        >>> from jiha.engines.composite import Framework
        >>> framework = Framework.from_records([{"code": "a", "level": 1, "parent": "p"},
        ...     {"code": "b", "level": 1, "parent": "p"}, {"code": "p", "level": 2}])
        >>> matrix = np.array([[1.0, 0.95, 0.9], [0.95, 1.0, -0.2], [0.9, -0.2, 1.0]])
        >>> [(f.kind, f.first, f.second) for f in correlation_flags(matrix, framework)]
        [('collinear', 'a', 'b'), ('negative', 'b', 'p')]
    """
    flags: list[CorrelationFlag] = []
    for parent in framework.codes[len(framework.indicators) :]:
        children = framework.children(parent)
        for i, first in enumerate(children):
            for second in children[i + 1 :]:
                r = matrix[framework.position(first), framework.position(second)]
                if abs(r) > collinear:
                    flags.append(CorrelationFlag("collinear", first, second, float(r)))
        for child in children:
            r = matrix[framework.position(child), framework.position(parent)]
            if r < 0:
                flags.append(CorrelationFlag("negative", child, parent, float(r)))
    return tuple(flags)


def cronbach_alpha(children: FloatArray) -> float:
    """Cronbach's alpha of (units, items): ``k/(k-1) (1 - sum var_i / var(sum))``.

    Uses units with every item observed and sample variances; NaN below 2 items or 2 units.

    Example:
        >>> round(cronbach_alpha(np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]])), 6)
        1.0
    """
    complete = children[~np.isnan(children).any(axis=1)]
    units, items = (int(n) for n in complete.shape)
    if items < 2 or units < 2:
        return float("nan")
    total_variance = float(np.var(complete.sum(axis=1), ddof=1))
    if total_variance == 0:
        return float("nan")
    item_variance = float(np.var(complete, axis=0, ddof=1).sum())
    return float(items / (items - 1) * (1 - item_variance / total_variance))


def availability(raw: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Share of observed values per unit (rows) and per indicator (columns).

    Example:
        >>> [a.tolist() for a in availability(np.array([[1.0, np.nan], [2.0, 3.0]]))]
        [[0.5, 1.0], [1.0, 0.5]]
    """
    observed = ~np.isnan(raw)
    return observed.mean(axis=1), observed.mean(axis=0)
