"""Weights: overrides, equal, shares, perturbations and optimisation."""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import (
    Aggregation,
    Framework,
    NegativeWeightError,
    SpecError,
    aggregate_level,
    apply_overrides,
    correlation_shares,
    equal_weights,
    manual_weights,
    optimise_weights,
    optimised_weights,
    perturb_weights,
    shares,
)


def test_it_takes_metadata_weights_with_overrides(tiny_framework: Framework) -> None:
    assert manual_weights(tiny_framework).tolist() == [1, 1, 1, 2, 1, 1]
    assert manual_weights(tiny_framework, {"x1": 3, "P2": 2}).tolist() == [3, 1, 1, 2, 2, 1]


def test_it_turns_weights_into_shares_of_each_parent(tiny_framework: Framework) -> None:
    result = shares(manual_weights(tiny_framework, {"x1": 3}), tiny_framework)
    np.testing.assert_allclose(result, [0.75, 0.25, 1, 2 / 3, 1 / 3, 1])
    assert shares(equal_weights(tiny_framework), tiny_framework).tolist() == [
        0.5, 0.5, 1, 0.5, 0.5, 1,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"x9": 1.0}, SpecError, "'x9', which is not in the metadata"),
        ({"x2": -0.5}, NegativeWeightError, "weight of 'x2' is -0.5"),
        ({"x1": 0.0, "x2": 0.0}, NegativeWeightError, "all children of 'P1' have weight 0"),
    ],
)
def test_it_refuses_bad_overrides(
    tiny_framework: Framework, overrides: dict[str, float], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        apply_overrides(tiny_framework.weights, tiny_framework, overrides)


def test_it_perturbs_weights_within_the_noise_band_reproducibly() -> None:
    base = np.array([1.0, 2.0, 4.0])
    first = perturb_weights(base, 0.25, 500, np.random.default_rng(11))
    again = perturb_weights(base, 0.25, 500, np.random.default_rng(11))
    assert (first == again).all()
    ratio = first / base
    assert ratio.min() >= 0.75 and ratio.max() <= 1.25
    assert ratio.min() < 0.77 and ratio.max() > 1.23  # the band is actually explored


def test_it_refuses_noise_of_100_percent_or_more() -> None:
    with pytest.raises(SpecError, match="noise"):
        perturb_weights(np.ones(2), 1.0, 3, np.random.default_rng(0))


def test_it_computes_correlation_shares() -> None:
    children = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]])
    np.testing.assert_allclose(correlation_shares(children, children[:, 0]), [0.5, 0.5])


def test_it_optimises_weights_towards_target_correlation_shares() -> None:
    rng = np.random.default_rng(5)
    common = rng.normal(size=12)
    children = np.column_stack([common + rng.normal(scale=s, size=12) for s in (0.2, 0.6, 1.5)])
    targets = np.full(3, 1 / 3)
    start = np.ones(3)

    def parent(weights: np.ndarray) -> np.ndarray:
        return aggregate_level(children, weights, np.ones((3, 1)), Aggregation())[:, 0]

    found = optimise_weights(children, start, parent, targets)
    before = np.abs(correlation_shares(children, parent(start)) - targets).max()
    after = np.abs(correlation_shares(children, parent(found)) - targets).max()
    assert after < before / 10
    assert found.sum() == pytest.approx(1.0)
    assert found[2] > found[0]  # the noisiest child needs more weight to correlate as much
    assert (optimise_weights(children, start, parent, targets) == found).all()


def test_it_optimises_a_whole_tree_bottom_up(tiny_framework: Framework) -> None:
    rng = np.random.default_rng(9)
    normalised = rng.uniform(1, 100, size=(12, 3))
    plan = [Aggregation(), Aggregation()]
    weights = optimised_weights(normalised, tiny_framework, plan, tiny_framework.weights)
    assert weights[0] + weights[1] == pytest.approx(1.0)  # P1's children
    assert weights[2] == pytest.approx(1.0)  # a single child keeps all the weight
    assert weights[3] + weights[4] == pytest.approx(1.0)
