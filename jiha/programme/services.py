"""Writes of the programme: initiatives and what they carry (each change audited in its own
transaction), the reference conventions, and fact sheets."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.permissions import explain_refusal
from jiha.audit.services import audit_append
from jiha.lib.errors import AppError, InvalidInput, PermissionDenied
from jiha.programme import selectors
from jiha.programme.models import (
    Channel,
    Convention,
    FactSheet,
    Initiative,
    Kpi,
    Milestone,
    Procedure,
    Workstream,
)
from jiha.regions.models import Region

LANGUAGES = selectors.FACTSHEET_LANGUAGES
# A request for a region's sheets waits for the queued ones, unless they are older than this
# (their worker may have died): one click cannot queue the same work twice.
PENDING_MINUTES = 15


def _require(actor: Any, permission: str, target: Any) -> None:
    if actor is None:  # the operator's command line
        return
    if not actor.has_perm(permission, target):
        raise explain_refusal(
            actor, PermissionDenied(_("You cannot change the programme in this region."))
        )


def require_change(*, actor: Any, initiative: Initiative) -> None:
    """Refuse (403) whoever may not change ``initiative``: checked before reading the request's
    references, so a refused caller learns nothing about them."""
    _require(actor, "programme.change_initiative", initiative)


@dataclass(frozen=True)
class InitiativeData:
    workstream: Workstream
    title: str
    objective: str
    budget: Decimal | None
    starts_on: dt.date
    ends_on: dt.date
    owner: str
    status: str = Initiative.Status.PLANNED

    def check(self) -> None:
        if self.ends_on < self.starts_on:
            raise InvalidInput(
                _("The end date is before the start date: correct one of them."),
                code="ends_before_start",
            )
        if self.budget is not None and self.budget < 0:
            raise InvalidInput(_("A budget cannot be negative."), code="negative_budget")

    def as_audit(self) -> dict[str, Any]:
        return {**asdict(self), "workstream": self.workstream.code}


def _snapshot(initiative: Initiative) -> dict[str, Any]:
    return {
        "workstream": initiative.workstream.code,
        "title": initiative.title,
        "objective": initiative.objective,
        "budget": initiative.budget,
        "starts_on": initiative.starts_on,
        "ends_on": initiative.ends_on,
        "owner": initiative.owner,
        "status": initiative.status,
    }


@transaction.atomic
def initiative_create(
    *, actor: Any, region: Region, data: InitiativeData, synthetic: bool = False
) -> Initiative:
    _require(actor, "programme.add_initiative", region)
    data.check()
    initiative = Initiative.objects.create(
        region=region,
        workstream=data.workstream,
        title=data.title,
        objective=data.objective,
        budget=data.budget,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        owner=data.owner,
        status=data.status,
        synthetic=synthetic,
    )
    audit_append(
        actor=actor,
        action="programme.initiative.create",
        target=initiative,
        after={**data.as_audit(), "region": region.code},
    )
    return initiative


@transaction.atomic
def initiative_update(*, actor: Any, initiative: Initiative, data: InitiativeData) -> Initiative:
    initiative = (
        Initiative.objects.select_for_update()
        .select_related("region", "workstream")
        .get(pk=initiative.pk)
    )
    _require(actor, "programme.change_initiative", initiative)
    data.check()
    before = _snapshot(initiative)
    for name, value in asdict(data).items():
        setattr(initiative, name, value)
    initiative.workstream = data.workstream
    initiative.save()
    after = _snapshot(initiative)
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        audit_append(
            actor=actor,
            action="programme.initiative.update",
            target=initiative,
            before={k: before[k] for k in sorted(changed)},
            after={k: after[k] for k in sorted(changed)},
        )
    return initiative


@transaction.atomic
def milestone_add(
    *, actor: Any, initiative: Initiative, title: str, due_on: dt.date, done_on: dt.date | None
) -> Milestone:
    _require(actor, "programme.change_initiative", initiative)
    milestone = Milestone.objects.create(
        initiative=initiative, title=title, due_on=due_on, done_on=done_on
    )
    audit_append(
        actor=actor,
        action="programme.milestone.add",
        target=initiative,
        after={"milestone": milestone.pk, "title": title, "due_on": due_on, "done_on": done_on},
    )
    return milestone


@transaction.atomic
def milestone_complete(
    *, actor: Any, milestone: Milestone, done_on: dt.date | None = None
) -> Milestone:
    """Mark a milestone done (today unless ``done_on`` says otherwise); audited."""
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("initiative__region")
        .get(pk=milestone.pk)
    )
    _require(actor, "programme.change_initiative", milestone.initiative)
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise InvalidInput(_("A milestone cannot be done in the future."), code="done_in_future")
    before = milestone.done_on
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit_append(
        actor=actor,
        action="programme.milestone.complete",
        target=milestone.initiative,
        before={"milestone": milestone.pk, "done_on": before},
        after={"milestone": milestone.pk, "done_on": done_on},
    )
    return milestone


def kpi_check(
    *,
    initiative: Initiative,
    indicator: Any,  # an observatory Indicator (read through its selectors)
    baseline_on: dt.date,
    target_value: Decimal,
    baseline_value: Decimal,
    deadline: dt.date,
    today: dt.date | None = None,
) -> None:
    """Refuse a KPI whose progress could never be computed or makes no sense."""
    today = today or timezone.localdate()
    if deadline < baseline_on:
        raise InvalidInput(
            _("The deadline (%(deadline)s) is before the baseline date (%(baseline)s).")
            % {"deadline": deadline.isoformat(), "baseline": baseline_on.isoformat()},
            code="deadline_before_baseline",
        )
    if deadline < today:
        raise InvalidInput(
            _("The target date %(deadline)s is in the past: choose a date from today on.")
            % {"deadline": deadline.isoformat()},
            code="deadline_in_past",
        )
    if target_value == baseline_value:
        raise InvalidInput(
            _("The target equals the baseline: there would be no progress to measure."),
            code="target_equals_baseline",
        )
    if not selectors.indicator_has_data(indicator.pk, initiative.region.code):
        raise InvalidInput(
            _(
                "The indicator “%(indicator)s” has no published value for this region, so "
                "its progress could not be computed. Publish its data in the observatory "
                "first, or choose another indicator."
            )
            % {"indicator": indicator.name},
            code="indicator_without_data",
        )


@transaction.atomic
def kpi_add(
    *,
    actor: Any,
    initiative: Initiative,
    indicator: Any,  # an observatory Indicator (read through its selectors)
    baseline_value: Decimal,
    baseline_on: dt.date,
    target_value: Decimal,
    deadline: dt.date,
) -> Kpi:
    _require(actor, "programme.change_initiative", initiative)
    kpi_check(
        initiative=initiative,
        indicator=indicator,
        baseline_on=baseline_on,
        baseline_value=baseline_value,
        target_value=target_value,
        deadline=deadline,
    )
    kpi = Kpi.objects.create(
        initiative=initiative,
        indicator=indicator,
        baseline_value=baseline_value,
        baseline_on=baseline_on,
        target_value=target_value,
        deadline=deadline,
    )
    audit_append(
        actor=actor,
        action="programme.kpi.add",
        target=initiative,
        after={
            "kpi": kpi.pk,
            "indicator": indicator.code,
            "baseline_value": baseline_value,
            "baseline_on": baseline_on,
            "target_value": target_value,
            "deadline": deadline,
        },
    )
    return kpi


@transaction.atomic
def procedure_add(
    *,
    actor: Any,
    initiative: Initiative,
    name: str,
    channel_before: str,
    channel_after: str,
    volume_per_year: int,
) -> Procedure:
    _require(actor, "programme.change_initiative", initiative)
    if channel_before not in Channel.values or channel_after not in Channel.values:
        raise InvalidInput(_("Choose a channel from the list."), code="unknown_channel")
    if volume_per_year < 0:
        raise InvalidInput(_("A yearly volume cannot be negative."), code="negative_volume")
    procedure = Procedure.objects.create(
        initiative=initiative,
        name=name,
        channel_before=channel_before,
        channel_after=channel_after,
        volume_per_year=volume_per_year,
    )
    audit_append(
        actor=actor,
        action="programme.procedure.add",
        target=initiative,
        after={
            "procedure": procedure.pk,
            "name": name,
            "channel_before": channel_before,
            "channel_after": channel_after,
            "volume_per_year": volume_per_year,
        },
    )
    return procedure


# The three conventions the seed article names (Les Inspirations Éco, 2020). Their dates and
# commitments are not public in that source: the page says so instead of inventing them.
SEED_SOURCE = (
    "Les Inspirations Éco, « Offshoring : la régionalisation, nouveau grand chantier de "
    "l'APEBI » (2020)"
)
SEED_CONVENTIONS = ("MA-03", "MA-02", "MA-12")  # the three regions the seed article names


@transaction.atomic
def programme_reference_load() -> int:
    """Create the four workstreams and the conventions the seed article reports (idempotent);
    returns how many conventions were created. Needs the regions (``jiha load_reference`` loads
    them first). The workstreams are also seeded by a migration; loading them here restores
    them in a database that was emptied since (a restore, a flushed test database)."""
    workstreams_seed = import_module("jiha.programme.migrations.0002_seed_workstreams")
    workstreams_seed.create(django_apps, None)
    created = 0
    for region in Region.objects.filter(code__in=SEED_CONVENTIONS):
        _convention, made = Convention.objects.get_or_create(
            region=region,
            defaults={
                "status": Convention.Status.SIGNED,
                "parties": "APEBI (Fédération des technologies de l'information, des "
                "télécommunications et de l'offshoring) ; Région " + region.name_fr,
                "signed_on": None,
                "commitments": "",
                "source": SEED_SOURCE,
            },
        )
        created += made
    return created


@transaction.atomic
def factsheets_request(
    *, actor: Any, region: Region, languages: tuple[str, ...] = LANGUAGES
) -> list[FactSheet]:
    """Queue the region's fact sheets (one per language) for the background worker."""
    _require(actor, "programme.generate_factsheet", region)
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown:
        raise InvalidInput(
            _("Unknown language %(code)s: use fr, ar or en.") % {"code": unknown[0][:5]},
            code="unknown_language",
        )
    from jiha.programme.tasks import factsheet_generate

    recent = timezone.now() - dt.timedelta(minutes=PENDING_MINUTES)
    if FactSheet.objects.filter(
        region=region, status=FactSheet.Status.QUEUED, created_at__gte=recent
    ).exists():
        raise AppError(
            _("This region's fact sheets are already being generated: try again in a moment."),
            code="factsheets_pending",
            status=409,
        )

    sheets = [
        FactSheet.objects.create(region=region, language=code, requested_by=actor)
        for code in languages
    ]
    # The database backend stores the task in this transaction: queued with the rows, or not at all.
    for sheet in sheets:
        factsheet_generate.enqueue(sheet.pk)
    return sheets


def factsheet_finish(*, sheet: FactSheet, pdf: bytes, versions: list[int]) -> None:
    FactSheet.objects.filter(pk=sheet.pk).update(
        status=FactSheet.Status.DONE, pdf=pdf, versions=versions, finished_at=timezone.now()
    )


def factsheet_fail(*, sheet: FactSheet, message: str) -> None:
    FactSheet.objects.filter(pk=sheet.pk).update(
        status=FactSheet.Status.FAILED, error=message[:2000], finished_at=timezone.now()
    )
