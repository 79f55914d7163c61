"""Aggregation: combine children into parents, one level at a time, vectorised.

A level is aggregated with a 0/1 *membership* matrix (children x parents) and the children's
weights, so all parents of a level are computed by matrix products, for one build or for a
batch of replications ``(replications, units, children)`` with ``(replications, children)``
weights at once. Weights are relative: each parent divides by the weights of its children
that have a value, so a missing child is skipped and the others are re-weighted (COINr's
default).

Means (weights ``w`` normalised to sum 1 over available children, ``g`` the zero guard):

* arithmetic: ``sum w x``
* geometric: ``exp(sum w log(x + g)) - g``
* harmonic: ``1 / sum (w / (x + g)) - g``
* generalised, power p: ``(sum w (x + g)^p)^(1/p) - g`` (p = 0 is the geometric mean)
* copeland: ``sum over other units j of sign(sum_c w_c sign(x_c - x_jc))``, i.e. pairwise
  wins minus losses, a pair winning when the weights of the children it is better on exceed
  those it is worse on (COINr's ``a_copeland``); children missing for either unit are skipped.

Example:
    >>> import numpy as np
    >>> x = np.array([[0.0, 100.0], [50.0, 50.0]])
    >>> membership = np.array([[1.0], [1.0]])
    >>> aggregate_level(x, np.array([3.0, 1.0]), membership, Aggregation()).tolist()
    [[25.0], [50.0]]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .errors import NonPositiveValueError
from .framework import Framework
from .spec import Aggregation
from .types import FloatArray

__all__ = ["aggregate_level", "aggregate_tree", "weighted_sum"]

#: Float64 cells of the Copeland pairwise temporaries per block of replications: blocks that
#: stay in cache (~2.4 MB) ran 2 to 4 times faster than larger ones on the benchmark machine.
_COPELAND_CHUNK = 300_000


def aggregate_level(
    x: FloatArray,
    weights: FloatArray,
    membership: FloatArray,
    method: Aggregation,
    *,
    children: Sequence[str] | None = None,
    parents: Sequence[str] | None = None,
    units: Sequence[str] | None = None,
) -> FloatArray:
    """Aggregate (..., units, children) into (..., units, parents).

    Args:
        x: children's scores; leading axes are replications and broadcast against ``weights``.
        weights: (..., children) relative weights (>= 0).
        membership: (children, parents) 0/1 matrix.
        method: the mean to use.
        children, parents, units: codes, for error messages.

    Raises:
        NonPositiveValueError: a geometric/harmonic/p <= 0 mean meets a value <= 0 (or a p > 0
            mean a negative value) after adding ``zero_guard``.

    Example:
        >>> x = np.array([[4.0, 16.0], [1.0, 1.0]])
        >>> aggregate_level(x, np.ones(2), np.ones((2, 1)), Aggregation("geometric")).round(9)
        array([[8.],
               [1.]])
    """
    if method.method == "copeland":
        return _enough_data(_copeland(x, weights, membership), x, membership, method)
    return _enough_data(
        _mean(x, weights, membership, method, children, parents, units), x, membership, method
    )


def _mean(
    x: FloatArray,
    weights: FloatArray,
    membership: FloatArray,
    method: Aggregation,
    children: Sequence[str] | None,
    parents: Sequence[str] | None,
    units: Sequence[str] | None,
) -> FloatArray:
    power = _power(method)
    guard = 0.0 if power == 1 else method.zero_guard
    shifted = x + guard if guard else x
    if power != 1:
        _check_domain(shifted, power, method, membership, children, parents, units)
    with np.errstate(divide="ignore", invalid="ignore"):
        if power == 0:
            mean = np.exp(_weighted_mean(np.log(shifted), weights, membership))
        elif power == 1:
            mean = _weighted_mean(shifted, weights, membership)
        else:
            mean = _weighted_mean(shifted**power, weights, membership) ** (1.0 / power)
    return np.asarray(mean - guard, dtype=np.float64)


def _enough_data(
    scores: FloatArray, x: FloatArray, membership: FloatArray, method: Aggregation
) -> FloatArray:
    """Missing where a unit has fewer than ``min_available`` of the informative children.

    A child is informative when some unit has a value for it (a constant indicator, left out
    of every unit, does not count against them).
    """
    if method.min_available <= 0:
        return scores
    observed = (~np.isnan(x)).astype(np.float64)
    informative = observed.max(axis=-2)
    have = observed @ membership
    total = informative @ membership
    with np.errstate(invalid="ignore", divide="ignore"):
        share = have / total[..., None, :]
    # A small margin so that 2 of 3 children meet a threshold written as 0.6667 or 2/3.
    return np.where(share >= method.min_available - 1e-9, scores, np.nan)


def aggregate_tree(
    normalised: FloatArray,
    weights: FloatArray,
    framework: Framework,
    plan: Sequence[Aggregation],
    *,
    units: Sequence[str] | None = None,
) -> list[FloatArray]:
    """Aggregate indicators up to the root.

    Args:
        normalised: (..., units, indicators) normalised indicators.
        weights: (..., codes) weights in the framework's level order.
        framework: the hierarchy.
        plan: one aggregation per level from 2 to the top (``aggregation_plan``).
        units: unit codes, for error messages.

    Returns:
        One (..., units, items at level) array per level from 2 to the top.

    Example:
        >>> framework = Framework.from_records([
        ...     {"code": "a", "level": 1, "parent": "top"},
        ...     {"code": "b", "level": 1, "parent": "top", "weight": 3},
        ...     {"code": "top", "level": 2},
        ... ])
        >>> x = np.array([[0.0, 100.0], [100.0, 0.0]])
        >>> aggregate_tree(x, framework.weights, framework, [Aggregation()])[0].tolist()
        [[75.0], [25.0]]
    """
    scores: list[FloatArray] = []
    current = normalised
    for level in range(1, framework.max_level):
        current = aggregate_level(
            current,
            weights[..., framework.level_slice(level)],
            framework.membership(level),
            plan[level - 1],
            children=framework.level_codes(level),
            parents=framework.level_codes(level + 1),
            units=units,
        )
        scores.append(current)
    return scores


def weighted_sum(values: FloatArray, weights: FloatArray, membership: FloatArray) -> FloatArray:
    """``sum over children of weight x value`` per parent: (..., units, parents).

    One (units, children) matrix against a batch of (replications, children) weights takes one
    matrix product per parent, ``(replications, its children) @ (its children, units)``: no
    loop over replications and no product with the zeros of the membership matrix.

    Example:
        >>> weighted_sum(np.array([[1.0, 2.0]]), np.array([[1.0, 1.0], [0.0, 2.0]]),
        ...              np.array([[1.0], [1.0]])).tolist()
        [[[3.0]], [[4.0]]]
    """
    n_children, n_parents = membership.shape
    if values.ndim == 2 and weights.ndim >= 2:
        # One small product per parent over its own children only: the membership matrix is
        # mostly zeros, so a dense (children, replications x parents) product wastes work.
        flat = weights.reshape(-1, n_children)
        out = np.empty((n_parents, flat.shape[0], values.shape[0]))
        for parent in range(n_parents):
            members = np.flatnonzero(membership[:, parent])
            share = flat[:, members] * membership[members, parent]
            out[parent] = share @ values[:, members].T
        stacked = np.moveaxis(out, 0, -1)
        return stacked.reshape(*weights.shape[:-1], values.shape[0], n_parents)
    weighted = values * weights[..., None, :]
    out = weighted.reshape(-1, n_children) @ membership
    return np.asarray(out.reshape(*weighted.shape[:-1], n_parents))


def _weighted_mean(values: FloatArray, weights: FloatArray, membership: FloatArray) -> FloatArray:
    missing = np.isnan(values)
    if not missing.any():
        total = weights @ membership
        return weighted_sum(values, weights, membership) / total[..., None, :]
    numerator = weighted_sum(np.where(missing, 0.0, values), weights, membership)
    denominator = weighted_sum((~missing).astype(np.float64), weights, membership)
    return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1), np.nan)


def _power(method: Aggregation) -> float:
    return {"arithmetic": 1.0, "geometric": 0.0, "harmonic": -1.0}.get(method.method, method.p)


def _check_domain(
    shifted: FloatArray,
    power: float,
    method: Aggregation,
    membership: FloatArray,
    children: Sequence[str] | None,
    parents: Sequence[str] | None,
    units: Sequence[str] | None,
) -> None:
    bad = shifted <= 0 if power <= 0 else shifted < 0
    if not bad.any():
        return
    where = np.argwhere(bad)[0]
    row, col = int(where[-2]), int(where[-1])
    child = children[col] if children is not None else f"child {col}"
    parent_col = int(np.argmax(membership[col]))
    parent = parents[parent_col] if parents is not None else f"parent {parent_col}"
    unit = units[row] if units is not None else f"unit {row}"
    value = float(shifted[tuple(where)]) - method.zero_guard
    need = "> 0" if power <= 0 else ">= 0"
    raise NonPositiveValueError(
        f"the {method.method} mean of '{parent}' needs values {need}, but '{child}' is "
        f"{value:g} for unit '{unit}' (zero_guard {method.zero_guard:g}); normalise onto a "
        "positive range such as min-max [1, 100], or set zero_guard > 0",
        item=child,
        unit=unit,
    )


def _copeland(x: FloatArray, weights: FloatArray, membership: FloatArray) -> FloatArray:
    share = weights / (weights @ membership)[..., np.argmax(membership, axis=1)]
    n_units, n_children = x.shape[-2:]
    n_parents = membership.shape[1]
    pairs = _Pairs(n_units)
    batch = np.broadcast_shapes(x.shape[:-2], share.shape[:-1])
    shares = np.broadcast_to(share, (*batch, n_children)).reshape(-1, n_children)
    step = max(1, _COPELAND_CHUNK // (pairs.count * max(n_children, n_parents)))
    if x.ndim == 2:
        # One table of pairwise comparisons serves every replication.
        signs = pairs.signs(x)
        blocks = [
            pairs.scores(weighted_sum(signs, shares[i : i + step], membership))
            for i in range(0, shares.shape[0], step)
        ]
    else:
        xs = np.broadcast_to(x, (*batch, n_units, n_children)).reshape(-1, n_units, n_children)
        blocks = [
            pairs.scores(
                weighted_sum(pairs.signs(xs[i : i + step]), shares[i : i + step], membership)
            )
            for i in range(0, shares.shape[0], step)
        ]
    scores = np.concatenate(blocks).reshape(*batch, n_units, n_parents)
    observed = (~np.isnan(x)).astype(np.float64) @ membership > 0
    return np.where(observed, scores, np.nan)


class _Pairs:
    """The unit pairs (i < j) of a Copeland comparison; (j, i) is the mirror of (i, j)."""

    def __init__(self, n_units: int) -> None:
        self.n_units = n_units
        self.first, self.second = np.triu_indices(n_units, 1)
        self.count = int(self.first.size)
        self.by_second = np.argsort(self.second, kind="stable")
        self.first_starts = np.searchsorted(self.first, np.arange(n_units - 1))
        self.second_starts = np.searchsorted(self.second[self.by_second], np.arange(1, n_units))

    def signs(self, x: FloatArray) -> FloatArray:
        """(..., units, children) -> (..., pairs, children): sign(x_i - x_j), 0 if missing."""
        signs = np.sign(x[..., self.first, :] - x[..., self.second, :])
        missing = np.isnan(signs)
        return np.where(missing, 0.0, signs) if missing.any() else signs

    def scores(self, balance: FloatArray) -> FloatArray:
        """Wins minus losses per unit from the (block, pairs, parents) weighted balance."""
        outcome = np.sign(np.where(np.abs(balance) <= 1e-9, 0.0, balance))
        scores = np.zeros((balance.shape[0], self.n_units, balance.shape[-1]))
        if self.count:
            scores[:, :-1] += np.add.reduceat(outcome, self.first_starts, axis=1)
            mirrored = outcome[:, self.by_second]
            scores[:, 1:] -= np.add.reduceat(mirrored, self.second_starts, axis=1)
        return scores
