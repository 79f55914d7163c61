"""Variables: what the law computes, each with dated formulas over numpy arrays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jiha.engines.rules.types import AnyArray, FormulaContext

Formula = Callable[[FormulaContext], AnyArray]

DTYPES: dict[str, Any] = {
    "money": np.int64,
    "int": np.int64,
    "float": np.float64,
    "bool": np.bool_,
    "str": np.str_,
    "date": "datetime64[D]",
}


@dataclass
class Variable:
    """A quantity of one entity, for one period; an input when it has no formula.

    Formulas are dated: ``formulas[date]`` applies from that date until the next one.
    """

    name: str
    entity: str
    kind: str  # money (int64 centimes), int, float, bool, str, date
    label: str
    reference: str = ""
    formulas: dict[dt.date, Formula] = field(default_factory=dict)
    default: Any = 0

    def formula_at(self, date: dt.date) -> tuple[dt.date, Formula] | None:
        applicable = [start for start in self.formulas if start <= date]
        if not applicable:
            return None
        start = max(applicable)
        return start, self.formulas[start]

    @property
    def is_input(self) -> bool:
        return not self.formulas

    def empty(self, count: int) -> AnyArray:
        if self.kind == "date":
            return np.full(count, np.datetime64("NaT"), dtype="datetime64[D]")
        return np.full(count, self.default, dtype=DTYPES[self.kind])
