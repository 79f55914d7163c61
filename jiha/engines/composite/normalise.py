"""Normalisation: bring each indicator onto a common scale where higher is better.

Every function works column by column over the *units* axis (second to last), so the same
code normalises one ``(units, indicators)`` matrix or a ``(replications, units, indicators)``
batch. Missing values stay missing and are ignored by the column statistics.

Directions: for ``minmax``, ``zscore``, ``rank`` and ``percentile`` the values are multiplied
by the indicator direction (+1/-1) first, as COINr does; ``target`` and ``goalposts`` use the
raw values with a formula per direction (COINr's ``n_dist2targ`` and ``n_goalposts``), so
targets and goalposts are written in the indicator's own unit.

Example:
    >>> import numpy as np
    >>> x = np.array([[10.0, 4.0], [20.0, 12.0], [30.0, 8.0], [50.0, 10.0]])
    >>> normalise(x, Normalisation("minmax"), directions=np.array([1.0, -1.0])).tolist()
    [[0.0, 100.0], [25.0, 0.0], [50.0, 50.0], [100.0, 25.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import SpecError
from .spec import Normalisation
from .types import FloatArray

__all__ = [
    "distance_to_target",
    "goalposts",
    "minmax",
    "normalise",
    "percentile_rank",
    "rank_ascending",
    "zscore",
]


def normalise(
    values: FloatArray,
    spec: Normalisation,
    *,
    directions: FloatArray,
    targets: FloatArray | None = None,
    posts: FloatArray | None = None,
    names: Sequence[str] | None = None,
) -> FloatArray:
    """Normalise a (..., units, indicators) array with one method for all indicators.

    Args:
        values: raw (denominated, imputed, treated) values.
        spec: the method and its output range.
        directions: (indicators,) +1 or -1.
        targets: (indicators,) targets, required by ``target``.
        posts: (indicators, 2) lower and upper goalposts, required by ``goalposts``.
        names: indicator codes, for error messages.

    Example:
        >>> normalise(np.array([[1.0], [3.0], [2.0]]), Normalisation("rank"),
        ...           directions=np.array([-1.0])).ravel().tolist()
        [3.0, 1.0, 2.0]
    """
    if spec.method == "target":
        return distance_to_target(
            values,
            _required(targets, "target", names),
            directions,
            cap=spec.cap,
            low=spec.low,
            high=spec.high,
            names=names,
        )
    if spec.method == "goalposts":
        posts = _required(posts, "goalposts", names)
        return goalposts(
            values,
            posts[:, 0],
            posts[:, 1],
            directions,
            cap=spec.cap,
            low=spec.low,
            high=spec.high,
            names=names,
        )
    oriented = values * directions
    if spec.method == "minmax":
        return minmax(oriented, spec.low, spec.high)
    if spec.method == "zscore":
        return zscore(oriented, spec.center, spec.scale)
    if spec.method == "rank":
        return rank_ascending(oriented)
    return percentile_rank(oriented, spec.low, spec.high)


def _required(parameter: FloatArray | None, what: str, names: Sequence[str] | None) -> FloatArray:
    if parameter is None or np.isnan(parameter).any():
        missing = 0 if parameter is None else int(np.argwhere(np.isnan(parameter))[0][0])
        name = names[missing] if names is not None else f"indicator {missing}"
        raise SpecError(
            f"'{what}' normalisation needs a {what} for every indicator; '{name}' has none "
            f"(add it to the metadata)",
            item=name,
        )
    return parameter


def minmax(x: FloatArray, low: float = 0.0, high: float = 100.0) -> FloatArray:
    """Scale each column onto ``[low, high]``; a constant column sits at the middle.

    Example:
        >>> minmax(np.array([[1.0], [3.0], [5.0]]), 0, 10).ravel().tolist()
        [0.0, 5.0, 10.0]
    """
    lowest = np.nanmin(x, axis=-2, keepdims=True)
    spread = np.nanmax(x, axis=-2, keepdims=True) - lowest
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(spread > 0, (x - lowest) / spread, 0.5)
    return np.asarray(low + (high - low) * np.where(np.isnan(x), np.nan, share), dtype=np.float64)


def zscore(x: FloatArray, center: float = 0.0, scale: float = 1.0) -> FloatArray:
    """Standardise each column (sample standard deviation, n - 1); constant columns -> center.

    Example:
        >>> zscore(np.array([[1.0], [2.0], [3.0]])).ravel().tolist()
        [-1.0, 0.0, 1.0]
    """
    mean = np.nanmean(x, axis=-2, keepdims=True)
    count = np.sum(~np.isnan(x), axis=-2, keepdims=True)
    sd = np.sqrt(np.nansum((x - mean) ** 2, axis=-2, keepdims=True) / np.maximum(count - 1, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sd > 0, (x - mean) / sd, 0.0)
    return np.asarray(center + scale * np.where(np.isnan(x), np.nan, z), dtype=np.float64)


def rank_ascending(x: FloatArray) -> FloatArray:
    """Rank within each column, 1 = lowest; ties share the lowest rank (R's ``ties = "min"``).

    Example:
        >>> rank_ascending(np.array([[5.0], [1.0], [5.0], [np.nan]])).ravel().tolist()
        [2.0, 1.0, 2.0, nan]
    """
    below = x[..., None, :, :] < x[..., :, None, :]
    ranks = 1.0 + below.sum(axis=-2)
    return np.where(np.isnan(x), np.nan, ranks)


def percentile_rank(x: FloatArray, low: float = 0.0, high: float = 100.0) -> FloatArray:
    """``(rank - 1) / (n - 1)`` onto ``[low, high]`` (COINr's ``n_prank``), n = observed units.

    Example:
        >>> percentile_rank(np.array([[5.0], [1.0], [9.0]])).ravel().tolist()
        [50.0, 0.0, 100.0]
    """
    count = np.sum(~np.isnan(x), axis=-2, keepdims=True)
    share = np.where(count > 1, (rank_ascending(x) - 1) / np.maximum(count - 1, 1), 0.5)
    return np.asarray(low + (high - low) * share, dtype=np.float64)


def distance_to_target(
    x: FloatArray,
    targets: FloatArray,
    directions: FloatArray,
    *,
    cap: bool = True,
    low: float = 0.0,
    high: float = 100.0,
    names: Sequence[str] | None = None,
) -> FloatArray:
    """Progress from the worst observed value to the target, onto ``[low, high]``.

    ``(x - min) / (target - min)`` for direction +1, ``(max - x) / (max - target)`` for -1;
    with ``cap`` values beyond the target score ``high``.

    Example:
        >>> distance_to_target(np.array([[2.0], [6.0], [12.0]]), np.array([10.0]),
        ...                    np.array([1.0])).ravel().tolist()
        [0.0, 50.0, 100.0]
    """
    worst = np.where(
        directions > 0, np.nanmin(x, axis=-2, keepdims=True), np.nanmax(x, axis=-2, keepdims=True)
    )
    span = (targets - worst) * directions
    if (span <= 0).any():
        j = int(np.argwhere(span <= 0)[0][-1])
        name = names[j] if names is not None else f"indicator {j}"
        raise SpecError(
            f"the target of '{name}' ({targets[j]:g}) is not better than the worst observed "
            "value; set a target beyond the observed range",
            item=name,
        )
    share = (x - worst) * directions / span
    if cap:
        share = np.minimum(share, 1.0)
    return np.asarray(low + (high - low) * share, dtype=np.float64)


def goalposts(
    x: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    directions: FloatArray,
    *,
    cap: bool = True,
    low: float = 0.0,
    high: float = 100.0,
    names: Sequence[str] | None = None,
) -> FloatArray:
    """Fraction of the way between fixed goalposts, onto ``[low, high]``.

    ``(x - lower) / (upper - lower)`` for direction +1, ``(upper - x) / (upper - lower)`` for
    -1; with ``cap`` values outside the goalposts are truncated to them.

    Example:
        >>> goalposts(np.array([[0.0], [5.0], [20.0]]), np.array([0.0]), np.array([10.0]),
        ...           np.array([-1.0])).ravel().tolist()
        [100.0, 50.0, 0.0]
    """
    if (upper <= lower).any():
        j = int(np.argwhere(upper <= lower)[0][0])
        name = names[j] if names is not None else f"indicator {j}"
        raise SpecError(
            f"goalposts of '{name}' are [{lower[j]:g}, {upper[j]:g}]; the upper goalpost must be "
            "above the lower one (direction says which end is better)",
            item=name,
        )
    share = np.where(directions > 0, x - lower, upper - x) / (upper - lower)
    if cap:
        share = np.clip(share, 0.0, 1.0)
    return np.asarray(low + (high - low) * share, dtype=np.float64)
