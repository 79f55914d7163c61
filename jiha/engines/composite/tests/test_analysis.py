"""The analyses COINr offers, on small cases checked by hand."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from jiha.engines.composite import (
    DataError,
    IndicatorTable,
    SpecError,
    build_index,
    compare_variants,
    effective_weights,
    outlier_table,
    principal_components,
    removal_effect,
    screen_units,
    trends,
)

# Three units, two pillars. Min-max scores:
#   a: A 0, B 50, C 100   b: A 100, B 0, C 50   c: A 0, B 100, C 50
# P = (a + b) / 2: A 50, B 25, C 75;  Q = c;  index = (P + Q) / 2: A 25, B 62.5, C 62.5
META: list[dict[str, object]] = [
    {"code": "a", "level": 1, "parent": "P"},
    {"code": "b", "level": 1, "parent": "P"},
    {"code": "c", "level": 1, "parent": "Q"},
    {"code": "P", "level": 2, "parent": "index"},
    {"code": "Q", "level": 2, "parent": "index"},
    {"code": "index", "level": 3},
]
DATA: dict[str, list[object]] = {
    "unit": ["A", "B", "C"],
    "a": [1.0, 2.0, 3.0],
    "b": [5.0, 1.0, 3.0],
    "c": [0.0, 8.0, 4.0],
}


def test_it_shows_every_units_rank_without_each_item() -> None:
    result = build_index(DATA, META)

    effect = removal_effect(result)

    assert result.index_ranks.tolist() == [3.0, 1.0, 1.0]
    # without a: P = b -> A 100, B 0, C 50; index A 50, B 50, C 50: all tied first.
    assert effect.ranks["a"].tolist() == [1.0, 1.0, 1.0]
    # without Q (or its only child c): index = P -> A 50, B 25, C 75.
    assert effect.ranks["Q"].tolist() == [2.0, 3.0, 1.0]
    assert effect.ranks["c"].tolist() == [2.0, 3.0, 1.0]
    assert effect.shifts["Q"].tolist() == [-1.0, 2.0, 0.0]
    assert effect.mean_absolute_shift()["Q"] == 1.0
    assert effect.as_records()[0]["shifts"] == {"A": -2.0, "B": 0.0, "C": 0.0}


def test_it_refuses_to_remove_the_index_or_an_unknown_item() -> None:
    result = build_index(DATA, META)

    with pytest.raises(SpecError, match="index itself"):
        removal_effect(result, ["index"])
    with pytest.raises(Exception, match="'z' is not in the metadata"):
        removal_effect(result, ["z"])


def test_it_multiplies_shares_down_the_tree_for_effective_weights() -> None:
    meta = [dict(node) for node in META]
    meta[0]["weight"] = 3  # a: 3/4 of P
    meta[3]["weight"] = 2  # P: 2/3 of the index

    weights = effective_weights(build_index(DATA, meta))

    assert weights == pytest.approx(
        {"a": 0.5, "b": 1 / 6, "c": 1 / 3, "P": 2 / 3, "Q": 1 / 3, "index": 1.0}
    )


def test_it_gives_the_first_component_of_two_opposite_children() -> None:
    result = build_index(
        {"unit": list("ABCD"), "x": [1.0, 2.0, 3.0, 4.0], "y": [4.0, 3.0, 2.0, 1.0]},
        [
            {"code": "x", "level": 1, "parent": "i"},
            {"code": "y", "level": 1, "parent": "i"},
            {"code": "i", "level": 2},
        ],
    )

    pca = principal_components(result, "i")

    # Correlation -1: one component explains everything, loadings of opposite signs.
    assert pca.explained.round(9).tolist() == [1.0, 0.0]
    assert sorted(np.abs(pca.loadings).round(6).tolist()) == [0.707107, 0.707107]
    assert pca.loadings[0] * pca.loadings[1] < 0


def test_it_needs_two_children_for_principal_components() -> None:
    with pytest.raises(SpecError, match="at least two"):
        principal_components(build_index(DATA, META), "Q")


def test_it_lists_units_beyond_the_boxplot_fences() -> None:
    result = build_index(
        {"unit": list("ABCDEFGH"), "x": [-50.0, 10, 11, 12, 13, 14, 15, 90]},
        [{"code": "x", "level": 1, "parent": "i"}, {"code": "i", "level": 2}],
    )

    (row,) = outlier_table(result)

    # Q1 = 10.75, Q3 = 14.25, IQR = 3.5: fences 5.5 and 19.5.
    assert (row.low_units, row.high_units) == (("A",), ("H",))
    assert row.treatment == "none"


def test_it_fits_trends_and_compound_growth_per_unit() -> None:
    values = np.array([[[10.0, 5.0]], [[np.nan, 5.0]], [[14.4, 5.0]]])  # 2024, 2025, 2026

    found = trends([2024, 2025, 2026], values, ["A"], ["x", "y"])

    assert found.slope.round(9).tolist() == [[2.2, 0.0]]  # (14.4 - 10) / 2 years
    assert found.growth.round(9).tolist() == [[0.2, 0.0]]  # 10 x 1.2^2 = 14.4


def test_it_needs_two_observations_for_a_trend() -> None:
    found = trends([2025, 2026], np.array([[[1.0]], [[np.nan]]]), ["A"], ["x"])

    assert np.isnan(found.slope).all() and np.isnan(found.growth).all()
    with pytest.raises(DataError):
        trends([2025], np.ones((2, 1, 1)), ["A"], ["x"])


def test_it_compares_two_variants_unit_by_unit() -> None:
    first = build_index(DATA, META)
    second = build_index(DATA, META, {"normalisation": "rank"})

    comparison = compare_variants(first, second)

    # ranks: a 1 2 3, b 3 1 2, c 1 3 2 -> P A 2, B 1.5, C 2.5; index A 1.5, B 2.25, C 2.25
    assert comparison.ranks[1].tolist() == [3.0, 1.0, 1.0]
    assert comparison.rank_change.tolist() == [0.0, 0.0, 0.0]
    assert compare_variants(first, second, "P").ranks[1].tolist() == [2.0, 3.0, 1.0]


def test_it_screens_units_by_data_availability() -> None:
    table = IndicatorTable(
        ("A", "B", "C"),
        ("x", "y", "z"),
        np.array([[1.0, np.nan, np.nan], [1, 2, 3], [1, 2, np.nan]]),
    )

    kept, dropped = screen_units(table, 2 / 3)

    assert kept.units == ("B", "C")
    assert dropped == pytest.approx({"A": 1 / 3})


def test_it_asks_for_a_result_that_carries_its_aggregation_plan() -> None:
    result = dataclasses.replace(build_index(DATA, META), plan=())

    with pytest.raises(SpecError, match="aggregation plan"):
        removal_effect(result)
