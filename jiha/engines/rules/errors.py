"""Errors of the rules engine: each says what went wrong and what to do next."""

from __future__ import annotations


class RulesError(Exception):
    """Base class of every error raised by the rules engine."""


class ParameterError(RulesError):
    """A parameter file or value is malformed, or a parameter name does not exist."""


class CycleError(RulesError):
    """Variables depend on each other in a loop."""

    def __init__(self, cycle: list[str]) -> None:
        self.cycle = cycle
        super().__init__(
            "Circular definition: " + " → ".join(cycle) + ". Break the loop by making one of "
            "these variables an input or by reading another period."
        )


class InputError(RulesError):
    """The situation given to a simulation is incomplete or inconsistent."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class UnknownVariableError(RulesError):
    """A variable name that the legislation does not define."""


class PeriodError(RulesError):
    """A date or period outside what the legislation covers, or malformed."""
