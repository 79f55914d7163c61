"""Dated legal parameters, read from YAML files in OpenFisca's format.

A leaf file (or a leaf inside a node file) looks like::

    description: Income-tax cap for employees of offshoring companies in the parks
    metadata:
      unit: /1
    values:
      2025-07-01:
        value: 0.20
        reference: "Offre Offshoring Maroc 2025 — hespressfr 451067"
        confidence: secondary

``value: null`` ends a parameter, unless the entry says ``confidence: to_confirm``: then the
value exists in law but is not known yet. Formulas that meet such a value compute with a neutral
value and the simulation reports the result as incomplete, naming the parameter.
``confidence: interpretation`` marks a reading of the law that the sources leave open; results
that depend on it are reported as such (``Simulation.interpretations``).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from jiha.engines.rules.errors import ParameterError

# ``interpretation``: a reading of the law that the sources do not settle (e.g. whether a bonus
# is paid once or every year), kept as a parameter so a reviewer can change it without code.
CONFIDENCES = ("official", "secondary", "to_confirm", "interpretation")


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter, in force from ``start`` until the next one."""

    start: dt.date
    value: Any
    reference: str = ""
    confidence: str = "secondary"
    note: str = ""

    @property
    def is_known(self) -> bool:
        return not (self.value is None and self.confidence == "to_confirm")


@dataclass(frozen=True)
class Parameter:
    """A named parameter and its dated history, oldest first."""

    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]
    documentation: str = ""

    def at(self, date: dt.date) -> DatedValue | None:
        """The value in force on ``date``, or None before the first one.

        >>> p = Parameter("x", "", "/1", (DatedValue(dt.date(2020, 1, 1), 0.2),))
        >>> p.at(dt.date(2019, 12, 31)) is None, p.at(dt.date(2020, 1, 1)).value
        (True, 0.2)
        """
        starts = [v.start for v in self.values]
        index = bisect.bisect_right(starts, date) - 1
        return self.values[index] if index >= 0 else None

    def with_value(self, value: DatedValue) -> Parameter:
        """A copy with ``value`` added (replacing one with the same start date)."""
        kept = [v for v in self.values if v.start != value.start]
        return replace(self, values=tuple(sorted([*kept, value], key=lambda v: v.start)))


@dataclass
class ParameterTree:
    """All parameters of a legislation, by dotted name (``offer_2025.ir_cap.park_rate``)."""

    parameters: dict[str, Parameter] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Parameter:
        try:
            return self.parameters[name]
        except KeyError:
            raise ParameterError(
                f"Unknown parameter {name!r}. Known parameters start with: "
                + ", ".join(sorted({n.split(".")[0] for n in self.parameters}))
            ) from None

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters[name] for name in sorted(self.parameters))

    def __len__(self) -> int:
        return len(self.parameters)

    def with_values(self, values: Mapping[str, list[DatedValue]]) -> ParameterTree:
        """A copy where each named parameter gains the given dated values (a reform, or
        values an administrator added without a code change)."""
        updated = dict(self.parameters)
        for name, dated_values in values.items():
            parameter = self[name]
            for dated in dated_values:
                parameter = parameter.with_value(dated)
            updated[name] = parameter
        return ParameterTree(updated)


def _parse_date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise ParameterError(f"{where}: {raw!r} is not a date (YYYY-MM-DD).") from None


def _reference_text(raw: Any) -> str:
    if isinstance(raw, list):
        return "; ".join(_reference_text(item) for item in raw)
    if isinstance(raw, dict):
        return " — ".join(str(raw[k]) for k in ("title", "href") if raw.get(k))
    return str(raw or "")


def _leaf(name: str, node: Mapping[str, Any]) -> Parameter:
    metadata = node.get("metadata") or {}
    default_reference = _reference_text(metadata.get("reference"))
    default_confidence = metadata.get("confidence", "secondary")
    values = []
    for raw_date, entry in (node.get("values") or {}).items():
        start = _parse_date(raw_date, name)
        entry = entry if isinstance(entry, dict) else {"value": entry}
        confidence = entry.get("confidence", default_confidence)
        if confidence not in CONFIDENCES:
            raise ParameterError(f"{name} at {start}: confidence must be one of {CONFIDENCES}.")
        values.append(
            DatedValue(
                start=start,
                value=entry.get("value"),
                reference=_reference_text(entry.get("reference")) or default_reference,
                confidence=confidence,
                note=str(entry.get("note", "")),
            )
        )
    if not values:
        raise ParameterError(f"Parameter {name} has no dated values.")
    return Parameter(
        name=name,
        description=str(node.get("description", "")),
        unit=str(metadata.get("unit", "")),
        values=tuple(sorted(values, key=lambda v: v.start)),
        documentation=str(node.get("documentation", "")),
    )


def _walk(prefix: str, node: Any, out: dict[str, Parameter]) -> None:
    if not isinstance(node, dict):
        raise ParameterError(f"{prefix}: expected a mapping, found {type(node).__name__}.")
    if "values" in node:
        out[prefix] = _leaf(prefix, node)
        return
    for key, child in node.items():
        if key in ("description", "metadata", "documentation"):
            continue
        _walk(f"{prefix}.{key}" if prefix else str(key), child, out)


def load_parameters(directory: Path) -> ParameterTree:
    """Load every ``*.yaml`` under ``directory``; the file path gives the name prefix."""
    out: dict[str, Parameter] = {}
    for path in sorted(directory.rglob("*.yaml")):
        prefix = ".".join(path.relative_to(directory).with_suffix("").parts)
        try:
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ParameterError(f"{path.name}: not valid YAML ({exc}).") from exc
        _walk(prefix, content, out)
    return ParameterTree(out)
