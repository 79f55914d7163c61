"""Writes of the incentive procedure: every change of a dossier goes through one of these.

Each transition locks the dossier row (``select_for_update``), checks the version the caller
saw (a stale page gets a conflict, never a silent overwrite), checks the state and the actor's
right, changes the row, bumps the version and appends the transition to the audit chain — all
in one transaction. ``dossier_create`` and ``dossier_submit`` take an idempotency key: a
retry or a double click with the same key returns the first result.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import rules
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiha.accounts.models import Organisation, Role, User
from jiha.audit.services import audit_append
from jiha.incentives.dossiers.compute import dossier_computation
from jiha.incentives.models import (
    CorrectionRequest,
    Decision,
    Dossier,
    DossierState,
    ExpertOpinion,
    Message,
    ReviewerGroup,
    RoutingRule,
    Scheme,
    TrainingLine,
)
from jiha.lib.errors import AppError, InvalidInput, NotFound, PermissionDenied
from jiha.regions.models import Region

S = DossierState
EDITABLE = frozenset({S.DRAFT, S.INFORMATION_REQUESTED})
WITHDRAWABLE = frozenset(
    {S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.INFORMATION_REQUESTED, S.RESUBMITTED}
)
ASSIGNABLE = frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.RESUBMITTED, S.INFORMATION_REQUESTED})
DECIDABLE = frozenset({S.UNDER_REVIEW, S.RESUBMITTED})
MAX_KEY = 80


class Conflict(AppError):
    """Someone else changed the dossier first: reload it and try again."""

    status = 409
    code = "dossier_conflict"


# --- helpers ------------------------------------------------------------------------------


def _role(actor: Any, dossier: Dossier | None = None) -> str:
    if dossier is not None and rules.has_perm("incentives.change_dossier", actor, dossier):
        return Role.APPLICANT
    roles: frozenset[str] = getattr(actor, "membership_roles", frozenset())
    for role in (Role.REVIEWER, Role.ADMINISTRATOR, Role.APPLICANT):
        if role in roles:
            return role
    return ""


def _snapshot(dossier: Dossier) -> dict[str, Any]:
    return {"state": dossier.state, "version": dossier.version}


def _lock(dossier_id: int) -> Dossier:
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("scheme", "region", "organisation")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        raise NotFound(_("There is no such dossier."), code="unknown_dossier")
    return dossier


def _check_version(dossier: Dossier, version: int | None) -> None:
    if version is not None and int(version) != dossier.version:
        raise Conflict(
            _(
                "This dossier was changed by someone else since you opened it (your version "
                "%(yours)s, now %(now)s). Reload it: nothing was changed."
            )
            % {"yours": version, "now": dossier.version}
        )


def _check_state(dossier: Dossier, allowed: frozenset[str], action: Any) -> None:
    if dossier.state not in allowed:
        raise Conflict(
            _("A dossier in the state “%(state)s” cannot be %(action)s.")
            % {"state": dossier.get_state_display(), "action": action},
            code="dossier_wrong_state",
        )


def _require(perm: str, actor: Any, dossier: Dossier) -> None:
    """Refuse an actor without ``perm`` on the dossier: "not found" when they may not even
    see it (its existence is not theirs to know), "forbidden" otherwise."""
    if rules.has_perm(perm, actor, dossier):
        return
    if not (
        rules.has_perm("incentives.view_dossier", actor, dossier)
        or rules.has_perm("incentives.expert_dossier", actor, dossier)
    ):
        raise NotFound(_("There is no such dossier."), code="unknown_dossier")
    raise PermissionDenied(_("Your role does not allow this action on this dossier."))


def _move(
    dossier: Dossier,
    *,
    actor: Any,
    state: str,
    action: str,
    reason: str = "",
    extra: dict[str, Any] | None = None,
    fields: Sequence[str] = (),
) -> Dossier:
    before = _snapshot(dossier)
    dossier.state = state
    dossier.version += 1
    dossier.save(update_fields=["state", "version", "updated_at", *fields])
    audit_append(
        actor=actor,
        action=f"dossier.{action}",
        target=dossier,
        before=before,
        after={**_snapshot(dossier), **(extra or {})},
        reason=reason,
        role=_role(actor, dossier),
    )
    return dossier


def _new_reference() -> str:
    return f"JH-{timezone.now():%Y}-{secrets.token_hex(4).upper()}"


def _clean_key(key: str | None) -> str | None:
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(_("An idempotency key has 1 to 80 characters."), code="bad_key")
    return key


def _recompute(dossier: Dossier) -> None:
    computation = dossier_computation(dossier)
    dossier.computed_amount = computation.amount
    dossier.computation = computation.as_dict()


# --- applicant ----------------------------------------------------------------------------


def _check_period(scheme: Scheme, start: dt.date, end: dt.date) -> None:
    if end < start:
        raise InvalidInput(_("The period ends before it starts."), code="bad_period")
    if end - start > dt.timedelta(days=366 * 5):
        raise InvalidInput(_("A dossier covers at most five years."), code="bad_period")
    today = timezone.localdate()
    if scheme.filing_opens and today < scheme.filing_opens:
        raise InvalidInput(_("Filing for this scheme is not open yet."), code="filing_closed")
    if scheme.filing_closes and today > scheme.filing_closes:
        raise InvalidInput(_("Filing for this scheme is closed."), code="filing_closed")


@transaction.atomic
def dossier_create(
    *,
    actor: User,
    organisation: Organisation,
    scheme: Scheme,
    region: Region,
    period_start: dt.date,
    period_end: dt.date,
    data: dict[str, Any] | None = None,
    idempotency_key: str | None = None,
    synthetic: bool = False,
) -> Dossier:
    """A new draft dossier of ``organisation`` for ``scheme``; with a key already used by the
    organisation, the dossier that key created."""
    if not rules.has_perm("incentives.apply", actor, organisation):
        raise PermissionDenied(_("Only the company's applicants can apply in its name."))
    key = _clean_key(idempotency_key)
    if key is not None:
        existing = Dossier.objects.filter(organisation=organisation, create_key=key).first()
        if existing is not None:
            return existing
    if not scheme.active:
        raise InvalidInput(_("This scheme is not open to applications."), code="scheme_closed")
    _check_period(scheme, period_start, period_end)
    dossier = Dossier(
        reference=_new_reference(),
        organisation=organisation,
        scheme=scheme,
        region=region,
        period_start=period_start,
        period_end=period_end,
        data=data or {},
        create_key=key,
        created_by=actor,
        synthetic=synthetic,
    )
    _recompute(dossier)
    try:
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        # The same key, created at the same moment by a concurrent request.
        existing = Dossier.objects.filter(organisation=organisation, create_key=key).first()
        if key is not None and existing is not None:
            return existing
        raise
    audit_append(
        actor=actor,
        action="dossier.create",
        target=dossier,
        after={**_snapshot(dossier), "scheme": scheme.code, "organisation": organisation.pk},
        role=Role.APPLICANT,
    )
    return dossier


@dataclass(frozen=True)
class TrainingLineIn:
    employee: str
    profile: str
    hire_date: dt.date
    programme: str
    provider: str
    start_date: dt.date
    hours: Decimal
    cost: Decimal
    modality: str
    attendance_proof: str = ""


def _check_lines(lines: Sequence[TrainingLineIn]) -> None:
    from jiha.legislation.vocabulary import PROFILES

    if len(lines) > 2000:
        raise InvalidInput(_("A dossier holds at most 2,000 training lines."), code="too_many")
    for number, line in enumerate(lines, start=1):
        problem = None
        if not line.employee.strip() or not line.programme.strip() or not line.provider.strip():
            problem = _("employee, programme and provider are required")
        elif line.profile not in PROFILES:
            problem = _("unknown profile “%s”") % line.profile[:40]
        elif line.modality not in TrainingLine.Modality.values:
            problem = _("the modality is in person or remote")
        elif line.cost < 0 or line.hours < 0 or line.cost > Decimal("100000000"):
            problem = _("cost and hours are positive numbers")
        elif line.start_date < line.hire_date:
            problem = _("the training starts before the hiring date")
        if problem:
            raise InvalidInput(
                _("Training line %(n)s: %(problem)s.") % {"n": number, "problem": problem},
                code="bad_training_line",
            )


@transaction.atomic
def dossier_update(
    *,
    actor: User,
    dossier_id: int,
    version: int | None,
    data: dict[str, Any] | None = None,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    training_lines: Sequence[TrainingLineIn] | None = None,
) -> Dossier:
    """Change the data of a draft (or of a dossier whose correction is requested) and
    recompute its amount. ``training_lines`` replaces every line."""
    dossier = _lock(dossier_id)
    _require("incentives.change_dossier", actor, dossier)
    _check_version(dossier, version)
    _check_state(dossier, EDITABLE, gettext_lazy("edited"))
    before = {**_snapshot(dossier), "computed_amount": dossier.computed_amount}
    if data is not None:
        dossier.data = data
    if period_start is not None or period_end is not None:
        start, end = period_start or dossier.period_start, period_end or dossier.period_end
        _check_period(dossier.scheme, start, end)
        dossier.period_start, dossier.period_end = start, end
    if training_lines is not None:
        _check_lines(training_lines)
        dossier.training_lines.all().delete()
        TrainingLine.objects.bulk_create(
            TrainingLine(dossier=dossier, position=i, **vars(line))
            for i, line in enumerate(training_lines)
        )
    _recompute(dossier)
    dossier.version += 1
    dossier.save()
    audit_append(
        actor=actor,
        action="dossier.update",
        target=dossier,
        before=before,
        after={
            **_snapshot(dossier),
            "computed_amount": dossier.computed_amount,
            "training_lines": dossier.training_lines.count(),
        },
        role=Role.APPLICANT,
    )
    return dossier


def _route(dossier: Dossier) -> ReviewerGroup | None:
    amount = dossier.computed_amount
    for rule in RoutingRule.objects.select_related("group"):
        if rule.scheme_id and rule.scheme_id != dossier.scheme_id:
            continue
        if rule.region_id and rule.region_id != dossier.region_id:
            continue
        if rule.min_amount is not None and (amount is None or amount < rule.min_amount):
            continue
        if rule.max_amount is not None and (amount is None or amount >= rule.max_amount):
            continue
        return rule.group
    return None


@transaction.atomic
def dossier_submit(
    *, actor: User, dossier_id: int, version: int | None, idempotency_key: str
) -> Dossier:
    """Submit a draft: the amount is computed once more, the dossier routed to a reviewer
    group and the decision clock started. The same key again returns the submitted dossier."""
    dossier = _lock(dossier_id)
    _require("incentives.change_dossier", actor, dossier)
    key = _clean_key(idempotency_key)
    if dossier.submit_key == key:  # a retry, or a double click that waited for the lock
        return dossier
    if Dossier.objects.filter(submit_key=key).exists():
        raise Conflict(_("This submission key was used for another dossier."), code="bad_key")
    _check_version(dossier, version)
    _check_state(dossier, frozenset({S.DRAFT}), gettext_lazy("submitted"))
    if (
        dossier.scheme.data_kind == Scheme.DataKind.TRAININGS
        and not dossier.training_lines.exists()
    ):
        raise InvalidInput(_("Add at least one training before submitting."), code="empty")
    _recompute(dossier)
    dossier.group = _route(dossier)
    now = timezone.now()
    dossier.submit_key, dossier.submitted_at, dossier.clock_started_at = key, now, now
    return _move(
        dossier,
        actor=actor,
        state=S.SUBMITTED,
        action="submit",
        extra={"computed_amount": dossier.computed_amount, "group": dossier.group_id},
        fields=[
            "computed_amount",
            "computation",
            "group",
            "submit_key",
            "submitted_at",
            "clock_started_at",
        ],
    )


@transaction.atomic
def dossier_withdraw(
    *, actor: User, dossier_id: int, version: int | None, reason: str = ""
) -> Dossier:
    """The applicant withdraws the dossier, at any time before a decision."""
    dossier = _lock(dossier_id)
    _require("incentives.change_dossier", actor, dossier)
    _check_version(dossier, version)
    _check_state(dossier, WITHDRAWABLE, gettext_lazy("withdrawn"))
    if Decision.objects.filter(dossier=dossier).exists():
        raise Conflict(
            _("A decision is being taken on this dossier: it can no longer be withdrawn."),
            code="dossier_wrong_state",
        )
    return _move(dossier, actor=actor, state=S.WITHDRAWN, action="withdraw", reason=reason[:2000])


@transaction.atomic
def correction_answer(*, actor: User, dossier_id: int, version: int | None, answer: str) -> Dossier:
    """The applicant answers the pending correction request (after correcting the data): the
    dossier is resubmitted, the decision clock runs again."""
    dossier = _lock(dossier_id)
    _require("incentives.change_dossier", actor, dossier)
    _check_version(dossier, version)
    _check_state(dossier, frozenset({S.INFORMATION_REQUESTED}), gettext_lazy("resubmitted"))
    if not answer.strip():
        raise InvalidInput(_("Write your answer to the correction request."), code="empty")
    now = timezone.now()
    pending = dossier.corrections.filter(answered_at__isnull=True)
    pending.update(answer=answer.strip()[:5000], answered_by=actor, answered_at=now)
    if dossier.clock_paused_at is not None:
        dossier.paused_seconds += int((now - dossier.clock_paused_at).total_seconds())
        dossier.clock_paused_at = None
    _recompute(dossier)
    return _move(
        dossier,
        actor=actor,
        state=S.RESUBMITTED,
        action="resubmit",
        extra={"computed_amount": dossier.computed_amount},
        fields=["clock_paused_at", "paused_seconds", "computed_amount", "computation"],
    )


# --- review -------------------------------------------------------------------------------


@transaction.atomic
def dossiers_assign(*, actor: User, dossier_ids: Sequence[int], instructor: User) -> list[Dossier]:
    """Bulk action: make ``instructor`` (a reviewer) the instructor of the dossiers; a
    submitted or resubmitted dossier goes under review. All or nothing."""
    if not rules.has_perm("incentives.review_queue", actor):
        raise PermissionDenied(_("Only reviewers assign dossiers."))
    if Role.REVIEWER not in instructor.membership_roles:
        raise InvalidInput(_("The instructor must be a reviewer."), code="not_a_reviewer")
    if not dossier_ids:
        raise InvalidInput(_("Choose at least one dossier."), code="empty")
    done = []
    for dossier_id in sorted(set(dossier_ids)):  # one lock order: no deadlock between bulks
        dossier = _lock(dossier_id)
        _require("incentives.review_dossier", actor, dossier)
        _check_state(dossier, ASSIGNABLE, gettext_lazy("assigned"))
        if hasattr(dossier, "decision"):
            raise Conflict(_("Dossier %s already has a decision.") % dossier.reference)
        previous = dossier.instructor_id
        dossier.instructor = instructor
        state = S.UNDER_REVIEW if dossier.state in (S.SUBMITTED, S.RESUBMITTED) else dossier.state
        done.append(
            _move(
                dossier,
                actor=actor,
                state=state,
                action="assign",
                extra={"instructor": instructor.pk, "previous_instructor": previous},
                fields=["instructor"],
            )
        )
    return done


@transaction.atomic
def correction_request(
    *, actor: User, dossier_id: int, version: int | None, kind: str, message: str
) -> CorrectionRequest:
    """Ask the applicant to complete or correct the dossier: instruction and the decision
    clock stop until they answer."""
    dossier = _lock(dossier_id)
    _require("incentives.review_dossier", actor, dossier)
    _check_version(dossier, version)
    _check_state(dossier, DECIDABLE, gettext_lazy("sent back for correction"))
    if kind not in CorrectionRequest.Kind.values:
        raise InvalidInput(_("Say whether the dossier is incomplete, incorrect or outdated."))
    if not message.strip():
        raise InvalidInput(_("Say what the applicant must correct."), code="empty")
    if hasattr(dossier, "decision"):
        raise Conflict(_("A decision is being taken on this dossier."), code="dossier_wrong_state")
    correction = CorrectionRequest.objects.create(
        dossier=dossier, kind=kind, message=message.strip()[:5000], requested_by=actor
    )
    dossier.clock_paused_at = timezone.now()
    _move(
        dossier,
        actor=actor,
        state=S.INFORMATION_REQUESTED,
        action="request_correction",
        reason=correction.message,
        extra={"kind": kind, "correction": correction.pk},
        fields=["clock_paused_at"],
    )
    return correction


def _second_review_needed(outcome: str, amount: Decimal | None) -> bool:
    threshold = Decimal(settings.JIHA_DOSSIER_SECOND_REVIEW_ABOVE)
    return outcome == Decision.Outcome.APPROVED and amount is not None and amount > threshold


def _parse_amount(raw: Any) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        amount = Decimal(str(raw).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(_("The amount is a number of dirhams."), code="bad_amount") from None
    if not amount.is_finite() or amount < 0 or amount > Decimal("99999999999999"):
        raise InvalidInput(_("The amount is a positive number of dirhams."), code="bad_amount")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def dossier_decide(
    *,
    actor: User,
    dossier_id: int,
    version: int | None,
    outcome: str,
    amount: Any = None,
    adjustment_reason: str = "",
    motivation: str = "",
) -> Decision:
    """Decide the dossier: approve (with the computed amount, or an adjusted one and its
    written reason) or reject. The decider is never the instructor; an approval above
    ``JIHA_DOSSIER_SECOND_REVIEW_ABOVE`` waits for a second reviewer (``decision_approve``)."""
    dossier = _lock(dossier_id)
    _require("incentives.review_dossier", actor, dossier)
    _check_version(dossier, version)
    _check_state(dossier, DECIDABLE, gettext_lazy("decided"))
    if Decision.objects.filter(dossier=dossier).exists():
        raise Conflict(_("This dossier is already decided."), code="already_decided")
    if dossier.instructor_id is None:
        raise InvalidInput(_("Assign an instructor before deciding."), code="no_instructor")
    if dossier.instructor_id == actor.pk:
        raise PermissionDenied(
            _("Four eyes: the instructor of a dossier cannot decide it."), code="four_eyes"
        )
    if outcome not in Decision.Outcome.values:
        raise InvalidInput(_("The decision approves or rejects."), code="bad_outcome")
    reason = adjustment_reason.strip()[:5000]
    computed = dossier.computed_amount
    decided = _parse_amount(amount)
    if outcome == Decision.Outcome.REJECTED:
        decided = None
    else:
        if decided is None:
            decided = computed
        if decided is None:
            raise InvalidInput(
                _(
                    "The computed amount is still to be confirmed: enter the amount and the "
                    "reason for it."
                ),
                code="amount_to_confirm",
            )
        if decided != computed and not reason:
            raise InvalidInput(
                _("An amount other than the computed one needs a written reason."),
                code="reason_required",
            )
    now = timezone.now()
    decision = Decision.objects.create(
        dossier=dossier,
        outcome=outcome,
        computed_amount=computed,
        amount=decided,
        adjustment_reason=reason if decided != computed else "",
        motivation=motivation.strip()[:5000],
        instructor_id=dossier.instructor_id,
        decided_by=actor,
        decided_at=now,
        needs_second_review=_second_review_needed(outcome, decided),
    )
    extra = {
        "outcome": outcome,
        "computed_amount": computed,
        "amount": decided,
        "second_review": decision.needs_second_review,
    }
    if decision.needs_second_review:
        before = _snapshot(dossier)
        dossier.version += 1
        dossier.save(update_fields=["version", "updated_at"])
        audit_append(
            actor=actor,
            action="dossier.decide_pending",
            target=dossier,
            before=before,
            after={**_snapshot(dossier), **extra},
            reason=reason,
            role=Role.REVIEWER,
        )
        return decision
    dossier.decided_at = now
    _move(
        dossier,
        actor=actor,
        state=outcome,
        action="decide",
        reason=reason,
        extra=extra,
        fields=["decided_at"],
    )
    return decision


@transaction.atomic
def decision_approve(*, actor: User, dossier_id: int, version: int | None) -> Decision:
    """The second reviewer confirms a decision above the threshold (never its decider nor the
    instructor); the dossier is then approved."""
    dossier = _lock(dossier_id)
    _require("incentives.review_dossier", actor, dossier)
    _check_version(dossier, version)
    decision = Decision.objects.select_for_update().filter(dossier=dossier).first()
    if decision is None or decision.final:
        raise Conflict(_("No decision waits for a second review."), code="nothing_to_approve")
    if actor.pk in (decision.decided_by_id, decision.instructor_id):
        raise PermissionDenied(
            _("Four eyes: the second reviewer is neither the decider nor the instructor."),
            code="four_eyes",
        )
    now = timezone.now()
    decision.approved_by, decision.approved_at = actor, now
    decision.save(update_fields=["approved_by", "approved_at"])
    dossier.decided_at = now
    _move(
        dossier,
        actor=actor,
        state=decision.outcome,
        action="approve_decision",
        extra={"amount": decision.amount, "decision": decision.pk},
        fields=["decided_at"],
    )
    return decision


@transaction.atomic
def dossier_mark_paid(*, actor: Any, dossier_id: int, batch: str = "") -> Dossier:
    """An approved dossier is paid (called by the payment batches, all or nothing there)."""
    dossier = _lock(dossier_id)
    _check_state(dossier, frozenset({S.APPROVED}), gettext_lazy("paid"))
    return _move(dossier, actor=actor, state=S.PAID, action="pay", extra={"batch": batch})


# --- messages and experts -----------------------------------------------------------------


@transaction.atomic
def message_post(*, actor: User, dossier_id: int, body: str) -> Message:
    """A message from the applicant or a reviewer; people hear of it in the next digest."""
    dossier = _lock(dossier_id)
    applicant = rules.has_perm("incentives.change_dossier", actor, dossier)
    if not applicant:
        _require("incentives.review_dossier", actor, dossier)
    if dossier.state == S.DRAFT:
        raise Conflict(_("Messages start once the dossier is submitted."), code="draft")
    text = body.strip()
    if not text:
        raise InvalidInput(_("The message is empty."), code="empty")
    if len(text) > 5000:
        raise InvalidInput(_("A message has at most 5,000 characters."), code="too_long")
    message = Message.objects.create(
        dossier=dossier, author=actor, from_applicant=applicant, body=text
    )
    audit_append(
        actor=actor,
        action="dossier.message",
        target=dossier,
        after={"message": message.pk, "from_applicant": applicant},
        role=_role(actor, dossier),
    )
    return message


@transaction.atomic
def opinion_invite(*, actor: User, dossier_id: int, expert: User, question: str) -> ExpertOpinion:
    """Invite an expert to give a confidential opinion: they see this dossier only."""
    dossier = _lock(dossier_id)
    _require("incentives.review_dossier", actor, dossier)
    if rules.has_perm("incentives.change_dossier", expert, dossier):
        raise InvalidInput(_("The applicant cannot be an expert on its own dossier."))
    if not question.strip():
        raise InvalidInput(_("Write the question to the expert."), code="empty")
    opinion, created = ExpertOpinion.objects.get_or_create(
        dossier=dossier,
        expert=expert,
        defaults={"invited_by": actor, "question": question.strip()[:5000]},
    )
    if created:
        audit_append(
            actor=actor,
            action="dossier.invite_expert",
            target=dossier,
            after={"expert": expert.pk, "opinion": opinion.pk},
            role=Role.REVIEWER,
        )
    return opinion


@transaction.atomic
def opinion_give(*, actor: User, dossier_id: int, opinion: str) -> ExpertOpinion:
    dossier = _lock(dossier_id)
    _require("incentives.expert_dossier", actor, dossier)
    if not opinion.strip():
        raise InvalidInput(_("Write your opinion."), code="empty")
    row = ExpertOpinion.objects.select_for_update().get(dossier=dossier, expert=actor)
    row.opinion, row.given_at = opinion.strip()[:10000], timezone.now()
    row.save(update_fields=["opinion", "given_at"])
    audit_append(
        actor=actor,
        action="dossier.opinion",
        target=dossier,
        after={"opinion": row.pk},
        role="expert",
    )
    return row


# --- e-mail digest ------------------------------------------------------------------------


def digest_send(*, now: dt.datetime | None = None) -> int:
    """One e-mail per person with every new message on their dossiers since the last digest
    (applicants: reviewers' messages; instructors: applicants' messages). Returns how many
    e-mails went out. Run it from cron (``jiha send_dossier_digest``), not per event."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            Message.objects.select_for_update(of=("self",))
            .filter(notified_at__isnull=True, created_at__lte=now)
            .select_related("dossier", "dossier__instructor")
        )
        by_person: dict[str, list[Message]] = {}
        for message in pending:
            recipients: list[str] = []
            if message.from_applicant:
                if message.dossier.instructor is not None:
                    recipients.append(message.dossier.instructor.email)
            else:
                recipients.extend(
                    User.objects.filter(
                        memberships__organisation_id=message.dossier.organisation_id,
                        memberships__role=Role.APPLICANT,
                    ).values_list("email", flat=True)
                )
            for email in set(recipients):
                by_person.setdefault(email, []).append(message)
        for email, messages in sorted(by_person.items()):
            dossiers = sorted({m.dossier.reference for m in messages})
            send_mail(
                subject=_("Jiha: %(n)s new message(s) on your dossiers") % {"n": len(messages)},
                message="\n".join(
                    [
                        _("New messages on: %s") % ", ".join(dossiers),
                        "",
                        _("Sign in to Jiha to read and answer them."),
                    ]
                ),
                from_email=None,
                recipient_list=[email],
            )
        Message.objects.filter(pk__in=[m.pk for m in pending]).update(notified_at=now)
    return len(by_person)
