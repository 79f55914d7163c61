"""From a dossier's data to the rules engine's amount (through ``engine_io``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from jiha.incentives.engine_io import (
    DossierComputation,
    HireGroup,
    Location,
    Project,
    TrainingItem,
    dossier_compute,
)
from jiha.incentives.models import Dossier, Scheme, TrainingLine
from jiha.legislation.vocabulary import ACTIVITIES, NO_PARK

DEFAULT_ACTIVITY = ACTIVITIES.codes[0]  # ITO


def _day(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def project_of(dossier: Dossier, lines: Iterable[TrainingLine] = ()) -> Project:
    """The project the rules engine computes: employees (one group per employee of the
    training lines, or the hires the data lists), their trainings, the investment."""
    data = dossier.data or {}
    activity = str(data.get("activity") or DEFAULT_ACTIVITY)
    groups: list[HireGroup] = []
    trainings: list[TrainingItem] = []
    if dossier.scheme.data_kind == Scheme.DataKind.TRAININGS:
        employees: dict[tuple[str, str, dt.date], int] = {}
        for line in lines:
            key = (line.employee.strip().casefold(), line.profile, line.hire_date)
            if key not in employees:
                employees[key] = len(groups)
                groups.append(HireGroup(line.profile, Decimal(0), line.hire_date))
            trainings.append(
                TrainingItem(
                    group=employees[key],
                    cost=line.cost,
                    start_date=line.start_date,
                    modality=line.modality,
                    hours=float(line.hours),
                )
            )
    else:
        for hire in data.get("hires", []):
            groups.append(
                HireGroup(
                    profile=str(hire["profile"]),
                    gross_annual_salary=Decimal(str(hire["gross_annual_salary"])),
                    hire_date=_day(hire["hire_date"]) or dossier.period_start,
                    count=int(hire.get("count", 1)),
                    permanent=bool(hire.get("permanent", True)),
                    moroccan=bool(hire.get("moroccan", True)),
                )
            )
    return Project(
        activity=activity,
        groups=groups,
        trainings=trainings,
        investment=Decimal(str(data.get("investment") or 0)),
        investment_date=_day(data.get("investment_date")),
        planned_jobs=int(data["planned_jobs"]) if data.get("planned_jobs") else None,
    )


def dossier_computation(dossier: Dossier) -> DossierComputation:
    """The amount the rules engine gives for the dossier's scheme over its period."""
    data = dossier.data or {}
    location = Location(
        region=dossier.region.code,
        park=str(data.get("park") or NO_PARK),
        province=data.get("province") or None,
    )
    lines = dossier.training_lines.all() if dossier.pk else []
    project = project_of(dossier, lines)
    years = range(dossier.period_start.year, dossier.period_end.year + 1)
    return dossier_compute(
        location=location, project=project, variables=dossier.scheme.variables, years=years
    )
