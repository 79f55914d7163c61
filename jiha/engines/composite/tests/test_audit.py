"""Audit: correlations and their flags, Cronbach's alpha, data availability."""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import (
    Framework,
    IndicatorTable,
    Pipeline,
    audit,
    availability,
    cronbach_alpha,
)
from jiha.engines.composite.audit import CorrelationFlag, correlation_matrix

SIBLINGS = Framework.from_records(
    [
        {"code": "a", "level": 1, "parent": "P"},
        {"code": "b", "level": 1, "parent": "P"},
        {"code": "c", "level": 1, "parent": "P"},
        {"code": "P", "level": 2},
    ]
)


def test_it_computes_cronbach_alpha_by_hand() -> None:
    # item variances 1 and 7/3, variance of the sums 3, 5, 8 is 19/3:
    # alpha = 2 (1 - (10/3) / (19/3)) = 18/19
    items = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0]])
    assert cronbach_alpha(items) == pytest.approx(18 / 19)


def test_it_uses_complete_units_for_alpha() -> None:
    items = np.array([[1.0, 2.0], [2.0, 3.0], [3.0, 5.0], [np.nan, 100.0]])
    assert cronbach_alpha(items) == pytest.approx(18 / 19)
    assert np.isnan(cronbach_alpha(items[:, :1]))


def test_it_measures_availability_per_unit_and_indicator(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    report = audit(Pipeline(tiny_framework).run(tiny_table))
    assert report.unit_availability == {"A": 1.0, "B": 1.0, "C": pytest.approx(2 / 3), "D": 1.0}
    assert report.indicator_availability == {"x1": 1.0, "x2": 1.0, "x3": 0.75}
    by_unit, by_indicator = availability(np.array([[np.nan, np.nan], [1.0, 2.0]]))
    assert by_unit.tolist() == [0.0, 1.0] and by_indicator.tolist() == [0.5, 0.5]


def test_it_correlates_on_units_observed_for_both() -> None:
    values = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0], [4.0, np.nan]])
    assert correlation_matrix(values)[0, 1] == pytest.approx(1.0)
    assert np.isnan(correlation_matrix(np.array([[1.0, 1.0], [2.0, 1.0], [3.0, 1.0]]))[0, 1])


def test_it_flags_collinear_siblings_and_negative_correlation_with_the_parent() -> None:
    a = np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    b = a * 2 + np.array([0.1, -0.1, 0.1, -0.1, 0.1, -0.1])  # almost a copy of a
    c = np.array([6.0, 5.0, 4.0, 3.0, 2.0, 1.0])[[0, 1, 2, 3, 5, 4]]  # against a and b
    table = IndicatorTable(tuple("UVWXYZ"), ("a", "b", "c"), np.column_stack([a, b, c]))
    report = audit(Pipeline(SIBLINGS).run(table))
    kinds = {(flag.kind, flag.first, flag.second) for flag in report.flags}
    assert ("collinear", "a", "b") in kinds
    assert ("negative", "c", "P") in kinds
    assert ("collinear", "a", "c") in kinds  # |r| > 0.92 counts either sign
    assert report.with_parent["c"] < 0 < report.with_parent["a"]
    assert all(isinstance(flag, CorrelationFlag) for flag in report.flags)


def test_it_reports_alpha_per_aggregate(
    tiny_framework: Framework, tiny_table: IndicatorTable
) -> None:
    report = audit(Pipeline(tiny_framework).run(tiny_table))
    assert set(report.alpha) == {"P1", "index"}  # P2 has a single child
    assert report.correlations.shape == (6, 6)
