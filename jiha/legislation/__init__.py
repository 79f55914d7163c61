"""Morocco's offshoring incentives as code: parameters (YAML, with sources) and formulas.

Framework-free (numpy + the rules engine); ``jiha.incentives.engine_io`` connects it to Django.
"""

from __future__ import annotations

from pathlib import Path

from jiha.engines.rules import Entity, Legislation, ParameterTree, load_parameters

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"
SCENARIOS_DIR = Path(__file__).resolve().parent / "scenarios"
ENTITIES = (
    Entity("company", "companies"),
    Entity("employee", "employees", parent="company"),
    Entity("training", "trainings", parent="employee"),
)


def build_legislation(parameters: ParameterTree | None = None) -> Legislation:
    """The offshoring legislation, with the packaged parameters or a given tree."""
    from jiha.legislation.variables import variables

    return Legislation(
        entities=ENTITIES,
        variables={v.name: v for v in variables},
        parameters=parameters if parameters is not None else load_parameters(PARAMETERS_DIR),
    )
