"""Monte Carlo: batched replications equal one build each, seeds reproduce, intervals."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from jiha.engines.composite import (
    Aggregation,
    Experiment,
    Framework,
    IndexSpec,
    IndicatorTable,
    NonPositiveValueError,
    Normalisation,
    Pipeline,
    SpecError,
    UncertaintySpec,
    aggregate_tree,
    monte_carlo,
)

EVERYTHING = UncertaintySpec(
    weight_noise=0.25,
    normalisations=(Normalisation("minmax", 1, 100), Normalisation("percentile", 1, 100)),
    aggregations=(
        Aggregation("arithmetic"),
        {2: Aggregation("geometric"), 3: Aggregation("harmonic")},
        Aggregation("copeland"),
    ),
    imputations=("none", "mean", "median", "group_mean"),
)


def test_it_computes_a_batch_exactly_like_one_build_per_replication(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    pipeline = Pipeline(tiny_framework)
    experiment = Experiment(pipeline, tiny_table, EVERYTHING)
    choices = experiment.random_choices(40, np.random.default_rng(3))
    batch = experiment.evaluate(choices)
    for r in range(len(choices)):
        spec = replace(
            pipeline.spec,
            imputation=EVERYTHING.imputations[choices.imputation[r]],
            normalisation=EVERYTHING.normalisations[choices.normalisation[r]],
            aggregation=EVERYTHING.aggregations[choices.aggregation[r]],
        )
        single = Pipeline(tiny_framework, spec)
        result = single.score(single.prepare(tiny_table), choices.weights[r])
        np.testing.assert_allclose(batch[r], result.index_scores, rtol=1e-12)


def test_it_matches_the_full_three_dimensional_batch(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    uncertainty = replace(EVERYTHING, aggregations=(Aggregation("arithmetic"),))
    experiment = Experiment(Pipeline(tiny_framework), tiny_table, uncertainty)
    choices = experiment.random_choices(64, np.random.default_rng(8))
    tensor = experiment.normalised_batch(choices)
    assert tensor.shape == (64, 4, 3)
    levels = aggregate_tree(tensor, choices.weights, tiny_framework, experiment.plans[0])
    np.testing.assert_allclose(experiment.evaluate(choices), levels[-1][..., 0], rtol=1e-12)


def test_it_reproduces_the_same_intervals_with_the_same_seed(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    pipeline = Pipeline(tiny_framework)
    first = monte_carlo(pipeline, tiny_table, EVERYTHING, replications=300, seed=42)
    again = monte_carlo(pipeline, tiny_table, EVERYTHING, replications=300, seed=42)
    other = monte_carlo(pipeline, tiny_table, EVERYTHING, replications=300, seed=43)
    np.testing.assert_array_equal(first.ranks, again.ranks)
    np.testing.assert_array_equal(first.scores, again.scores)
    assert not np.array_equal(first.scores, other.scores)


def test_it_reports_rank_intervals_per_unit(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    intervals = monte_carlo(Pipeline(tiny_framework), tiny_table, EVERYTHING, replications=500)
    assert intervals.ranks.shape == (500, 4)
    assert (intervals.low <= intervals.median).all() and (intervals.median <= intervals.high).all()
    assert intervals.nominal.tolist() == [4, 3, 2, 1]
    assert intervals.high.max() > intervals.low.min()  # choices do move the ranking
    rows = intervals.as_records()
    assert rows[0]["unit"] == "A" and set(rows[0]) == {"unit", "nominal", "median", "low", "high"}


def test_it_collapses_the_intervals_when_nothing_is_uncertain(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    intervals = monte_carlo(
        Pipeline(tiny_framework), tiny_table, UncertaintySpec(), replications=20
    )
    for spread in (intervals.low, intervals.median, intervals.high):
        assert spread.tolist() == intervals.nominal.tolist()


def test_it_says_which_choices_break_a_geometric_mean(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    uncertainty = UncertaintySpec(
        normalisations=(Normalisation("zscore"),), aggregations=(Aggregation("geometric"),)
    )
    with pytest.raises(NonPositiveValueError, match="normalisation 'zscore'.*geometric mean"):
        monte_carlo(Pipeline(tiny_framework), tiny_table, uncertainty, replications=5)


def test_it_lists_only_the_inputs_that_vary(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    pipeline = Pipeline(tiny_framework, IndexSpec(imputation="mean"))
    assert Experiment(pipeline, tiny_table, EVERYTHING).inputs() == (
        "weights",
        "normalisation",
        "aggregation",
        "imputation",
    )
    some = UncertaintySpec(
        imputations=("mean",), aggregations=(Aggregation(), Aggregation("geometric", zero_guard=1))
    )
    assert Experiment(pipeline, tiny_table, some).inputs() == ("aggregation",)


def test_it_maps_the_unit_cube_to_choices(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    experiment = Experiment(Pipeline(tiny_framework), tiny_table, EVERYTHING)
    bank = np.arange(5 * 6, dtype=float).reshape(5, 6)
    sample = np.array([[0.0, 0.0, 0.0, 0.0], [0.5, 0.5, 0.5, 0.5], [0.999, 0.999, 0.999, 1.0]])
    choices = experiment.choices_from_cube(sample, experiment.inputs(), bank)
    assert choices.normalisation.tolist() == [0, 1, 1]  # 2 options
    assert choices.aggregation.tolist() == [0, 1, 2]  # 3 options
    assert choices.imputation.tolist() == [0, 2, 3]  # 4 options
    assert choices.weights[:, 0].tolist() == [0.0, 12.0, 24.0]  # bank rows 0, 2, 4


def test_it_parses_the_dict_form() -> None:
    parsed = UncertaintySpec.from_dict(
        {
            "weights": 0.2,
            "normalisations": ["minmax", {"method": "percentile", "low": 1}],
            "aggregations": ["arithmetic", {"default": "geometric", 3: "arithmetic"}],
            "imputations": ["mean", "median"],
        }
    )
    assert parsed.weight_noise == 0.2
    assert parsed.normalisations[1] == Normalisation("percentile", low=1)
    assert parsed.aggregations[1] == {0: Aggregation("geometric"), 3: Aggregation()}
    with pytest.raises(SpecError, match="unknown uncertainty key"):
        UncertaintySpec.from_dict({"weight": 0.2})
    with pytest.raises(SpecError, match="noise"):
        UncertaintySpec(weight_noise=1.5)
