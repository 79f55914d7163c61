"""The full build on the tiny table, against the hand computation, and its data checks.

Normalised (min-max [0, 100], no imputation): x1 = 0, 25, 50, 100; x2 = 33.33, 100, 66.67, 0;
x3 = 0, 12.5, NaN, 100.
P1 = (x1 + x2) / 2 = 16.67, 62.5, 58.33, 50; P2 = x3 = 0, 12.5, NaN, 100.
Index = (2 P1 + P2) / 3, and C, without P2, gets P1 alone: 11.11, 45.83, 58.33, 66.67.
"""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import (
    AllMissingError,
    CompositeError,
    Denomination,
    Framework,
    IndexSpec,
    IndicatorTable,
    IndicatorWithoutMetadataError,
    MissingIndicatorError,
    NonFiniteValueError,
    NonPositiveValueError,
    Normalisation,
    OutlierRule,
    Pipeline,
    SpecError,
    Weighting,
    build_index,
)

from .conftest import TINY_META, TINY_VALUES

P1 = [50 / 3, 62.5, 175 / 3, 50]
INDEX = [100 / 9, 137.5 / 3, 175 / 3, 200 / 3]


def test_it_builds_the_tiny_index_like_the_hand_computation(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    result = Pipeline(tiny_framework).run(tiny_table)
    np.testing.assert_allclose(result.score("P1"), P1)
    np.testing.assert_allclose(result.score("P2"), [0, 12.5, np.nan, 100])
    np.testing.assert_allclose(result.index_scores, INDEX)
    assert result.index_ranks.tolist() == [4, 3, 2, 1]
    assert result.rank("x2").tolist() == [3, 1, 2, 4]
    assert result.shares["P1"] == pytest.approx(2 / 3)


def test_it_builds_from_plain_columns_and_metadata_rows() -> None:
    columns = {
        "unit": ["A", "B", "C", "D"],
        **{f"x{j + 1}": TINY_VALUES[:, j].tolist() for j in range(3)},
    }
    result = build_index(columns, TINY_META, {"imputation": "mean"})
    # x3 of C becomes (1 + 2 + 9) / 3 = 4, normalised (4 - 1) / 8 = 37.5
    assert result.score("x3")[2] == pytest.approx(37.5)
    assert result.index_scores[2] == pytest.approx((2 * 175 / 3 + 37.5) / 3)
    assert result.as_records()[0]["unit"] == "A"
    assert result.as_records()[3]["index_rank"] == 1.0


def test_it_recomputes_only_the_aggregation_when_a_weight_changes(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    pipeline = Pipeline(tiny_framework)
    result = pipeline.run(tiny_table)
    moved = pipeline.reweight(result, {"P2": 2})
    rebuilt = Pipeline(tiny_framework, IndexSpec(weighting=Weighting(values={"P2": 2}))).run(
        tiny_table
    )
    np.testing.assert_array_equal(moved.scores, rebuilt.scores)
    assert moved.prepared is result.prepared
    # (2 P1 + 2 P2) / 4 for unit D = (100 + 200) / 4
    assert moved.index_scores[3] == pytest.approx(75.0)


def test_it_gives_the_same_result_twice(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    spec = IndexSpec(imputation="group_median", weighting=Weighting("optimised"))
    first = Pipeline(tiny_framework, spec).run(tiny_table)
    second = Pipeline(tiny_framework, spec).run(tiny_table)
    np.testing.assert_array_equal(first.scores, second.scores)
    np.testing.assert_array_equal(first.weights, second.weights)


@pytest.mark.parametrize(
    ("plan", "expected_d"),
    [
        ({"default": "arithmetic"}, 200 / 3),
        # D: P1 = 50, P2 = 100, weights 2 and 1, shifted by 1 and back
        ({3: {"method": "geometric", "zero_guard": 1}}, 51 ** (2 / 3) * 101 ** (1 / 3) - 1),
        # D: P1 = sqrt((100² + 0²) / 2), then (2 P1 + 100) / 3
        ({2: {"method": "generalised", "p": 2}}, (2 * np.sqrt(5000) + 100) / 3),
    ],
)
def test_it_uses_one_aggregation_per_level(
    tiny_framework: Framework, tiny_table: IndicatorTable, plan: object, expected_d: float
) -> None:
    spec = IndexSpec.from_dict({"aggregation": plan})
    result = Pipeline(tiny_framework, spec).run(tiny_table)
    assert result.index_scores[3] == pytest.approx(expected_d)


def test_it_says_which_value_stops_a_harmonic_mean(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    spec = IndexSpec.from_dict({"aggregation": {2: "harmonic"}})
    with pytest.raises(NonPositiveValueError, match="'x1' is 0 for unit 'A'"):
        Pipeline(tiny_framework, spec).run(tiny_table)


def test_it_denominates_before_normalising() -> None:
    table = IndicatorTable(
        ("A", "B", "C"),
        ("gdp", "pop", "jobs"),
        np.array([[100.0, 10.0, 1.0], [300.0, 10.0, 2.0], [200.0, 40.0, 3.0]]),
    )
    meta = [
        {"code": "gdp", "level": 1, "parent": "index"},
        {"code": "jobs", "level": 1, "parent": "index"},
        {"code": "index", "level": 2},
    ]
    result = build_index(table, meta, IndexSpec(denominators={"gdp": Denomination("pop")}))
    # per capita 10, 30, 5 -> min-max 20, 100, 0
    np.testing.assert_allclose(result.score("gdp"), [20, 100, 0])
    assert result.prepared.raw[:, 0].tolist() == [100, 300, 200]


def test_it_scores_a_panel_at_a_period_with_the_latest_values() -> None:
    table = IndicatorTable(
        ("A", "B", "A", "B"),
        ("x", "y"),
        np.array([[1.0, 5.0], [2.0, 6.0], [np.nan, 7.0], [4.0, np.nan]]),
        times=(2023, 2023, 2024, 2024),
    )
    meta = [
        {"code": "x", "level": 1, "parent": "index"},
        {"code": "y", "level": 1, "parent": "index"},
        {"code": "index", "level": 2},
    ]
    latest = build_index(table, meta, {"imputation": "latest"})
    assert latest.prepared.imputed.tolist() == [[1.0, 7.0], [4.0, 6.0]]
    earlier = build_index(table, meta, {"imputation": "latest", "time": 2023})
    assert earlier.prepared.imputed.tolist() == [[1.0, 5.0], [2.0, 6.0]]


def test_it_treats_outliers_only_when_asked() -> None:
    values = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], dtype=float)
    table = IndicatorTable(
        tuple(f"U{i}" for i in range(12)), ("x", "y"), np.column_stack([values, values[::-1]])
    )
    meta = [
        {"code": "x", "level": 1, "parent": "index"},
        {"code": "y", "level": 1, "parent": "index"},
        {"code": "index", "level": 2},
    ]
    off = build_index(table, meta)
    on = build_index(table, meta, IndexSpec(outliers=OutlierRule()))
    assert off.prepared.treatment == ("none", "none")
    assert on.prepared.treatment == ("winsorised 1", "winsorised 1")
    assert on.prepared.treated[11, 0] == 30.0


@pytest.mark.parametrize(
    ("change", "error", "named"),
    [
        ("extra_column", IndicatorWithoutMetadataError, "x4"),
        ("missing_column", MissingIndicatorError, "x3"),
        ("all_missing", AllMissingError, "x3"),
        ("aggregate_column", IndicatorWithoutMetadataError, "P1"),
    ],
)
def test_it_names_the_column_that_does_not_fit_the_metadata(
    tiny_framework: Framework, change: str, error: type[CompositeError], named: str
) -> None:
    columns, values = ["x1", "x2", "x3"], TINY_VALUES.copy()
    if change == "extra_column":
        columns, values = [*columns, "x4"], np.column_stack([values, np.ones(4)])
    elif change == "missing_column":
        columns, values = columns[:2], values[:, :2]
    elif change == "all_missing":
        values[:, 2] = np.nan
    else:
        columns, values = [*columns, "P1"], np.column_stack([values, np.ones(4)])
    table = IndicatorTable(("A", "B", "C", "D"), tuple(columns), values)
    with pytest.raises(error) as raised:
        Pipeline(tiny_framework).run(table)
    assert raised.value.item == named
    assert f"'{named}'" in str(raised.value)


def test_it_refuses_non_finite_data_before_building() -> None:
    columns: dict[str, list[object]] = {"unit": ["A", "B"], "x": [1.0, float("inf")]}
    with pytest.raises(NonFiniteValueError, match="'x' is infinite for unit 'B'"):
        build_index(columns, [{"code": "x", "level": 1, "parent": "i"}, {"code": "i", "level": 2}])


@pytest.mark.parametrize(
    "spec",
    [
        {"imputation": "mode"},
        {"normalisation": "softmax"},
        {"aggregation": {"method": "median"}},
        {"aggregation": {"level_two": "arithmetic"}},
        {"weights": "pca"},
        {"colour": "blue"},
    ],
)
def test_it_refuses_an_unknown_spec(spec: dict[str, object]) -> None:
    with pytest.raises(SpecError):
        IndexSpec.from_dict(spec)


def test_it_refuses_aggregation_for_a_level_that_does_not_exist(tiny_framework: Framework) -> None:
    with pytest.raises(SpecError, match="level 5"):
        Pipeline(tiny_framework, IndexSpec.from_dict({"aggregation": {5: "geometric"}}))


def test_it_refuses_a_period_for_data_without_periods(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    with pytest.raises(SpecError, match="period 2024 but the data has no time column"):
        Pipeline(tiny_framework, IndexSpec(time=2024)).run(tiny_table)


def test_it_refuses_latest_imputation_without_a_panel(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    with pytest.raises(SpecError, match="time column"):
        Pipeline(tiny_framework, IndexSpec(imputation="latest")).run(tiny_table)


def test_it_normalises_with_a_chosen_range(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    result = Pipeline(tiny_framework, IndexSpec(normalisation=Normalisation(low=1, high=100))).run(
        tiny_table
    )
    assert result.score("x1").tolist() == [1.0, 25.75, 50.5, 100.0]
