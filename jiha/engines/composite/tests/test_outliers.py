"""COINr's outlier rule: skew/kurtosis test, winsorisation, log fallback."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from jiha.engines.composite import (
    OutlierRule,
    box_cox,
    fails_rule,
    kurtosis,
    log_transform,
    skewness,
    treat_outliers,
    winsorise,
)

COINR_EXAMPLE = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100], dtype=float)


@pytest.mark.parametrize(
    "values", [COINR_EXAMPLE, np.array([1.0, 2.0, 3.0, 10.0]), np.array([5.0, 1, 1, 2, 8, 3])]
)
def test_it_matches_excel_skew_and_kurtosis(values: np.ndarray) -> None:
    assert skewness(values) == pytest.approx(stats.skew(values, bias=False))
    assert kurtosis(values) == pytest.approx(stats.kurtosis(values, bias=False))


def test_it_ignores_missing_values_in_the_moments() -> None:
    assert skewness(np.append(COINR_EXAMPLE, np.nan)) == pytest.approx(skewness(COINR_EXAMPLE))


def test_it_flags_the_coinr_example_and_winsorises_one_point() -> None:
    rule = OutlierRule()
    assert fails_rule(COINR_EXAMPLE, rule)
    winsorised, changed = winsorise(COINR_EXAMPLE, rule)
    assert changed == 1
    assert winsorised[-1] == 30.0  # 100 becomes the next highest value
    treated, how = treat_outliers(COINR_EXAMPLE[:, None], rule)
    assert how == ("winsorised 1",)
    assert treated[:, 0].tolist() == winsorised.tolist()


def test_it_log_transforms_when_five_points_are_not_enough() -> None:
    fibonacci = [3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584]
    heavy = np.array([1.0] * 60 + fibonacci)
    rule = OutlierRule()
    winsorised, changed = winsorise(heavy, rule)
    assert changed == 5 and fails_rule(winsorised, rule)
    treated, how = treat_outliers(heavy[:, None], rule)
    assert how == ("log",)
    # log(x - min + 0.01 (max - min)) on the original values
    np.testing.assert_allclose(treated[:, 0], np.log(heavy - 1 + 25.83))
    np.testing.assert_allclose(log_transform(heavy), treated[:, 0])


def test_it_leaves_well_behaved_indicators_alone() -> None:
    treated, how = treat_outliers(np.array([[1.0, 1.0], [2.0, 5.0], [3.0, 2.0]]), OutlierRule())
    assert how == ("none", "none")
    assert treated.tolist() == [[1.0, 1.0], [2.0, 5.0], [3.0, 2.0]]


def test_it_winsorises_low_outliers_when_skew_is_negative() -> None:
    low = -COINR_EXAMPLE
    winsorised, changed = winsorise(low, OutlierRule())
    assert changed == 1 and winsorised[-1] == -30.0


def test_it_respects_a_stricter_winsorisation_limit() -> None:
    _, how = treat_outliers(COINR_EXAMPLE[:, None], OutlierRule(winsorise_max=0))
    assert how == ("log",)


@pytest.mark.parametrize(
    ("lam", "expected"),
    [(0.5, [0.0, 2.0, 4.0]), (0.0, [0.0, np.log(4.0), np.log(9.0)]), (2.0, [0.0, 7.5, 40.0])],
)
def test_it_box_cox_transforms_after_shifting_to_one(lam: float, expected: list[float]) -> None:
    # x - min + 1 = 1, 4, 9; (y^lam - 1) / lam, log y for lam = 0.
    assert np.allclose(box_cox(np.array([0.0, 3.0, 8.0]), lam), expected)
