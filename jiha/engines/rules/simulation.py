"""Lazy, cached, vectorised evaluation of a legislation on a situation, with a trace that
explains any single result (one company, one employee) step by step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jiha.engines.rules.errors import CycleError, InputError, ParameterError
from jiha.engines.rules.money import from_centimes, rate_to_ppm, to_centimes
from jiha.engines.rules.parameters import DatedValue
from jiha.engines.rules.periods import Period
from jiha.engines.rules.situation import Population, Situation
from jiha.engines.rules.system import Legislation
from jiha.engines.rules.types import AnyArray, IntArray

Key = tuple[str, Period]


@dataclass(frozen=True)
class ParameterUse:
    """A parameter value a formula read, with where it comes from."""

    name: str
    description: str
    unit: str
    start: dt.date
    value: Any
    reference: str
    confidence: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "unit": self.unit,
            "in_force_from": self.start.isoformat(),
            "value": self.value,
            "reference": self.reference,
            "confidence": self.confidence,
        }


@dataclass
class TraceNode:
    formula_start: dt.date | None
    dependencies: list[Key] = field(default_factory=list)
    parameters: list[ParameterUse] = field(default_factory=list)
    unconfirmed: set[str] = field(default_factory=set)
    interpretations: set[str] = field(default_factory=set)


class SimulationContext:
    """The :class:`~jiha.engines.rules.types.FormulaContext` a simulation gives each formula:
    it records what the formula reads, for explanations."""

    def __init__(self, simulation: Simulation, key: Key, entity: str, node: TraceNode) -> None:
        self._simulation = simulation
        self._node = node
        self.entity = entity
        self.period = key[1]
        self.population: Population = simulation.situation[entity]
        self.scratch = simulation.scratch  # formulas may share intermediate arrays here

    @property
    def count(self) -> int:
        return self.population.count

    def __call__(self, name: str, period: Period | None = None) -> AnyArray:
        key = (name, period or self.period)
        self._node.dependencies.append(key)
        return self._simulation.calculate(name, key[1])

    # --- parameters ------------------------------------------------------------------
    def _dated(self, name: str) -> DatedValue:
        parameter = self._simulation.legislation.parameters[name]
        dated = parameter.at(self.period.start)
        if dated is None:
            raise ParameterError(
                f"Parameter {name} has no value on {self.period.start}: the legislation does not "
                "cover this date."
            )
        self._node.parameters.append(
            ParameterUse(
                name,
                parameter.description,
                parameter.unit,
                dated.start,
                dated.value,
                dated.reference,
                dated.confidence,
            )
        )
        if not dated.is_known:
            self._node.unconfirmed.add(name)
        if dated.confidence == "interpretation":
            self._node.interpretations.add(name)
        return dated

    def has(self, name: str) -> bool:
        """Whether the parameter has a value in force at the start of the period (a rule that
        came later, such as a higher rate from a given finance law, is skipped before it)."""
        return self._simulation.legislation.parameters[name].at(self.period.start) is not None

    def param(self, name: str, neutral: Any = 0) -> Any:
        """The value in force at the start of the period; ``neutral`` when it is still to be
        confirmed (the result is then reported incomplete) or no longer in force."""
        dated = self._dated(name)
        return neutral if dated.value is None else dated.value

    def rate(self, name: str) -> int:
        """A rate parameter in parts per million (exact)."""
        return rate_to_ppm(self.param(name, 0))

    def money(self, name: str) -> int:
        """An amount parameter (in MAD) in centimes."""
        return to_centimes(self.param(name, 0))

    def date(self, name: str) -> np.datetime64:
        value = self.param(name, None)
        return np.datetime64(str(value) if value is not None else "NaT", "D")

    # --- links between entities ---------------------------------------------------------
    def from_parent(self, parent_values: AnyArray) -> AnyArray:
        """Each member's parent's value (e.g. the company's region for each employee)."""
        if self.population.parent_index is None:
            raise InputError(f"{self.entity} has no parent entity.")
        return parent_values[self.population.parent_index]

    def sum_children(self, child: str, values: AnyArray) -> AnyArray:
        """Sum a child entity's values per member (e.g. employees' bonuses per company)."""
        population = self._simulation.situation[child]
        assert population.parent_index is not None  # noqa: S101 - entity structure
        if values.dtype == np.int64:
            # bincount sums in float64, exact while every partial sum stays below 2**53
            # centimes (90 trillion MAD); beyond that, the slower exact integer path.
            if values.size == 0 or int(np.abs(values).sum()) < 2**53:
                sums = np.bincount(population.parent_index, weights=values, minlength=self.count)
                return sums.astype(np.int64)
            totals = np.zeros(self.count, dtype=np.int64)
            np.add.at(totals, population.parent_index, values)
            return totals
        return np.bincount(population.parent_index, weights=values, minlength=self.count)


class Simulation:
    """Evaluate variables of ``legislation`` on ``situation``, lazily and with a cache.

    >>> # see jiha/engines/rules/tests for complete examples
    """

    def __init__(self, legislation: Legislation, situation: Situation) -> None:
        self.legislation = legislation
        self.situation = situation
        self._cache: dict[Key, AnyArray] = {}
        self._stack: list[Key] = []
        self.trace: dict[Key, TraceNode] = {}
        self.scratch: dict[Any, Any] = {}

    def calculate(self, name: str, period: Period | str | int) -> AnyArray:
        period = period if isinstance(period, Period) else Period.parse(period)
        key = (name, period)
        if key in self._cache:
            return self._cache[key]
        if key in self._stack:
            names = [n for n, _ in self._stack[self._stack.index(key) :]]
            raise CycleError([*names, name])
        variable = self.legislation.variable(name)
        population = self.situation[variable.entity]
        if variable.is_input:
            value = population.columns.get(name)
            result = value if value is not None else variable.empty(population.count)
            self.trace[key] = TraceNode(formula_start=None)
        else:
            found = variable.formula_at(period.start)
            node = TraceNode(formula_start=found[0] if found else None)
            self.trace[key] = node
            if found is None:
                result = variable.empty(population.count)
            else:
                self._stack.append(key)
                try:
                    context = SimulationContext(self, key, variable.entity, node)
                    result = np.asarray(found[1](context))
                finally:
                    self._stack.pop()
                for dependency in node.dependencies:
                    node.unconfirmed |= self.trace[dependency].unconfirmed
                    node.interpretations |= self.trace[dependency].interpretations
        self._cache[key] = result
        return result

    def unconfirmed(self, name: str, period: Period | str | int) -> set[str]:
        """Parameters still to be confirmed that this result depends on."""
        period = period if isinstance(period, Period) else Period.parse(period)
        self.calculate(name, period)
        return set(self.trace[(name, period)].unconfirmed)

    def interpretations(self, name: str, period: Period | str | int) -> set[str]:
        """Parameters this result depends on that encode a reading of the law the sources do
        not settle (confidence ``interpretation``): to be confirmed by a reviewer."""
        period = period if isinstance(period, Period) else Period.parse(period)
        self.calculate(name, period)
        return set(self.trace[(name, period)].interpretations)

    def explain(self, name: str, period: Period | str | int, index: int) -> Explanation:
        """Every step behind one member's value: formulas, inputs, parameters and sources."""
        period = period if isinstance(period, Period) else Period.parse(period)
        self.calculate(name, period)
        variable = self.legislation.variable(name)
        return _explain(self, (name, period), variable.entity, np.array([index]), depth=0)


@dataclass
class Explanation:
    variable: str
    label: str
    entity: str
    indices: list[int]
    period: str
    value: Any
    kind: str
    reference: str
    formula_from: str | None
    parameters: list[ParameterUse]
    inputs: list[Explanation]
    unconfirmed: list[str]
    more_members: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "variable": self.variable,
            "label": self.label,
            "entity": self.entity,
            "members": self.indices,
            "period": self.period,
            "value": self.value,
            "kind": self.kind,
            "reference": self.reference,
            "formula_in_force_from": self.formula_from,
            "parameters": [p.as_dict() for p in self.parameters],
            "inputs": [i.as_dict() for i in self.inputs],
            "unconfirmed_parameters": self.unconfirmed,
            "more_members": self.more_members,
        }

    def lines(self, indent: str = "") -> list[str]:
        """A readable tree, one step a line."""
        out = [f"{indent}{self.label} [{self.variable}] = {self.value}"]
        for p in self.parameters:
            out.append(
                f"{indent}  · {p.name} = {p.value} (from {p.start}; {p.reference}; {p.confidence})"
            )
        for child in self.inputs:
            out.extend(child.lines(indent + "  "))
        return out


