"""The metadata becomes a validated tree, and every malformed hierarchy is named."""

from __future__ import annotations

from typing import Any

import pytest

from jiha.engines.composite import (
    CompositeError,
    DuplicateCodeError,
    Framework,
    FrameworkError,
    HierarchyCycleError,
    InvalidDirectionError,
    LevelError,
    NegativeWeightError,
    RootError,
    UnknownParentError,
)

from .conftest import TINY_META


def rows(*changes: dict[str, Any]) -> list[dict[str, Any]]:
    """The tiny metadata with some rows replaced (matched by code) or added."""
    by_code = {str(row["code"]): dict(row) for row in TINY_META}
    for change in changes:
        by_code.setdefault(str(change["code"]), {}).update(change)
    return list(by_code.values())


def test_it_orders_codes_by_level(tiny_framework: Framework) -> None:
    assert tiny_framework.codes == ("x1", "x2", "x3", "P1", "P2", "index")
    assert tiny_framework.indicators == ("x1", "x2", "x3")
    assert tiny_framework.root == "index"
    assert tiny_framework.max_level == 3


def test_it_builds_membership_matrices(tiny_framework: Framework) -> None:
    assert tiny_framework.membership(1).tolist() == [[1, 0], [1, 0], [0, 1]]
    assert tiny_framework.membership(2).tolist() == [[1], [1]]
    assert tiny_framework.parent_positions(1).tolist() == [0, 0, 1]


def test_it_reads_directions_weights_targets_and_goalposts(tiny_framework: Framework) -> None:
    assert tiny_framework.directions.tolist() == [1, -1, 1]
    assert tiny_framework.weights.tolist() == [1, 1, 1, 2, 1, 1]
    assert tiny_framework.targets.tolist() == [8, 10, 9]
    assert tiny_framework.goalposts.tolist() == [[0, 20], [0, 50], [0, 10]]
    assert tiny_framework.children("P1") == ("x1", "x2")


def test_it_accepts_empty_and_nan_parents_for_the_root() -> None:
    framework = Framework.from_records(
        [
            {"code": "a", "level": 1, "parent": "r"},
            {"code": "r", "level": 2, "parent": float("nan")},
        ]
    )
    assert framework.root == "r"


@pytest.mark.parametrize(
    ("changes", "error", "named"),
    [
        (
            [{"code": "P1", "parent": "P2"}, {"code": "P2", "parent": "P1"}],
            HierarchyCycleError,
            "P",
        ),
        ([{"code": "x1", "parent": "economy"}], UnknownParentError, "x1"),
        ([{"code": "x2", "weight": -1}], NegativeWeightError, "x2"),
        ([{"code": "x1", "weight": 0}, {"code": "x2", "weight": 0}], NegativeWeightError, "P1"),
        ([{"code": "x3", "direction": 2}], InvalidDirectionError, "x3"),
        ([{"code": "P2", "parent": None}], RootError, "P2"),
        ([{"code": "x3", "parent": "index"}], LevelError, "x3"),
        ([{"code": "P3", "level": 2, "parent": "index"}], LevelError, "P3"),
        ([{"code": "x3", "level": "one"}], FrameworkError, "x3"),
    ],
)
def test_it_names_the_item_of_a_malformed_hierarchy(
    changes: list[dict[str, Any]], error: type[CompositeError], named: str
) -> None:
    with pytest.raises(error) as raised:
        Framework.from_records(rows(*changes))
    assert raised.value.item is not None
    assert raised.value.item.startswith(named)
    assert named in str(raised.value)


def test_it_refuses_a_duplicate_code() -> None:
    with pytest.raises(DuplicateCodeError, match="'x1' appears twice"):
        Framework.from_records([*TINY_META, {"code": "x1", "level": 1, "parent": "P2"}])


def test_it_explains_a_cycle_as_a_path() -> None:
    with pytest.raises(HierarchyCycleError, match="P1 -> P2 -> P1|P2 -> P1 -> P2"):
        Framework.from_records(rows({"code": "P1", "parent": "P2"}, {"code": "P2", "parent": "P1"}))


def test_it_refuses_empty_metadata() -> None:
    with pytest.raises(FrameworkError, match="empty"):
        Framework.from_records([])


def test_every_error_is_a_composite_error() -> None:
    for error in (HierarchyCycleError, UnknownParentError, NegativeWeightError, RootError):
        assert issubclass(error, CompositeError)
