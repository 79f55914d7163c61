"""Each indicator can carry its own normalisation and treatment; aggregates can require a share
of their children; units can be screened out for lack of data."""

from __future__ import annotations

import math

import numpy as np
import pytest

from jiha.engines.composite import (
    Aggregation,
    Framework,
    FrameworkError,
    IndexSpec,
    IndicatorTable,
    Pipeline,
    SpecError,
    aggregate_level,
)

UNITS = ("A", "B", "C", "D")
# passengers: a count spanning orders of magnitude; share: an ordinary percentage.
VALUES = np.array([[10.0, 20.0], [100.0, 40.0], [1000.0, 30.0], [10000.0, 10.0]])


def framework(passengers: dict[str, object]) -> Framework:
    return Framework.from_records(
        [
            {"code": "passengers", "level": 1, "parent": "i", **passengers},
            {"code": "share", "level": 1, "parent": "i"},
            {"code": "i", "level": 2},
        ]
    )


def run(meta: dict[str, object], spec: dict[str, object] | None = None) -> Pipeline:
    return Pipeline(framework(meta), IndexSpec.from_dict(spec or {}))


def test_it_normalises_one_indicator_by_rank_and_the_others_by_the_spec() -> None:
    pipeline = run({"normalisation": {"method": "rank"}})

    result = pipeline.run(IndicatorTable(UNITS, ("passengers", "share"), VALUES))

    assert result.score("passengers").tolist() == [1.0, 2.0, 3.0, 4.0]
    assert np.allclose(result.score("share"), [100 / 3, 100.0, 200 / 3, 0.0])


def test_it_log_transforms_a_count_before_the_min_max() -> None:
    pipeline = run({"treatment": "log"})

    result = pipeline.run(IndicatorTable(UNITS, ("passengers", "share"), VALUES))

    # log(x - 10 + 99.9): log 99.9, log 189.9, log 1089.9, log 10089.9, then min-max.
    logs = np.log(np.array([99.9, 189.9, 1089.9, 10089.9]))
    expected = 100 * (logs - logs[0]) / (logs[-1] - logs[0])
    assert np.allclose(result.score("passengers"), expected)
    assert result.prepared.treatment == ("log", "none")


def test_it_winsorises_one_indicator_with_its_own_limit() -> None:
    heavy = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], dtype=float)
    units = tuple(f"U{n}" for n in range(12))
    table = IndicatorTable(units, ("passengers", "share"), np.column_stack([heavy, heavy]))

    result = run({"treatment": {"method": "winsorise", "winsorise_max": 3}}).run(table)

    assert result.prepared.treatment == ("winsorised 1", "none")
    assert result.prepared.treated[:, 0].max() == 30.0
    assert result.prepared.treated[:, 1].max() == 100.0


def test_it_refuses_a_method_on_an_aggregate_and_an_unknown_method() -> None:
    with pytest.raises(FrameworkError, match="only indicators"):
        Framework.from_records(
            [
                {"code": "x", "level": 1, "parent": "i"},
                {"code": "i", "level": 2, "normalisation": "rank"},
            ]
        )
    with pytest.raises(FrameworkError, match="the treatment of 'passengers'"):
        framework({"treatment": "square-root"})


def test_it_leaves_a_parent_missing_where_a_unit_has_too_few_children() -> None:
    x = np.array([[10.0, 20.0, 30.0], [10.0, np.nan, np.nan], [np.nan, np.nan, np.nan]])

    parent = aggregate_level(x, np.ones(3), np.ones((3, 1)), Aggregation(min_available=2 / 3))

    assert parent[0, 0] == 20.0
    assert math.isnan(parent[1, 0]) and math.isnan(parent[2, 0])


def test_it_counts_only_informative_children_against_the_threshold() -> None:
    # The third child has no value for anyone (a constant left out): 1 of 2 is enough.
    x = np.array([[10.0, np.nan, np.nan], [10.0, 30.0, np.nan]])

    parent = aggregate_level(x, np.ones(3), np.ones((3, 1)), Aggregation(min_available=0.5))

    assert parent.ravel().tolist() == [10.0, 20.0]


def test_it_screens_out_units_with_too_little_data() -> None:
    values = VALUES.copy()
    values[1, :] = [np.nan, 40.0]
    values[2, :] = np.nan
    values[2, 0] = 5.0
    pipeline = run({}, {"min_unit_availability": 1.0})

    result = pipeline.run(IndicatorTable(UNITS, ("passengers", "share"), values))

    assert result.units == ("A", "D")
    assert result.prepared.screened_out == ("B", "C")


def test_it_refuses_a_screen_that_leaves_no_unit() -> None:
    values = np.full((4, 2), np.nan)
    values[:, 0] = 1.0
    values[0, 0] = 2.0

    with pytest.raises(SpecError, match="lower min_unit_availability"):
        run({}, {"min_unit_availability": 1.0}).run(
            IndicatorTable(UNITS, ("passengers", "share"), values)
        )
