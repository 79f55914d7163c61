"""Reads for incentives: the parameter browser, background simulations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import IO, Any, cast

from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import User
from jiha.engines.rules import DatedValue, Parameter
from jiha.incentives.documents.models import DocumentVersion, ScanState
from jiha.incentives.dossiers.compute import project_of
from jiha.incentives.engine_io import Location, ScenarioSite, Site, current_legislation
from jiha.incentives.models import (
    Decision,
    Dossier,
    DossierState,
    Scheme,
    SimulationJob,
    TrainingLine,
)
from jiha.incentives.simulator import Limits
from jiha.legislation.vocabulary import NO_PARK
from jiha.lib.errors import NotFound
from jiha.lib.uploads import open_stored


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


@dataclass(frozen=True)
class _Row:
    """What ``project_of`` reads of a dossier, from one query of values (no model instance)."""

    data: dict[str, Any]
    scheme: Any
    period_start: dt.date


@dataclass(frozen=True)
class _SchemeKind:
    data_kind: str


@dataclass(frozen=True)
class _Line:
    employee: str
    profile: str
    hire_date: dt.date
    start_date: dt.date
    hours: Decimal
    cost: Decimal
    modality: str


def _decided_amount(state: str, amount: Decimal | None, computed: Decimal | None) -> Decimal:
    if state == DossierState.REJECTED:
        return Decimal(0)
    return (amount if amount is not None else computed) or Decimal(0)


def reform_dossiers() -> list[ReformDossier]:
    """Every filed dossier (neither draft nor withdrawn), as the rules engine's sites: the
    project its data describes (``dossiers.compute.project_of``), its years and its scheme's
    variables. Read as values in two queries (dossiers, training lines): 10,000 dossiers as
    model instances cost seconds."""
    filed = Dossier.objects.exclude(state__in=NOT_FILED_STATES)
    schemes = {
        pk: (_SchemeKind(kind), tuple(variables))
        for pk, kind, variables in Scheme.objects.values_list("pk", "data_kind", "variables")
    }
    lines: dict[int, list[_Line]] = {}
    for dossier_id, employee, profile, hire, training, hours, cost, modality in (
        TrainingLine.objects.filter(dossier__in=filed)
        .order_by("dossier_id", "position", "pk")
        .values_list(
            "dossier_id",
            "employee",
            "profile",
            "hire_date",
            "start_date",
            "hours",
            "cost",
            "modality",
        )
        .iterator(chunk_size=5000)
    ):
        line = _Line(employee, profile, hire, training, hours, cost, modality)
        lines.setdefault(dossier_id, []).append(line)
    decisions = {
        dossier: (amount, computed)
        for dossier, amount, computed in Decision.objects.filter(
            dossier__state__in=DECIDED_STATES
        ).values_list("dossier_id", "amount", "computed_amount")
    }
    rows = filed.order_by("pk").values_list(
        "pk",
        "organisation_id",
        "region__code",
        "state",
        "scheme_id",
        "data",
        "period_start",
        "period_end",
    )
    out = []
    for (
        pk,
        organisation,
        region,
        state,
        scheme,
        data,
        start,
        end,
    ) in rows.iterator(chunk_size=5000):
        kind, variables = schemes[scheme]
        data = data or {}
        project = project_of(cast(Any, _Row(data, kind, start)), cast(Any, lines.get(pk, [])))
        common: dict[str, Any] = {
            "dossier": pk,
            "organisation": organisation,
            "region": region,
            "state": state,
            "employees": sum(group.count for group in project.groups),
        }
        if state in DECIDED_STATES:
            decided = _decided_amount(state, *decisions.get(pk, (None, None)))
            out.append(ReformDossier(**common, scenario=None, decided_amount=decided))
            continue
        location = Location(
            region=region,
            park=str(data.get("park") or NO_PARK),
            province=data.get("province") or None,
        )
        scenario = ScenarioSite(Site(location, project), range(start.year, end.year + 1), variables)
        out.append(ReformDossier(**common, scenario=scenario))
    return out


# --- Exports of dossiers: rows streamed from the database, and the clean document files ------

EXPORT_COLUMNS = (
    "reference",
    "organisation__name",
    "scheme__code",
    "region__code",
    "state",
    "period_start",
    "period_end",
    "computed_amount",
    "decision__amount",
    "submitted_at",
    "decided_at",
)


def _export_queryset(organisation_id: int | None) -> Any:
    dossiers = Dossier.objects.all()
    if organisation_id is not None:
        dossiers = dossiers.filter(organisation_id=organisation_id)
    return dossiers


def dossier_export_count(*, organisation_id: int | None) -> int:
    return int(_export_queryset(organisation_id).count())


def dossier_export_rows(*, organisation_id: int | None) -> Iterator[tuple[Any, ...]]:
    """Every dossier (of one organisation, or all), one tuple of ``EXPORT_COLUMNS`` each,
    fetched in chunks: a large export never holds the table in memory."""
    rows = _export_queryset(organisation_id).order_by("pk").values_list("pk", *EXPORT_COLUMNS)
    return iter(rows.iterator(chunk_size=2000))


@dataclass(frozen=True)
class ExportFile:
    """A document file of a dossier an export may include (scanned clean)."""

    dossier: int
    name: str
    open: Callable[[], IO[bytes]]


def dossier_export_files(dossier_ids: Iterable[int]) -> Iterator[ExportFile]:
    """The latest version of each document of the dossiers, for a ZIP export, when it was
    scanned clean: a version that is pending, infected, failed or not scanned is never given."""
    latest = (
        DocumentVersion.objects.filter(document__dossier_id__in=list(dossier_ids))
        .order_by("document_id", "-number")
        .values_list("document_id", "document__dossier_id", "name", "storage_key", "scan_state")
    )
    seen: set[int] = set()
    for document, dossier, name, key, state in latest.iterator(chunk_size=2000):
        if document in seen:
            continue
        seen.add(document)
        if state == ScanState.CLEAN:
            yield ExportFile(dossier, name, partial(open_stored, key))


# The incentive procedure's reads live in their own module; other apps read them here.
from jiha.incentives.dossiers.selectors import (  # noqa: E402
    Deadline,
    QueueFilters,
    dossier_deadline,
    dossier_get,
    dossier_history,
    dossiers_of,
    region_dossier_counts,
    review_queue,
    reviewer_groups,
    reviewers,
    scheme_get,
    scheme_list,
)

__all__ = [
    "Deadline",
    "QueueFilters",
    "dossier_deadline",
    "dossier_get",
    "dossier_history",
    "dossiers_of",
    "parameter_get",
    "parameter_rows",
    "region_dossier_counts",
    "review_queue",
    "reviewer_groups",
    "reviewers",
    "scheme_get",
    "scheme_list",
    "simulation_job_get",
    "synchronous_limits",
    # What-if reforms and exports of dossiers.
    "DECIDED_STATES",
    "EXPORT_COLUMNS",
    "ExportFile",
    "ReformDossier",
    "dossier_export_count",
    "dossier_export_files",
    "dossier_export_rows",
    "reform_dossiers",
]


# What the simulator and the advisor assume, read by the advisor through this face.
from jiha.incentives.assumptions import (  # noqa: E402
    SalarySource,
    hire_groups,
    salary_amount,
    salary_sources,
    simulator_query,
)

__all__ += ["SalarySource", "hire_groups", "salary_amount", "salary_sources", "simulator_query"]
