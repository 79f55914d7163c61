"""The data table: parsing, panels and refused values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from jiha.engines.composite import (
    DataError,
    DuplicateUnitError,
    IndicatorTable,
    NonFiniteValueError,
)


def test_it_reads_a_dict_of_columns() -> None:
    table = IndicatorTable.from_columns(
        {"unit": ["A", "B"], "group": ["n", "s"], "x": [1, None], "y": ["2.5", float("nan")]}
    )
    assert table.columns == ("x", "y")
    assert table.groups == ("n", "s")
    assert table.values[0].tolist() == [1.0, 2.5]
    assert np.isnan(table.values[1]).all()


def test_it_takes_a_cross_section_of_a_panel() -> None:
    panel = IndicatorTable(
        ("A", "B", "A", "C"),
        ("x",),
        np.array([[1.0], [2.0], [3.0], [4.0]]),
        times=(2023, 2023, 2024, 2024),
    )
    assert panel.unit_codes() == ("A", "B", "C")
    latest = panel.cross_section()
    assert latest.values.ravel().tolist()[0] == 3.0
    assert math.isnan(latest.values[1, 0])
    assert panel.cross_section(2023).values.ravel()[:2].tolist() == [1.0, 2.0]


@pytest.mark.parametrize("bad", [math.inf, -math.inf])
def test_it_refuses_infinite_values_naming_unit_and_indicator(bad: float) -> None:
    with pytest.raises(NonFiniteValueError, match="'y' is infinite for unit 'B'") as raised:
        IndicatorTable(("A", "B"), ("x", "y"), np.array([[1.0, 2.0], [3.0, bad]]))
    assert (raised.value.item, raised.value.unit) == ("y", "B")


def test_it_refuses_text_where_a_number_is_expected() -> None:
    with pytest.raises(DataError, match="'x' for unit 'B' is 'n/a'"):
        IndicatorTable.from_columns({"unit": ["A", "B"], "x": [1, "n/a"]})


def test_it_refuses_a_duplicate_unit() -> None:
    with pytest.raises(DuplicateUnitError, match="'A' appears twice"):
        IndicatorTable(("A", "A"), ("x",), np.array([[1.0], [2.0]]))


def test_it_refuses_a_unit_changing_group() -> None:
    table = IndicatorTable(
        ("A", "A"), ("x",), np.array([[1.0], [2.0]]), groups=("n", "s"), times=(1, 2)
    )
    with pytest.raises(DataError, match="unit 'A' is in group 'n' and 's'"):
        table.unit_groups()


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"x": [1.0]}, "no 'unit' column"),
        ({"unit": ["A"], "x": [1.0], "time": [2024]}, None),
    ],
)
def test_it_requires_a_unit_column(columns: dict[str, list[object]], message: str | None) -> None:
    if message is None:
        assert IndicatorTable.from_columns(columns).times == (2024,)
    else:
        with pytest.raises(DataError, match=message):
            IndicatorTable.from_columns(columns)


def test_it_refuses_a_mismatched_matrix() -> None:
    with pytest.raises(DataError, match="value matrix"):
        IndicatorTable(("A", "B"), ("x",), np.ones((3, 1)))
