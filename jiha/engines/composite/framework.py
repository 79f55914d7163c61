"""The indicator framework: COINr's ``iMeta`` table as a validated tree.

One row per item: ``code``, ``level`` (1 = indicator, higher = aggregate), ``parent`` (the code
one level up; empty for the single root), ``direction`` (+1 when more is better, -1 when less is
better), ``weight`` (relative to the siblings, >= 0) and, optionally, ``name``, ``target``,
``goalpost_lower`` and ``goalpost_upper`` used by the distance-to-target and goalpost
normalisations. An indicator may carry its own ``normalisation`` and ``treatment`` (the spec's
forms, e.g. ``{method: rank}`` and ``log``), which replace the spec's for that indicator.

Example:
    >>> framework = Framework.from_records([
    ...     {"code": "gdp", "level": 1, "parent": "economy", "weight": 2},
    ...     {"code": "jobless", "level": 1, "parent": "economy", "direction": -1},
    ...     {"code": "economy", "level": 2, "parent": "index"},
    ...     {"code": "index", "level": 3, "parent": None},
    ... ])
    >>> framework.indicators, framework.root
    (('gdp', 'jobless'), 'index')
    >>> framework.membership(1).tolist()
    [[1.0], [1.0]]
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from .errors import (
    CompositeError,
    DuplicateCodeError,
    FrameworkError,
    HierarchyCycleError,
    InvalidDirectionError,
    LevelError,
    NegativeWeightError,
    RootError,
    UnknownParentError,
)
from .spec import Normalisation, Treatment, parse_normalisation, parse_treatment
from .types import FloatArray, IntArray

__all__ = ["Framework", "Node"]

T = TypeVar("T")


@dataclass(frozen=True)
class Node:
    """One row of the indicator metadata."""

    code: str
    level: int
    parent: str | None = None
    direction: int = 1
    weight: float = 1.0
    name: str = ""
    target: float | None = None
    goalpost_lower: float | None = None
    goalpost_upper: float | None = None
    normalisation: Normalisation | None = None
    treatment: Treatment | None = None


class Framework:
    """A validated indicator hierarchy with the matrices the aggregation needs.

    Codes are kept in *level order*: all indicators (level 1) in metadata order, then the
    level-2 aggregates, and so on up to the root. Score matrices and weight vectors use that
    order on their last axis.

    Raises:
        DuplicateCodeError, UnknownParentError, HierarchyCycleError, RootError, LevelError,
        NegativeWeightError, InvalidDirectionError: see ``from_records``.
    """

    def __init__(self, nodes: Iterable[Node]) -> None:
        given = tuple(nodes)
        _validate(given)
        self.max_level = max(node.level for node in given)
        ordered = tuple(
            node for level in range(1, self.max_level + 1) for node in given if node.level == level
        )
        self.nodes: tuple[Node, ...] = ordered
        self.codes: tuple[str, ...] = tuple(node.code for node in ordered)
        self.levels: tuple[int, ...] = tuple(node.level for node in ordered)
        self._position = {code: i for i, code in enumerate(self.codes)}
        self._slices: dict[int, slice] = {}
        for level in range(1, self.max_level + 1):
            start = sum(1 for lv in self.levels if lv < level)
            self._slices[level] = slice(start, start + self.levels.count(level))
        self._memberships: dict[int, FloatArray] = {}
        self.root: str = next(node.code for node in ordered if node.parent is None)
        self.indicators: tuple[str, ...] = self.level_codes(1)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, object]]) -> Framework:
        """Build a framework from metadata rows (dicts, e.g. ``polars.DataFrame.to_dicts()``).

        Example:
            >>> Framework.from_records([
            ...     {"code": "a", "level": 1, "parent": "top"},
            ...     {"code": "top", "level": 2, "parent": ""},
            ... ]).codes
            ('a', 'top')
        """
        return cls(_node_from_record(i, record) for i, record in enumerate(records))

    def node(self, code: str) -> Node:
        """The metadata row of ``code``."""
        return self.nodes[self.position(code)]

    def position(self, code: str) -> int:
        """Position of ``code`` in level order (the last axis of scores and weights)."""
        try:
            return self._position[code]
        except KeyError:
            raise FrameworkError(f"'{code}' is not in the metadata", item=code) from None

    def level_slice(self, level: int) -> slice:
        """Slice of the level-ordered codes that belong to ``level``."""
        if level not in self._slices:
            raise FrameworkError(f"the framework has no level {level}", item=str(level))
        return self._slices[level]

    def level_codes(self, level: int) -> tuple[str, ...]:
        """Codes at ``level`` in level order."""
        return self.codes[self.level_slice(level)]

    def children(self, code: str) -> tuple[str, ...]:
        """Codes whose parent is ``code``."""
        return tuple(node.code for node in self.nodes if node.parent == code)

    def parent_positions(self, level: int) -> IntArray:
        """For each item at ``level``, the position of its parent among level ``level + 1``."""
        parents = self.level_codes(level + 1)
        return np.array(
            [parents.index(str(self.node(code).parent)) for code in self.level_codes(level)],
            dtype=np.int64,
        )

    def membership(self, level: int) -> FloatArray:
        """0/1 matrix (items at ``level``) x (items at ``level + 1``): 1 where child of."""
        if level not in self._memberships:
            positions = self.parent_positions(level)
            matrix = np.zeros((positions.size, len(self.level_codes(level + 1))))
            matrix[np.arange(positions.size), positions] = 1.0
            matrix.flags.writeable = False
            self._memberships[level] = matrix
        return self._memberships[level]

    @property
    def weights(self) -> FloatArray:
        """Metadata weights in level order (the root's is 1 and never used)."""
        return np.array([node.weight for node in self.nodes], dtype=np.float64)

    @property
    def directions(self) -> FloatArray:
        """Indicator directions (+1 or -1), one per indicator."""
        return np.array([float(node.direction) for node in self.nodes[: len(self.indicators)]])

    @property
    def targets(self) -> FloatArray:
        """Indicator targets, NaN where the metadata gives none."""
        return _optional_column([node.target for node in self.nodes[: len(self.indicators)]])

    @property
    def normalisations(self) -> tuple[Normalisation | None, ...]:
        """Each indicator's own normalisation, None where the spec's applies."""
        return tuple(node.normalisation for node in self.nodes[: len(self.indicators)])

    @property
    def treatments(self) -> tuple[Treatment | None, ...]:
        """Each indicator's own treatment, None where the spec's outlier rule applies."""
        return tuple(node.treatment for node in self.nodes[: len(self.indicators)])

    @property
    def goalposts(self) -> FloatArray:
        """Indicator goalposts as an (indicators, 2) array of (lower, upper), NaN if absent."""
        nodes = self.nodes[: len(self.indicators)]
        lower = _optional_column([node.goalpost_lower for node in nodes])
        upper = _optional_column([node.goalpost_upper for node in nodes])
        return np.stack([lower, upper], axis=1)


def _optional_column(values: list[float | None]) -> FloatArray:
    return np.array([math.nan if v is None else v for v in values], dtype=np.float64)


# -- parsing ---------------------------------------------------------------------------------


def _node_from_record(row: int, record: Mapping[str, object]) -> Node:
    code = _text(record.get("code"))
    if not code:
        raise FrameworkError(f"metadata row {row + 1} has no code; every row needs a unique code")
    level = _number(record.get("level"), code, "level")
    if level is None or level != int(level):
        raise LevelError(f"'{code}' has level {record.get('level')!r}; use 1, 2, 3…", item=code)
    direction = _number(record.get("direction", 1), code, "direction")
    if direction not in (None, 1, -1):
        raise InvalidDirectionError(
            f"'{code}' has direction {record.get('direction')!r}; use +1 when a higher value is "
            "better and -1 when a lower value is better",
            item=code,
        )
    weight = _number(record.get("weight", 1.0), code, "weight")
    return Node(
        code=code,
        level=int(level),
        parent=_text(record.get("parent")) or None,
        direction=1 if direction is None else int(direction),
        weight=1.0 if weight is None else weight,
        name=_text(record.get("name")),
        target=_number(record.get("target"), code, "target"),
        goalpost_lower=_number(record.get("goalpost_lower"), code, "goalpost_lower"),
        goalpost_upper=_number(record.get("goalpost_upper"), code, "goalpost_upper"),
        normalisation=_own(record, "normalisation", parse_normalisation, code, int(level)),
        treatment=_own(record, "treatment", parse_treatment, code, int(level)),
    )


def _own(
    record: Mapping[str, object], key: str, parse: Callable[[object], T], code: str, level: int
) -> T | None:
    """An indicator's own method (``normalisation`` or ``treatment``), None if not given."""
    value = record.get(key)
    if value is None or value == "":
        return None
    if level != 1:
        raise FrameworkError(
            f"aggregate '{code}' has a {key}; only indicators (level 1) can have their own {key}",
            item=code,
        )
    try:
        return parse(value)
    except CompositeError as error:
        raise FrameworkError(f"the {key} of '{code}': {error.message}", item=code) from None


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _number(value: object, code: str, key: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise FrameworkError(
            f"'{code}' has {key} {value!r}, which is not a number", item=code
        ) from None
    return None if math.isnan(number) else number


# -- validation ------------------------------------------------------------------------------


def _validate(nodes: tuple[Node, ...]) -> None:
    if not nodes:
        raise FrameworkError("the metadata is empty; give at least one indicator and a root")
    by_code = _check_unique(nodes)
    for node in nodes:
        _check_row(node, by_code)
    _check_cycles(nodes, by_code)
    _check_root(nodes)
    _check_levels(nodes, by_code)


def _check_unique(nodes: tuple[Node, ...]) -> dict[str, Node]:
    by_code: dict[str, Node] = {}
    for node in nodes:
        if node.code in by_code:
            raise DuplicateCodeError(
                f"'{node.code}' appears twice in the metadata; codes must be unique",
                item=node.code,
            )
        by_code[node.code] = node
    return by_code


def _check_row(node: Node, by_code: Mapping[str, Node]) -> None:
    if node.direction not in (1, -1):
        raise InvalidDirectionError(
            f"'{node.code}' has direction {node.direction!r}; use +1 when a higher value is "
            "better and -1 when a lower value is better",
            item=node.code,
        )
    if not math.isfinite(node.weight):
        raise FrameworkError(f"'{node.code}' has a non-finite weight", item=node.code)
    if node.weight < 0:
        raise NegativeWeightError(
            f"'{node.code}' has weight {node.weight:g}; weights must be >= 0 (use 0 to switch "
            "an item off)",
            item=node.code,
        )
    if node.parent is not None and node.parent not in by_code:
        raise UnknownParentError(
            f"'{node.code}' names parent '{node.parent}', which is not in the metadata; add a "
            f"row for '{node.parent}' or correct the parent code",
            item=node.code,
        )


def _check_cycles(nodes: tuple[Node, ...], by_code: Mapping[str, Node]) -> None:
    for node in nodes:
        path = [node.code]
        current = node
        while current.parent is not None:
            if current.parent in path:
                cycle = " -> ".join([*path[path.index(current.parent) :], current.parent])
                raise HierarchyCycleError(
                    f"the hierarchy has a cycle: {cycle}; each item must lead up to the root",
                    item=current.parent,
                )
            path.append(current.parent)
            current = by_code[current.parent]


def _check_root(nodes: tuple[Node, ...]) -> None:
    roots = [node.code for node in nodes if node.parent is None]
    if len(roots) != 1:
        found = ", ".join(f"'{code}'" for code in roots) or "none"
        raise RootError(
            f"the metadata needs exactly one root (an item without parent); found {found}",
            item=roots[0] if roots else None,
        )


def _check_levels(nodes: tuple[Node, ...], by_code: Mapping[str, Node]) -> None:
    for node in nodes:
        if node.level < 1:
            raise LevelError(f"'{node.code}' has level {node.level}; levels start at 1")
        if node.parent is not None and by_code[node.parent].level != node.level + 1:
            parent = by_code[node.parent]
            raise LevelError(
                f"'{node.code}' (level {node.level}) has parent '{parent.code}' at level "
                f"{parent.level}; a parent must be exactly one level up",
                item=node.code,
            )
    for node in nodes:
        children = [child for child in nodes if child.parent == node.code]
        if node.level > 1 and not children:
            raise LevelError(
                f"aggregate '{node.code}' (level {node.level}) has no children; give it "
                "children or make it a level-1 indicator",
                item=node.code,
            )
        if children and sum(child.weight for child in children) <= 0:
            raise NegativeWeightError(
                f"all children of '{node.code}' have weight 0; give at least one a positive weight",
                item=node.code,
            )
