"""Sobol indices through the SALib wrapper: a function with known indices, then the index."""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import (
    Framework,
    IndicatorTable,
    Normalisation,
    Pipeline,
    SpecError,
    UncertaintySpec,
    index_sensitivity,
    sobol_indices,
)
from jiha.engines.composite.types import FloatArray

# Ishigami with a = 7, b = 0.1 on [-pi, pi]^3 (Saltelli et al. 2008, Global Sensitivity Analysis)
ISHIGAMI_FIRST = [0.3139, 0.4424, 0.0]
ISHIGAMI_TOTAL = [0.5576, 0.4424, 0.2437]


def ishigami(x: FloatArray) -> FloatArray:
    y = np.sin(x[:, 0]) + 7 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])
    return np.asarray(y, dtype=np.float64)


def test_it_recovers_the_known_ishigami_indices() -> None:
    result = sobol_indices(ishigami, ["x1", "x2", "x3"], 1024, bounds=[(-np.pi, np.pi)] * 3)
    np.testing.assert_allclose(result.first_order, ISHIGAMI_FIRST, atol=0.05)
    np.testing.assert_allclose(result.total, ISHIGAMI_TOTAL, atol=0.05)
    assert result.evaluations == 1024 * (3 + 2)
    assert (result.total_conf > 0).all() and (result.total_conf < 0.1).all()


def test_it_gives_zero_indices_when_the_output_never_moves() -> None:
    result = sobol_indices(lambda x: np.ones(x.shape[0]), ["a", "b"], 64)
    assert result.first_order.tolist() == [0.0, 0.0] and result.total.tolist() == [0.0, 0.0]


def skewed_table() -> tuple[Framework, IndicatorTable]:
    """Eight units whose ranking min-max and rank normalisation order differently.

    With b weighing twice a: min-max ranks H first (its a = 100 dwarfs the rest), rank
    normalisation ranks G first (7 + 2 x 8 = 23 against H's 8 + 2 x 7 = 22).
    """
    framework = Framework.from_records(
        [
            {"code": "a", "level": 1, "parent": "index"},
            {"code": "b", "level": 1, "parent": "index", "weight": 2},
            {"code": "index", "level": 2},
        ]
    )
    a = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 100.0])
    b = np.array([4.0, 1.0, 2.0, 3.0, 5.0, 6.0, 8.0, 7.0])
    return framework, IndicatorTable(tuple("ABCDEFGH"), ("a", "b"), np.column_stack([a, b]))


def test_it_finds_the_input_that_dominates_the_ranking() -> None:
    framework, table = skewed_table()
    uncertainty = UncertaintySpec(
        weight_noise=0.05, normalisations=(Normalisation("minmax"), Normalisation("rank"))
    )
    result = index_sensitivity(Pipeline(framework), table, uncertainty, n=256)
    assert result.names == ("weights", "normalisation")
    total = dict(zip(result.names, result.total, strict=True))
    assert total["normalisation"] > 0.9
    assert total["weights"] < 0.1
    assert result.evaluations == 256 * 4


def test_it_can_follow_the_rank_of_one_unit() -> None:
    framework, table = skewed_table()
    uncertainty = UncertaintySpec(normalisations=(Normalisation("minmax"), Normalisation("rank")))
    result = index_sensitivity(Pipeline(framework), table, uncertainty, n=64, unit="H")
    assert set(result.outputs.tolist()) == {1.0, 2.0}
    assert result.first_order[0] == pytest.approx(1.0, abs=0.1)


def test_it_is_reproducible_with_a_seed() -> None:
    framework, table = skewed_table()
    uncertainty = UncertaintySpec(
        weight_noise=0.3, normalisations=(Normalisation("minmax"), Normalisation("zscore"))
    )
    first = index_sensitivity(Pipeline(framework), table, uncertainty, n=128, seed=5)
    again = index_sensitivity(Pipeline(framework), table, uncertainty, n=128, seed=5)
    np.testing.assert_array_equal(first.outputs, again.outputs)
    np.testing.assert_array_equal(first.total, again.total)
    np.testing.assert_array_equal(first.total_conf, again.total_conf)


@pytest.mark.parametrize(
    ("uncertainty", "unit", "message"),
    [
        (UncertaintySpec(), None, "at least one uncertain input"),
        (UncertaintySpec(weight_noise=0.1), "Z", "unit 'Z' is not in the data"),
    ],
)
def test_it_refuses_an_analysis_without_inputs_or_with_an_unknown_unit(
    uncertainty: UncertaintySpec, unit: str | None, message: str
) -> None:
    framework, table = skewed_table()
    with pytest.raises(SpecError, match=message):
        index_sensitivity(Pipeline(framework), table, uncertainty, n=8, unit=unit)


def test_it_gives_identical_confidence_intervals_for_the_same_seed_zero() -> None:

    from jiha.engines.composite import sobol_indices

    def model(x: np.ndarray) -> np.ndarray:
        return x[:, 0] + 0.1 * x[:, 1]

    first = sobol_indices(model, ("a", "b"), 64, seed=0)
    second = sobol_indices(model, ("a", "b"), 64, seed=0)
    assert first.first_order_conf.tolist() == second.first_order_conf.tolist()
    assert first.total_conf.tolist() == second.total_conf.tolist()
