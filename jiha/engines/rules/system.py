"""A legislation: its entities, variables and parameters; reforms derive new ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from jiha.engines.rules.errors import UnknownVariableError
from jiha.engines.rules.parameters import DatedValue, ParameterTree
from jiha.engines.rules.situation import Entity
from jiha.engines.rules.variables import Variable


@dataclass(frozen=True)
class Legislation:
    """Entities, variables and parameters. Immutable: reforms return a new one."""

    entities: tuple[Entity, ...]
    variables: Mapping[str, Variable]
    parameters: ParameterTree
    name: str = "baseline"
    labels: Mapping[str, str] = field(default_factory=dict)

    def variable(self, name: str) -> Variable:
        try:
            return self.variables[name]
        except KeyError:
            raise UnknownVariableError(
                f"Unknown variable {name!r}: see the legislation's variable list."
            ) from None

    def entity(self, key: str) -> Entity:
        return next(e for e in self.entities if e.key == key)

    def input_kinds(self) -> dict[str, dict[str, str]]:
        kinds: dict[str, dict[str, str]] = {e.key: {} for e in self.entities}
        for variable in self.variables.values():
            if variable.is_input:
                kinds[variable.entity][variable.name] = variable.kind
        return kinds

    def reform(
        self,
        name: str,
        *,
        parameters: Mapping[str, Mapping[str | dt.date, Any]] | None = None,
        variables: Iterable[Variable] = (),
    ) -> Legislation:
        """A what-if legislation: override parameter values from given dates, or replace
        (or add) variables.

        ``parameters={"charter.cap": {"2026-01-01": 0.25}}``
        """
        new_values = {
            param: [
                DatedValue(
                    start=start if isinstance(start, dt.date) else dt.date.fromisoformat(start),
                    value=value,
                    reference=f"Reform {name}",
                    confidence="to_confirm",
                )
                for start, value in dated.items()
            ]
            for param, dated in (parameters or {}).items()
        }
        merged = dict(self.variables)
        merged.update({v.name: v for v in variables})
        return replace(
            self, name=name, parameters=self.parameters.with_values(new_values), variables=merged
        )
