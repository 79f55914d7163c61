"""Every aggregation, against values computed by hand, and the zero guard.

Three units with two children each: u1 = (4, 16), u2 = (1, 1), u3 = (2, 8).
"""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import (
    Aggregation,
    Framework,
    NonPositiveValueError,
    SpecError,
    aggregate_level,
    aggregate_tree,
    weighted_sum,
)

X = np.array([[4.0, 16.0], [1.0, 1.0], [2.0, 8.0]])
ONE_PARENT = np.array([[1.0], [1.0]])

HAND = [
    # method, weights, expected per unit
    (Aggregation("arithmetic"), [1, 1], [10, 1, 5]),
    (Aggregation("arithmetic"), [3, 1], [7, 1, 3.5]),  # (3 x 4 + 16) / 4
    (Aggregation("geometric"), [1, 1], [8, 1, 4]),  # sqrt(4 x 16)
    (Aggregation("geometric"), [3, 1], [2**2.5, 1, 2**1.5]),  # 4^0.75 16^0.25 = 2^2.5
    (Aggregation("harmonic"), [1, 1], [6.4, 1, 3.2]),  # 2 / (1/4 + 1/16)
    (Aggregation("generalised", p=2), [1, 1], [np.sqrt(136), 1, np.sqrt(34)]),
    (Aggregation("generalised", p=0), [1, 1], [8, 1, 4]),  # p = 0 is the geometric mean
    (Aggregation("generalised", p=-1), [1, 1], [6.4, 1, 3.2]),  # p = -1 is the harmonic mean
    # u1 beats u2 and u3 on both children: +2; u2 loses both: -2; u3: +1 - 1
    (Aggregation("copeland"), [1, 1], [2, -2, 0]),
]


@pytest.mark.parametrize(("method", "weights", "expected"), HAND)
def test_it_aggregates_like_the_hand_computation(
    method: Aggregation, weights: list[float], expected: list[float]
) -> None:
    result = aggregate_level(X, np.array(weights, dtype=float), ONE_PARENT, method)
    np.testing.assert_allclose(result[:, 0], expected, rtol=1e-12)


def test_it_counts_weighted_pairwise_wins_in_copeland() -> None:
    # u4 = (10, 0) is better than u1 = (4, 16) on the first child only
    x = np.array([[4.0, 16.0], [10.0, 0.0]])
    equal = aggregate_level(x, np.array([1.0, 1.0]), ONE_PARENT, Aggregation("copeland"))
    first = aggregate_level(x, np.array([3.0, 1.0]), ONE_PARENT, Aggregation("copeland"))
    assert equal[:, 0].tolist() == [0.0, 0.0]  # one child each: a draw
    assert first[:, 0].tolist() == [-1.0, 1.0]  # the first child weighs more


def test_it_skips_a_missing_child_and_reweights_the_others() -> None:
    x = np.array([[np.nan, 16.0], [np.nan, np.nan]])
    arithmetic = aggregate_level(x, np.array([1.0, 3.0]), ONE_PARENT, Aggregation())
    geometric = aggregate_level(x, np.array([1.0, 3.0]), ONE_PARENT, Aggregation("geometric"))
    assert arithmetic[0, 0] == 16.0 and geometric[0, 0] == pytest.approx(16.0)
    assert np.isnan(arithmetic[1, 0]) and np.isnan(geometric[1, 0])


def test_it_refuses_a_geometric_mean_over_zero_naming_indicator_and_unit() -> None:
    x = np.array([[50.0, 10.0], [0.0, 100.0]])
    with pytest.raises(NonPositiveValueError) as raised:
        aggregate_level(
            x,
            np.ones(2),
            ONE_PARENT,
            Aggregation("geometric"),
            children=["gdp", "jobs"],
            parents=["economy"],
            units=["MA-01", "MA-02"],
        )
    assert (raised.value.item, raised.value.unit) == ("gdp", "MA-02")
    assert "geometric mean of 'economy'" in str(raised.value)
    assert "'gdp' is 0 for unit 'MA-02'" in str(raised.value)
    assert "zero_guard" in str(raised.value)


@pytest.mark.parametrize("method", ["harmonic", "geometric"])
def test_it_refuses_negative_values_in_a_positive_mean(method: str) -> None:
    with pytest.raises(NonPositiveValueError, match="-1"):
        aggregate_level(np.array([[-1.0, 2.0]]), np.ones(2), ONE_PARENT, Aggregation(method))  # type: ignore[arg-type]


def test_it_shifts_values_by_the_zero_guard() -> None:
    x = np.array([[0.0, 100.0]])
    result = aggregate_level(x, np.ones(2), ONE_PARENT, Aggregation("geometric", zero_guard=1))
    assert result[0, 0] == pytest.approx(np.sqrt(101) - 1)  # sqrt(1 x 101) - 1


def test_it_refuses_a_negative_zero_guard() -> None:
    with pytest.raises(SpecError, match="zero_guard"):
        Aggregation("geometric", zero_guard=-1)


def test_it_aggregates_a_batch_like_one_replication_at_a_time(tiny_framework: Framework) -> None:
    rng = np.random.default_rng(7)
    x = rng.uniform(1, 100, size=(4, 3))
    weights = rng.uniform(0.5, 1.5, size=(5, 6))
    for method in ("arithmetic", "geometric", "harmonic", "copeland"):
        plan = [Aggregation(method)] * 2
        together = aggregate_tree(x, weights, tiny_framework, plan)
        for r in range(5):
            alone = aggregate_tree(x, weights[r], tiny_framework, plan)
            for level in range(2):
                np.testing.assert_allclose(together[level][r], alone[level], rtol=1e-12)


def test_it_sums_weighted_children_per_parent() -> None:
    membership = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    values = np.array([[1.0, 2.0, 3.0]])
    assert weighted_sum(values, np.array([1.0, 2.0, 3.0]), membership).tolist() == [[5.0, 9.0]]
    batch = weighted_sum(values, np.array([[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]]), membership)
    assert batch.tolist() == [[[5.0, 9.0]], [[2.0, 3.0]]]
