"""Weights: manual (metadata, with overrides), equal, optimised, and random perturbations.

Weights are vectors over the framework's codes in level order. They are relative: what counts
is each weight divided by the sum of its siblings' weights (``shares``).

Example:
    >>> framework = Framework.from_records([
    ...     {"code": "a", "level": 1, "parent": "top", "weight": 3},
    ...     {"code": "b", "level": 1, "parent": "top", "weight": 1},
    ...     {"code": "top", "level": 2},
    ... ])
    >>> shares(manual_weights(framework, {"b": 3}), framework).tolist()
    [0.5, 0.5, 1.0]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from scipy.optimize import minimize

from .aggregate import aggregate_level
from .errors import NegativeWeightError, SpecError
from .framework import Framework
from .spec import Aggregation
from .types import FloatArray

__all__ = [
    "apply_overrides",
    "correlation_shares",
    "equal_weights",
    "manual_weights",
    "optimise_weights",
    "optimised_weights",
    "perturb_weights",
    "shares",
]


def manual_weights(
    framework: Framework, overrides: Mapping[str, float] | None = None
) -> FloatArray:
    """Metadata weights with ``overrides`` (code -> weight) applied.

    Example:
        >>> framework = Framework.from_records([{"code": "a", "level": 1, "parent": "r"},
        ...     {"code": "b", "level": 1, "parent": "r"}, {"code": "r", "level": 2}])
        >>> manual_weights(framework, {"a": 4}).tolist()
        [4.0, 1.0, 1.0]
    """
    return apply_overrides(framework.weights, framework, overrides)


def apply_overrides(
    weights: FloatArray, framework: Framework, overrides: Mapping[str, float] | None
) -> FloatArray:
    """A copy of ``weights`` with ``overrides`` (code -> weight) applied.

    Raises:
        SpecError: an override names a code that is not in the metadata.
        NegativeWeightError: an override is negative, or leaves a parent without weight.

    Example:
        >>> framework = Framework.from_records([{"code": "a", "level": 1, "parent": "r"},
        ...     {"code": "b", "level": 1, "parent": "r"}, {"code": "r", "level": 2}])
        >>> apply_overrides(np.array([0.5, 0.5, 1.0]), framework, {"b": 1.5}).tolist()
        [0.5, 1.5, 1.0]
    """
    weights = np.array(weights, dtype=np.float64)
    for code, value in (overrides or {}).items():
        if code not in framework.codes:
            raise SpecError(f"weight given for '{code}', which is not in the metadata", item=code)
        if not value >= 0:
            raise NegativeWeightError(f"weight of '{code}' is {value:g}; use >= 0", item=code)
        weights[framework.position(code)] = float(value)
    for level in range(1, framework.max_level):
        totals = weights[framework.level_slice(level)] @ framework.membership(level)
        if (totals <= 0).any():
            parent = framework.level_codes(level + 1)[int(np.argmax(totals <= 0))]
            raise NegativeWeightError(
                f"all children of '{parent}' have weight 0; give at least one a positive weight",
                item=parent,
            )
    return weights


def equal_weights(framework: Framework) -> FloatArray:
    """Weight 1 for every item (equal shares among siblings).

    Example:
        >>> framework = Framework.from_records([{"code": "a", "level": 1, "parent": "r"},
        ...     {"code": "r", "level": 2}])
        >>> equal_weights(framework).tolist()
        [1.0, 1.0]
    """
    return np.ones(len(framework.codes))


def shares(weights: FloatArray, framework: Framework) -> FloatArray:
    """Each weight divided by the sum of its siblings' weights; works on (..., codes)."""
    result = np.ones_like(weights)
    for level in range(1, framework.max_level):
        part = weights[..., framework.level_slice(level)]
        totals = part @ framework.membership(level)
        result[..., framework.level_slice(level)] = (
            part / totals[..., framework.parent_positions(level)]
        )
    return result


