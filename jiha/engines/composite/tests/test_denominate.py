"""Denomination divides by a size column and refuses zero denominators."""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import (
    DataError,
    Denomination,
    DenominatorError,
    IndicatorTable,
    denominate,
    denominate_table,
)


def test_it_divides_and_scales() -> None:
    result = denominate(
        np.array([[10.0, 1.0], [np.nan, 2.0]]),
        np.array([[4.0, 2.0], [1.0, 8.0]]),
        np.array([1.0, 1000.0]),
    )
    assert result[0].tolist() == [2.5, 500.0]
    assert np.isnan(result[1, 0]) and result[1, 1] == 250.0


def test_it_gives_missing_for_a_missing_denominator() -> None:
    assert np.isnan(denominate(np.array([[3.0]]), np.array([[np.nan]]))).all()


def test_it_names_the_unit_with_a_zero_denominator() -> None:
    table = IndicatorTable(("A", "B"), ("gdp", "pop"), np.array([[10.0, 2.0], [5.0, 0.0]]))
    with pytest.raises(DenominatorError, match="'gdp' is 0 for unit 'B'") as raised:
        denominate_table(table, {"gdp": Denomination("pop")})
    assert raised.value.unit == "B"


def test_it_replaces_only_the_denominated_columns() -> None:
    table = IndicatorTable(("A", "B"), ("gdp", "pop"), np.array([[10.0, 2.0], [9.0, 3.0]]))
    result = denominate_table(table, {"gdp": Denomination("pop", scale=10)})
    assert result.values.tolist() == [[50.0, 2.0], [30.0, 3.0]]


def test_it_names_a_missing_denominator_column() -> None:
    table = IndicatorTable(("A",), ("gdp",), np.array([[10.0]]))
    with pytest.raises(DataError, match="needs column 'population'"):
        denominate_table(table, {"gdp": Denomination("population")})
