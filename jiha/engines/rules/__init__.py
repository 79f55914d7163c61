"""A vectorised rules-as-code engine: dated parameters, dated formulas over numpy arrays, exact
money, lazy evaluation with a cache, reforms, and explanations for a single company or employee.

No Django here: the incentives app reaches it through ``jiha/incentives/engine_io.py``.
"""

from jiha.engines.rules.errors import (
    CycleError,
    InputError,
    ParameterError,
    PeriodError,
    RulesError,
    UnknownVariableError,
)
from jiha.engines.rules.money import apply_ppm, apply_rate, from_centimes, rate_to_ppm, to_centimes
from jiha.engines.rules.parameters import DatedValue, Parameter, ParameterTree, load_parameters
from jiha.engines.rules.periods import Period
from jiha.engines.rules.simulation import Explanation, ParameterUse, Simulation
from jiha.engines.rules.situation import Entity, Population, Situation, situation_from_records
from jiha.engines.rules.system import Legislation
from jiha.engines.rules.types import FormulaContext
from jiha.engines.rules.variables import Variable

__all__ = [
    "CycleError",
    "DatedValue",
    "Entity",
    "Explanation",
    "FormulaContext",
    "InputError",
    "Legislation",
    "Parameter",
    "ParameterError",
    "ParameterTree",
    "ParameterUse",
    "Period",
    "PeriodError",
    "Population",
    "RulesError",
    "Simulation",
    "Situation",
    "UnknownVariableError",
    "Variable",
    "apply_ppm",
    "apply_rate",
    "from_centimes",
    "load_parameters",
    "rate_to_ppm",
    "situation_from_records",
    "to_centimes",
]
