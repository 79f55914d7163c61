"""Reads for incentives: the parameter browser, background simulations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import User
from jiha.engines.rules import DatedValue, Parameter
from jiha.incentives.dossiers.compute import project_of
from jiha.incentives.engine_io import Location, ScenarioSite, Site, current_legislation
from jiha.incentives.models import Dossier, DossierState, SimulationJob
from jiha.incentives.simulator import Limits
from jiha.legislation.vocabulary import NO_PARK
from jiha.lib.errors import NotFound


@dataclass(frozen=True)
class ParameterRow:
    parameter: Parameter
    current: DatedValue | None

    @property
    def group(self) -> str:
        return self.parameter.name.split(".")[0]


def parameter_rows(on: dt.date | None = None) -> list[ParameterRow]:
    day = on or timezone.localdate()
    return [ParameterRow(p, p.at(day)) for p in current_legislation().parameters]


def parameter_get(name: str) -> Parameter:
    try:
        return current_legislation().parameters.parameters[name]
    except KeyError:
        raise NotFound(
            _("There is no legal parameter %(name)s.") % {"name": name[:100]},
            code="unknown_parameter",
        ) from None


def synchronous_limits() -> Limits:
    """The most a simulation answered at once may ask for (the simulator, its API, the
    advisor): employees, training rows, years."""
    return Limits.synchronous()


def simulation_job_get(*, owner: User, job_id: int) -> SimulationJob:
    """The owner's background simulation; another user's is "not found", as if it did not
    exist."""
    job = SimulationJob.objects.filter(pk=job_id, owner=owner).first()
    if job is None:
        raise NotFound(code="unknown_simulation")
    return job


# States where a decision fixed the dossier's amount: a what-if reform never changes them.
DECIDED_STATES = frozenset({DossierState.APPROVED, DossierState.REJECTED, DossierState.PAID})
# Dossiers a reform's population leaves out: not filed, or given up.
NOT_FILED_STATES = frozenset({DossierState.DRAFT, DossierState.WITHDRAWN})


@dataclass(frozen=True)
class ReformDossier:
    """A filed dossier as a what-if reform sees it: its company, region and what it claims;
    decided ones carry their decided amount (``scenario`` None: not recomputed)."""

    dossier: int
    organisation: int
    region: str
    state: str
    employees: int
    scenario: ScenarioSite | None
    decided_amount: Decimal | None = None


def _decided_amount(dossier: Dossier) -> Decimal:
    decision = getattr(dossier, "decision", None)
    if dossier.state == DossierState.REJECTED or decision is None:
        return Decimal(0)
    amount = decision.amount if decision.amount is not None else decision.computed_amount
    return amount or Decimal(0)


def reform_dossiers() -> list[ReformDossier]:
    """Every filed dossier (neither draft nor withdrawn), as the rules engine's sites: the
    project its data describes, its years and its scheme's variables."""
    dossiers = (
        Dossier.objects.exclude(state__in=NOT_FILED_STATES)
        .select_related("scheme", "region", "decision")
        .prefetch_related("training_lines")
        .order_by("pk")
    )
    out = []
    for dossier in dossiers.iterator(chunk_size=2000):
        project = project_of(dossier, dossier.training_lines.all())
        employees = sum(group.count for group in project.groups)
        common = {
            "dossier": dossier.pk,
            "organisation": dossier.organisation_id,
            "region": dossier.region.code,
            "state": dossier.state,
            "employees": employees,
        }
        if dossier.state in DECIDED_STATES:
            out.append(
                ReformDossier(**common, scenario=None, decided_amount=_decided_amount(dossier))
            )
            continue
        data = dossier.data or {}
        location = Location(
            region=dossier.region.code,
            park=str(data.get("park") or NO_PARK),
            province=data.get("province") or None,
        )
        years = range(dossier.period_start.year, dossier.period_end.year + 1)
        scenario = ScenarioSite(Site(location, project), years, tuple(dossier.scheme.variables))
        out.append(ReformDossier(**common, scenario=scenario))
    return out