def _scalar(values: AnyArray, kind: str) -> Any:
    if kind == "money":
        return str(from_centimes(int(values.sum())))
    if values.size != 1:
        return [_scalar(values[i : i + 1], kind) for i in range(values.size)]
    item = values[0]
    if kind == "date":
        return None if np.isnat(item) else str(item)
    if kind == "float":
        return float(item)
    return item.item() if hasattr(item, "item") else item


def _map_indices(simulation: Simulation, source: str, target: str, indices: IntArray) -> IntArray:
    """Members of ``target`` related to ``indices`` of ``source`` (same, ancestors or children)."""
    if source == target:
        return indices
    # target is an ancestor of source: climb the parent links
    entity, current = source, indices
    while (parent := simulation.legislation.entity(entity).parent) is not None:
        parent_index = simulation.situation[entity].parent_index
        assert parent_index is not None  # noqa: S101 - entity structure
        entity, current = parent, np.unique(parent_index[current])
        if entity == target:
            return current
    # target is a descendant of source: keep the members whose ancestor is in indices
    chain = [target]
    while chain[-1] != source:
        parent = simulation.legislation.entity(chain[-1]).parent
        if parent is None:
            return np.array([], dtype=np.int64)
        chain.append(parent)
    members = np.arange(simulation.situation[target].count)
    ancestors = members
    for entity in chain[:-1]:
        parent_index = simulation.situation[entity].parent_index
        assert parent_index is not None  # noqa: S101 - entity structure
        ancestors = parent_index[ancestors]
    return members[np.isin(ancestors, indices)]


def _explain(
    simulation: Simulation, key: Key, entity: str, indices: IntArray, depth: int
) -> Explanation:
    variable = simulation.legislation.variable(key[0])
    node = simulation.trace[key]
    values = simulation.calculate(*key)
    shown, more = indices[:5], max(0, len(indices) - 5)
    inputs: list[Explanation] = []
    seen: set[Key] = set()
    for dependency in node.dependencies:
        if dependency in seen or depth > 12:
            continue
        seen.add(dependency)
        dep_entity = simulation.legislation.variable(dependency[0]).entity
        dep_indices = _map_indices(simulation, entity, dep_entity, shown)
        inputs.append(_explain(simulation, dependency, dep_entity, dep_indices, depth + 1))
    unique_params = list({(p.name, p.start): p for p in node.parameters}.values())
    return Explanation(
        variable=variable.name,
        label=variable.label,
        entity=entity,
        indices=[int(i) for i in shown],
        period=str(key[1]),
        value=_scalar(values[indices] if values.size else values, variable.kind),
        kind=variable.kind,
        reference=variable.reference,
        formula_from=node.formula_start.isoformat() if node.formula_start else None,
        parameters=unique_params,
        inputs=inputs,
        unconfirmed=sorted(node.unconfirmed),
        more_members=more,
    )