def perturb_weights(
    weights: FloatArray, noise: float | FloatArray, count: int, rng: np.random.Generator
) -> FloatArray:
    """``count`` copies of ``weights``, each multiplied by independent U(1 - noise, 1 + noise).

    ``noise`` is one share for every weight or one per weight (0 keeps a weight fixed).

    Example:
        >>> w = perturb_weights(np.ones(3), 0.25, 1000, np.random.default_rng(0))
        >>> w.shape, bool(w.min() >= 0.75 and w.max() <= 1.25)
        ((1000, 3), True)
        >>> perturb_weights(np.ones(2), np.array([0.0, 0.5]), 2, np.random.default_rng(0))[:, 0]
        array([1., 1.])
    """
    shares = np.broadcast_to(np.asarray(noise, dtype=np.float64), weights.shape)
    if ((shares < 0) | (shares >= 1)).any():
        bad = float(shares[(shares < 0) | (shares >= 1)][0])
        raise SpecError(f"weight noise {bad:g} must be in [0, 1) (e.g. 0.25 for ±25 %)")
    factors = rng.uniform(1.0 - shares, 1.0 + shares, size=(count, weights.size))
    return np.asarray(weights * factors, dtype=np.float64)


def correlation_shares(children: FloatArray, parent: FloatArray) -> FloatArray:
    """Pearson correlation of each child column with the parent, as shares of their sum.

    Uses units observed for both; a constant column has correlation 0.

    Example:
        >>> children = np.array([[1.0, 3.0], [2.0, 1.0], [3.0, 2.0]])
        >>> correlation_shares(children, children.sum(axis=1)).round(3).tolist()
        [0.5, 0.5]
    """
    result = np.zeros(children.shape[1])
    for j in range(children.shape[1]):
        both = ~(np.isnan(children[:, j]) | np.isnan(parent))
        a, b = children[both, j], parent[both]
        if a.size > 1 and a.std() > 0 and b.std() > 0:
            result[j] = float(np.corrcoef(a, b)[0, 1])
    total = result.sum()
    return result / total if total > 0 else result


def optimise_weights(
    children: FloatArray,
    start: FloatArray,
    aggregate: Callable[[FloatArray], FloatArray],
    targets: FloatArray,
) -> FloatArray:
    """Weights of one parent's children so their correlation shares approach ``targets``.

    Minimises ``sum (share_i - target_i)^2`` over positive weights (Nelder-Mead on log
    weights, from ``start``), the parent being ``aggregate(weights)``. Deterministic.

    Args:
        children: (units, children) scores of the children.
        start: (children,) starting weights (> 0).
        aggregate: weights -> (units,) parent scores.
        targets: (children,) target shares (summing to 1).

    Returns:
        Optimised weights scaled to sum to 1.
    """
    if children.shape[1] < 2:
        return np.ones(children.shape[1])

    def loss(log_weights: FloatArray) -> float:
        weights = np.exp(log_weights)
        gap = correlation_shares(children, aggregate(weights)) - targets
        return float(gap @ gap)

    begin = np.log(np.maximum(start, 1e-6) / start.sum())
    found = minimize(
        loss, begin, method="Nelder-Mead", options={"xatol": 1e-6, "fatol": 1e-12, "maxiter": 4000}
    )
    weights = np.exp(np.asarray(found.x, dtype=np.float64))
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def optimised_weights(
    normalised: FloatArray,
    framework: Framework,
    plan: Sequence[Aggregation],
    start: FloatArray,
    targets: Mapping[str, float] | None = None,
) -> FloatArray:
    """Optimise every parent's child weights, bottom-up (``optimise_weights`` per parent).

    Args:
        normalised: (units, indicators) normalised indicators.
        framework: the hierarchy.
        plan: aggregation per level (``aggregation_plan``).
        start: starting weights in level order.
        targets: code -> target share of its parent (default equal shares among siblings).

    Returns:
        Weights in level order, each sibling group summing to 1.
    """
    weights = np.array(start, dtype=np.float64)
    current = normalised
    for level in range(1, framework.max_level):
        part = framework.level_slice(level)
        codes = framework.level_codes(level)
        positions = framework.parent_positions(level)
        level_weights = weights[part]
        for parent in range(len(framework.level_codes(level + 1))):
            members = np.flatnonzero(positions == parent)
            goal = np.array([(targets or {}).get(codes[i], 1.0) for i in members])
            level_weights[members] = optimise_weights(
                current[:, members],
                level_weights[members],
                _parent_of(current[:, members], plan[level - 1]),
                goal / goal.sum(),
            )
        weights[part] = level_weights
        current = aggregate_level(
            current, level_weights, framework.membership(level), plan[level - 1]
        )
    return weights


def _parent_of(children: FloatArray, method: Aggregation) -> Callable[[FloatArray], FloatArray]:
    single = np.ones((children.shape[1], 1))

    def aggregate(weights: FloatArray) -> FloatArray:
        return aggregate_level(children, weights, single, method)[:, 0]

    return aggregate
