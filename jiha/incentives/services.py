"""Writes for incentives: adding a dated parameter value (administrators, audited), and the
life of a background simulation (submitted, running with progress, done or failed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import User
from jiha.accounts.permissions import is_administrator
from jiha.engines.rules import ParameterError
from jiha.engines.rules.money import rate_to_ppm
from jiha.incentives.engine_io import current_legislation
from jiha.incentives.models import ParameterValueChange, SimulationJob
from jiha.lib.errors import InvalidInput, PermissionDenied

GENESIS = "0" * 64


def parse_parameter_value(unit: str, raw: str) -> Any:
    """Turn the text an administrator typed into a value of the parameter's unit."""
    if unit == "vocabulary":
        raise InvalidInput(
            _(
                "This list is part of the legislation's vocabulary, with its labels in three "
                "languages: it changes with the legislation files, not here."
            ),
            code="vocabulary_parameter",
        )
    text = raw.strip()
    if text == "":
        return None  # "to be confirmed" (with that confidence) or "no longer in force"
    try:
        if unit == "/1":
            rate = Decimal(text.replace(",", "."))
            if not rate.is_finite():
                raise InvalidInput(_("A rate is between 0 and 1 (write 0.2 for 20 %)."))
            if not Decimal(0) <= rate <= Decimal(1):
                raise InvalidInput(_("A rate is between 0 and 1 (write 0.2 for 20 %)."))
            rate_to_ppm(rate)
            return float(rate)
        if unit == "currency-MAD":
            amount = Decimal(text.replace(",", ".").replace(" ", ""))
            if not amount.is_finite():
                raise InvalidInput(_("An amount is a number of dirhams."))
            if amount < 0:
                raise InvalidInput(_("An amount cannot be negative."))
            return float(amount) if amount != amount.to_integral() else int(amount)
        if unit in ("year", "month", "job"):
            number = int(text)
            if number < 0:
                raise InvalidInput(_("This number cannot be negative."))
            return number
        if unit == "bool":
            if text.lower() not in ("true", "false", "1", "0", "yes", "no", "oui", "non"):
                raise InvalidInput(_("Answer true or false."))
            return text.lower() in ("true", "1", "yes", "oui")
        if unit == "list":
            return [item.strip() for item in text.split(",") if item.strip()]
        if unit == "date":
            return dt.date.fromisoformat(text).isoformat()
    except (InvalidOperation, ValueError) as exc:
        raise InvalidInput(_("This value does not fit the parameter's unit (%s).") % unit) from exc
    return text


def parameter_change_check(actor: Any) -> None:
    """Refuse anyone but a programme administrator, before any input is looked at."""
    if not is_administrator(actor):
        raise PermissionDenied(_("Only programme administrators can change legal parameters."))


@transaction.atomic
def parameter_value_add(
    *,
    actor: User,
    parameter: str,
    start: dt.date,
    raw_value: str,
    reference: str,
    confidence: str,
    note: str = "",
) -> ParameterValueChange:
    """Add a dated value to a legal parameter; the simulator uses it at once."""
    parameter_change_check(actor)
    try:
        definition = current_legislation().parameters[parameter]
    except ParameterError as exc:
        raise InvalidInput(
            _("Unknown parameter %s.") % parameter, code="unknown_parameter"
        ) from exc
    if not reference.strip():
        raise InvalidInput(_("Give the legal reference of the value (text, article, URL)."))
    value = parse_parameter_value(definition.unit, raw_value)
    last = ParameterValueChange.objects.select_for_update().order_by("-id").first()
    change = ParameterValueChange(
        parameter=parameter,
        start=start,
        value=value,
        reference=reference.strip(),
        confidence=confidence,
        note=note.strip(),
        created_by=actor,
        previous_hash=last.entry_hash if last else GENESIS,
    )
    change.entry_hash = change.compute_hash()
    change.save()
    return change


def verify_chain() -> list[int]:
    """Ids of entries whose hash does not match their content or their predecessor."""
    broken, previous = [], GENESIS
    for change in ParameterValueChange.objects.order_by("id"):
        if change.previous_hash != previous or change.compute_hash() != change.entry_hash:
            broken.append(change.id)
        previous = change.entry_hash
    return broken


def simulation_job_create(*, owner: User, request: str, language: str) -> SimulationJob:
    """Store a checked simulation request (its JSON text) and queue it for the worker.

    The task is queued once the job is committed, so a worker never looks for a job that
    does not exist yet."""
    from jiha.incentives.tasks import simulation_job_run

    with transaction.atomic():
        job = SimulationJob.objects.create(owner=owner, request=request, language=language[:5])
    simulation_job_run.enqueue(job.pk)
    job.refresh_from_db()  # the immediate backend (tests) has run it already
    return job


def simulation_job_start(*, job: SimulationJob) -> None:
    now = timezone.now()
    SimulationJob.objects.filter(pk=job.pk).update(
        status=SimulationJob.Status.RUNNING, heartbeat_at=now
    )


def simulation_job_progress(*, job: SimulationJob, fraction: float) -> None:
    """Record the share done; it is also the run's sign of life (``heartbeat_at``)."""
    SimulationJob.objects.filter(pk=job.pk, status=SimulationJob.Status.RUNNING).update(
        progress=round(fraction, 3), heartbeat_at=timezone.now()
    )


def simulation_job_finish(*, job: SimulationJob, result: dict[str, Any]) -> None:
    SimulationJob.objects.filter(pk=job.pk).update(
        status=SimulationJob.Status.DONE, progress=1.0, result=result, finished_at=timezone.now()
    )


def simulation_job_fail(*, job: SimulationJob, message: str) -> None:
    SimulationJob.objects.filter(pk=job.pk).update(
        status=SimulationJob.Status.FAILED, message=message, finished_at=timezone.now()
    )


def simulation_job_expire(*, job: SimulationJob) -> SimulationJob:
    """Mark failed a run whose worker stopped giving signs of life (killed, out of memory):
    a job is never "running" for ever. Returns the job as it now stands."""
    lease = dt.timedelta(seconds=settings.JIHA_SIMULATION_JOB_LEASE_SECONDS)
    stale = SimulationJob.objects.filter(
        pk=job.pk,
        status=SimulationJob.Status.RUNNING,
        heartbeat_at__lt=timezone.now() - lease,
    )
    message = _("The worker running this simulation stopped. Submit it again.")
    if stale.update(
        status=SimulationJob.Status.FAILED, message=message, finished_at=timezone.now()
    ):
        job.refresh_from_db()
    return job


# The incentive procedure's writes (dossiers, review, decisions) live in their own module;
# other apps reach them here, through this face.
from jiha.incentives.dossiers.services import (  # noqa: E402
    Conflict,
    TrainingLineIn,
    correction_answer,
    correction_request,
    decision_approve,
    digest_send,
    dossier_create,
    dossier_decide,
    dossier_mark_paid,
    dossier_submit,
    dossier_update,
    dossier_withdraw,
    dossiers_assign,
    message_post,
    opinion_give,
    opinion_invite,
)

__all__ = [
    "Conflict",
    "TrainingLineIn",
    "correction_answer",
    "correction_request",
    "decision_approve",
    "digest_send",
    "dossier_create",
    "dossier_decide",
    "dossier_mark_paid",
    "dossier_submit",
    "dossier_update",
    "dossier_withdraw",
    "dossiers_assign",
    "message_post",
    "opinion_give",
    "opinion_invite",
    "parameter_value_add",
    "simulation_job_create",
]
