"""Imputation: cross-sectional statistics, groups and last observation carried forward."""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import IndicatorTable, SpecError, carry_forward, impute, impute_latest

from .conftest import TINY_VALUES

GROUPS = ("north", "north", "south", "south")


@pytest.mark.parametrize(
    ("method", "filled"),
    [
        ("mean", 4.0),  # (1 + 2 + 9) / 3
        ("median", 2.0),  # median of 1, 2, 9
        ("group_mean", 9.0),  # C is south; the only other south unit, D, has 9
        ("group_median", 9.0),
    ],
)
def test_it_fills_the_missing_x3_of_unit_c(method: str, filled: float) -> None:
    result = impute(TINY_VALUES, method, groups=GROUPS)  # type: ignore[arg-type]
    assert result[2, 2] == filled
    observed = ~np.isnan(TINY_VALUES)
    assert (result[observed] == TINY_VALUES[observed]).all()


def test_it_leaves_values_missing_with_none() -> None:
    assert np.isnan(impute(TINY_VALUES, "none")[2, 2])


def test_it_falls_back_to_all_units_when_a_group_has_no_value() -> None:
    values = np.array([[1.0], [3.0], [np.nan], [np.nan]])
    result = impute(values, "group_mean", groups=GROUPS)
    assert result.ravel().tolist() == [1.0, 3.0, 2.0, 2.0]


def test_it_needs_groups_for_group_imputation() -> None:
    with pytest.raises(SpecError, match="needs a group"):
        impute(TINY_VALUES, "group_mean")


def test_it_carries_the_last_observation_forward_never_backward() -> None:
    values = np.array([[np.nan], [5.0], [np.nan], [np.nan], [7.0]])
    units = ["A", "A", "A", "B", "B"]
    times = [2022, 2023, 2024, 2022, 2023]
    assert carry_forward(values, units, times).ravel().tolist()[1:3] == [5.0, 5.0]
    assert np.isnan(carry_forward(values, units, times)[0, 0])
    assert np.isnan(carry_forward(values, units, times)[3, 0])


def test_it_carries_forward_whatever_the_row_order() -> None:
    values = np.array([[np.nan], [5.0]])
    assert carry_forward(values, ["A", "A"], [2024, 2023]).ravel().tolist() == [5.0, 5.0]


def test_it_imputes_the_latest_value_of_a_panel_at_a_period() -> None:
    panel = IndicatorTable(
        ("A", "A", "A", "B", "B"),
        ("x", "y"),
        np.array([[1.0, 10.0], [2.0, np.nan], [3.0, np.nan], [4.0, 40.0], [np.nan, 50.0]]),
        times=(2022, 2023, 2024, 2022, 2023),
    )
    at_2023 = impute_latest(panel, 2023)
    assert at_2023.values.tolist() == [[2.0, 10.0], [4.0, 50.0]]
    latest = impute_latest(panel)
    assert latest.values.tolist() == [[3.0, 10.0], [4.0, 50.0]]


def test_it_needs_a_panel_for_the_latest_value() -> None:
    with pytest.raises(SpecError, match="panel"):
        impute(TINY_VALUES, "latest")
    with pytest.raises(SpecError, match="time column"):
        impute_latest(IndicatorTable(("A",), ("x",), np.array([[1.0]])))
