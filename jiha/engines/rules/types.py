"""numpy type aliases used across the rules engine, and what a formula may ask of its context.

The context is a protocol so that variables (which hold formulas) need not import the
simulation that implements it: the modules read bottom up, types → variables → system →
simulation, with no import going back.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from jiha.engines.rules.periods import Period

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
DateArray = npt.NDArray[np.datetime64]
StrArray = npt.NDArray[np.str_]
AnyArray = npt.NDArray[Any]


class FormulaContext(Protocol):
    """What a formula sees: the period, other variables, parameters and entity links."""

    entity: str
    period: Period
    scratch: dict[Any, Any]  # formulas may share intermediate arrays here

    @property
    def count(self) -> int:
        """Members of the formula's entity."""

    def __call__(self, name: str, period: Period | None = None) -> AnyArray:
        """Another variable, for this period unless another is given."""

    def has(self, name: str) -> bool:
        """Whether the parameter has a value in force at the start of the period."""

    def param(self, name: str, neutral: Any = 0) -> Any:
        """The parameter's value at the start of the period (``neutral`` when unknown)."""

    def rate(self, name: str) -> int:
        """A rate parameter in parts per million (exact)."""

    def money(self, name: str) -> int:
        """An amount parameter (in MAD) in centimes."""

    def date(self, name: str) -> np.datetime64:
        """A date parameter (NaT when unknown)."""

    def from_parent(self, parent_values: AnyArray) -> AnyArray:
        """Each member's parent's value."""

    def sum_children(self, child: str, values: AnyArray) -> AnyArray:
        """A child entity's values summed per member."""
