"""The tiny 4 units x 3 indicators case every method test computes by hand.

    unit  group  x1 (+1)  x2 (-1)  x3 (+1)
    A     north     2       30        1
    B     north     4       10        2
    C     south     6       20       NaN
    D     south    10       40        9

Hierarchy: x1, x2 -> P1 (weights 1, 1); x3 -> P2; P1 (weight 2), P2 (weight 1) -> index.
x1 has target 8 and goalposts [0, 20]; x2 target 10 and goalposts [0, 50]; x3 target 9 and
goalposts [0, 10].
"""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import Framework, IndicatorTable

TINY_META: list[dict[str, object]] = [
    {"code": "x1", "level": 1, "parent": "P1", "direction": 1, "weight": 1, "target": 8,
     "goalpost_lower": 0, "goalpost_upper": 20},
    {"code": "x2", "level": 1, "parent": "P1", "direction": -1, "weight": 1, "target": 10,
     "goalpost_lower": 0, "goalpost_upper": 50},
    {"code": "x3", "level": 1, "parent": "P2", "direction": 1, "weight": 1, "target": 9,
     "goalpost_lower": 0, "goalpost_upper": 10},
    {"code": "P1", "level": 2, "parent": "index", "weight": 2},
    {"code": "P2", "level": 2, "parent": "index", "weight": 1},
    {"code": "index", "level": 3, "parent": None},
]  # fmt: skip

TINY_VALUES = np.array(
    [
        [2.0, 30.0, 1.0],
        [4.0, 10.0, 2.0],
        [6.0, 20.0, np.nan],
        [10.0, 40.0, 9.0],
    ]
)


@pytest.fixture
def tiny_framework() -> Framework:
    return Framework.from_records(TINY_META)


@pytest.fixture
def tiny_table() -> IndicatorTable:
    return IndicatorTable(
        ("A", "B", "C", "D"),
        ("x1", "x2", "x3"),
        TINY_VALUES,
        groups=("north", "north", "south", "south"),
    )
