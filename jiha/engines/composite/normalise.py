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
    "borda",
    "distance_to_max",
    "distance_to_reference",
    "distance_to_target",
    "fraction_of_max",
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
    units: Sequence[str] | None = None,
) -> FloatArray:
    """Normalise a (..., units, indicators) array with one method for all indicators.

    Args:
        values: raw (denominated, imputed, treated) values.
        spec: the method and its output range.
        directions: (indicators,) +1 or -1.
        targets: (indicators,) targets, required by ``target``.
        posts: (indicators, 2) lower and upper goalposts, required by ``goalposts``.
        names: indicator codes, for error messages.
        units: unit codes, required by ``dist2ref`` to find its reference unit.

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
    if spec.method in ("dist2max", "fracmax", "dist2ref"):
        return _onto_range(_relative(oriented, spec, units), spec)
    if spec.method == "borda":
        return borda(oriented)
    if spec.method == "minmax":
        return minmax(oriented, spec.low, spec.high)
    if spec.method == "zscore":
        return zscore(oriented, spec.center, spec.scale)
    if spec.method == "rank":
        return rank_ascending(oriented)
    return percentile_rank(oriented, spec.low, spec.high)


def _relative(oriented: FloatArray, spec: Normalisation, units: Sequence[str] | None) -> FloatArray:
    """The [0, 1] methods measured against the best value or a reference unit."""
    if spec.method == "dist2max":
        return distance_to_max(oriented)
    if spec.method == "fracmax":
        return fraction_of_max(oriented)
    if units is None or spec.reference not in units:
        raise SpecError(
            f"'dist2ref' normalisation refers to unit '{spec.reference}', which is not in the "
            "data; name one of the units",
            item=spec.reference,
            unit=spec.reference,
        )
    return distance_to_reference(oriented, units.index(spec.reference), cap=spec.cap)


def _onto_range(share: FloatArray, spec: Normalisation) -> FloatArray:
    return np.asarray(spec.low + (spec.high - spec.low) * share, dtype=np.float64)


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


def borda(x: FloatArray) -> FloatArray:
    """Borda scores: how many units score lower (``rank - 1``, COINr's ``n_borda``).

    Example:
        >>> borda(np.array([[5.0], [1.0], [5.0], [9.0]])).ravel().tolist()
        [1.0, 0.0, 1.0, 3.0]
    """
    return rank_ascending(x) - 1.0


def distance_to_max(x: FloatArray) -> FloatArray:
    """``1 - (max - x) / (max - min)`` in [0, 1] (COINr's ``n_dist2max``); NaN if constant.

    Example:
        >>> distance_to_max(np.array([[2.0], [4.0], [10.0]])).ravel().tolist()
        [0.0, 0.25, 1.0]
    """
    best = np.nanmax(x, axis=-2, keepdims=True)
    spread = best - np.nanmin(x, axis=-2, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(spread > 0, 1 - (best - x) / spread, np.nan), dtype=np.float64)


def distance_to_reference(x: FloatArray, reference: int, *, cap: bool = True) -> FloatArray:
    """``1 - (ref - x) / (ref - min)``: 1 at the reference unit's value, 0 at the worst
    (COINr's ``n_dist2ref``); with ``cap`` units beyond the reference score 1.

    Args:
        x: (..., units, indicators), higher is better.
        reference: position of the reference unit on the units axis.

    Example:
        >>> distance_to_reference(np.array([[2.0], [6.0], [10.0]]), 1).ravel().tolist()
        [0.0, 1.0, 1.0]
    """
    target = np.take(x, [reference], axis=-2)
    span = target - np.nanmin(x, axis=-2, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(span > 0, 1 - (target - x) / span, np.nan)
    return np.asarray(np.minimum(share, 1.0) if cap else share, dtype=np.float64)


def fraction_of_max(x: FloatArray) -> FloatArray:
    """``x / max`` (COINr's ``n_fracmax``): meaningful for positive values; NaN if max is 0.

    Example:
        >>> fraction_of_max(np.array([[2.0], [5.0], [10.0]])).ravel().tolist()
        [0.2, 0.5, 1.0]
    """
    best = np.nanmax(x, axis=-2, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(np.where(best != 0, x / best, np.nan), dtype=np.float64)
