"""Every allowed and forbidden transition of a dossier, and who may make it (services)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings

from jiha.accounts.models import Membership, User
from jiha.audit.models import AuditEntry
from jiha.incentives import services
from jiha.incentives.models import Decision, Dossier, DossierState, Scheme
from jiha.incentives.tests.conftest import training_line
from jiha.lib.errors import AppError, InvalidInput, NotFound, PermissionDenied
from jiha.regions.models import Region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = DossierState
MakeDossier = Callable[..., Dossier]


def computation(dossier: Dossier) -> dict[str, Any]:
    assert dossier.computation is not None
    return dossier.computation


def actions(dossier: Dossier) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="incentives.dossier", object_id=str(dossier.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_it_creates_a_draft_once_per_idempotency_key(applicant: User, schemes: None) -> None:
    organisation = Membership.objects.get(user=applicant).organisation
    args: dict[str, Any] = {
        "actor": applicant,
        "organisation": organisation,
        "scheme": Scheme.objects.get(code="employment-bonus-2025"),
        "region": Region.objects.get(code="MA-03"),
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2027, 12, 31),
        "idempotency_key": "create-1",
    }
    first = services.dossier_create(**args)
    again = services.dossier_create(**args)
    assert first.pk == again.pk
    assert Dossier.objects.count() == 1
    assert first.state == S.DRAFT
    assert actions(first) == ["dossier.create"]


def test_it_refuses_a_dossier_for_another_company(
    applicant: User, other_applicant: User, schemes: None
) -> None:
    other = Membership.objects.get(user=other_applicant).organisation
    with pytest.raises(PermissionDenied):
        services.dossier_create(
            actor=applicant,
            organisation=other,
            scheme=Scheme.objects.get(code="employment-bonus-2025"),
            region=Region.objects.get(code="MA-03"),
            period_start=dt.date(2027, 1, 1),
            period_end=dt.date(2027, 12, 31),
        )
    assert Dossier.objects.count() == 0


def test_it_computes_the_amount_with_the_rules_engine(make_dossier: MakeDossier) -> None:
    dossier = make_dossier("submitted")
    # 17 % of 120,000 MAD once the job reaches 18 months (hired 1 Sep 2025 → paid in 2027).
    assert dossier.computed_amount == Decimal("20400.00")
    assert computation(dossier)["explanations"]["employment_bonus_total"]
    assert "offer_2025.employment_bonus.payments" in {
        note["name"] for note in computation(dossier)["interpretations"]
    }


def test_it_says_to_be_confirmed_when_a_parameter_is_unknown(make_dossier: MakeDossier) -> None:
    dossier = make_dossier("draft", scheme="training-aid-2006")
    assert dossier.computed_amount is None
    assert computation(dossier)["unconfirmed"]
    assert computation(dossier)["amount"] is None


def test_it_submits_once_whatever_the_retries(make_dossier: MakeDossier, applicant: User) -> None:
    dossier = make_dossier("draft")
    first = services.dossier_submit(
        actor=applicant, dossier_id=dossier.pk, version=dossier.version, idempotency_key="k1"
    )
    retry = services.dossier_submit(
        actor=applicant, dossier_id=dossier.pk, version=dossier.version, idempotency_key="k1"
    )
    assert first.state == retry.state == S.SUBMITTED
    assert first.version == retry.version
    assert actions(dossier).count("dossier.submit") == 1
    assert first.clock_started_at is not None


def test_it_refuses_a_stale_version(make_dossier: MakeDossier, applicant: User) -> None:
    dossier = make_dossier("draft")
    with pytest.raises(services.Conflict) as caught:
        services.dossier_submit(
            actor=applicant,
            dossier_id=dossier.pk,
            version=dossier.version - 1,
            idempotency_key="k2",
        )
    assert caught.value.status == 409
    dossier.refresh_from_db()
    assert dossier.state == S.DRAFT


def test_it_hides_a_dossier_from_another_company(
    make_dossier: MakeDossier, other_applicant: User
) -> None:
    dossier = make_dossier("draft")
    for call in (
        lambda: services.dossier_submit(
            actor=other_applicant, dossier_id=dossier.pk, version=None, idempotency_key="x"
        ),
        lambda: services.dossier_withdraw(
            actor=other_applicant, dossier_id=dossier.pk, version=None
        ),
        lambda: services.dossier_update(
            actor=other_applicant, dossier_id=dossier.pk, version=None, data={}
        ),
    ):
        with pytest.raises(NotFound):
            call()


@pytest.mark.parametrize(
    "state", ["draft", "submitted", "under_review", "information_requested", "resubmitted"]
)
def test_it_lets_the_applicant_withdraw_before_a_decision(
    make_dossier: MakeDossier, applicant: User, instructor: User, state: str
) -> None:
    dossier = make_dossier(state, instructor=instructor)
    withdrawn = services.dossier_withdraw(
        actor=applicant, dossier_id=dossier.pk, version=dossier.version, reason="No longer needed"
    )
    assert withdrawn.state == S.WITHDRAWN
    assert actions(dossier)[-1] == "dossier.withdraw"


@pytest.mark.parametrize("outcome", ["approved", "rejected"])
def test_it_refuses_withdrawal_after_a_decision(
    make_dossier: MakeDossier, applicant: User, instructor: User, reviewer: User, outcome: str
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    services.dossier_decide(
        actor=reviewer, dossier_id=dossier.pk, version=dossier.version, outcome=outcome
    )
    dossier.refresh_from_db()
    with pytest.raises(services.Conflict):
        services.dossier_withdraw(actor=applicant, dossier_id=dossier.pk, version=dossier.version)


def test_it_refuses_edits_once_submitted(make_dossier: MakeDossier, applicant: User) -> None:
    dossier = make_dossier("submitted")
    with pytest.raises(services.Conflict):
        services.dossier_update(
            actor=applicant, dossier_id=dossier.pk, version=dossier.version, data={}
        )


def test_it_allows_edits_while_a_correction_is_requested(
    make_dossier: MakeDossier, applicant: User, instructor: User
) -> None:
    dossier = make_dossier("information_requested", instructor=instructor)
    hires = [{**dossier.data["hires"][0], "gross_annual_salary": "60000"}]
    changed = services.dossier_update(
        actor=applicant,
        dossier_id=dossier.pk,
        version=dossier.version,
        data={**dossier.data, "hires": hires},
    )
    assert changed.computed_amount == Decimal("10200.00")


def test_it_refuses_a_bad_training_line_and_changes_nothing(
    make_dossier: MakeDossier, applicant: User
) -> None:
    dossier = make_dossier("draft", scheme="training-aid-2006")
    with pytest.raises(InvalidInput, match="line 2"):
        services.dossier_update(
            actor=applicant,
            dossier_id=dossier.pk,
            version=dossier.version,
            training_lines=[training_line(), training_line(profile="astronaut")],
        )
    assert dossier.training_lines.count() == 1


def test_it_lets_only_reviewers_assign(
    make_dossier: MakeDossier, applicant: User, instructor: User, officer: User
) -> None:
    dossier = make_dossier("submitted")
    for actor in (applicant, officer):
        with pytest.raises(PermissionDenied):
            services.dossiers_assign(actor=actor, dossier_ids=[dossier.pk], instructor=instructor)
    with pytest.raises(InvalidInput):
        services.dossiers_assign(actor=instructor, dossier_ids=[dossier.pk], instructor=applicant)


def test_it_assigns_in_bulk_all_or_nothing(make_dossier: MakeDossier, instructor: User) -> None:
    one, two = make_dossier("submitted"), make_dossier("submitted")
    draft = make_dossier("draft")
    with pytest.raises(AppError):
        services.dossiers_assign(
            actor=instructor, dossier_ids=[one.pk, two.pk, draft.pk], instructor=instructor
        )
    assert set(Dossier.objects.values_list("state", flat=True)) == {S.SUBMITTED, S.DRAFT}
    done = services.dossiers_assign(
        actor=instructor, dossier_ids=[one.pk, two.pk], instructor=instructor
    )
    assert {d.state for d in done} == {S.UNDER_REVIEW}


def test_it_pauses_the_clock_while_a_correction_is_pending(
    make_dossier: MakeDossier, applicant: User, instructor: User
) -> None:
    dossier = make_dossier("information_requested", instructor=instructor)
    assert dossier.clock_paused_at is not None
    dossier.clock_paused_at -= dt.timedelta(days=3)  # the applicant took three days
    Dossier.objects.filter(pk=dossier.pk).update(clock_paused_at=dossier.clock_paused_at)
    answered = services.correction_answer(
        actor=applicant, dossier_id=dossier.pk, version=dossier.version, answer="Done"
    )
    assert answered.state == S.RESUBMITTED
    assert answered.clock_paused_at is None
    assert answered.paused_seconds >= 3 * 86400


def test_it_blocks_the_decision_while_a_correction_is_pending(
    make_dossier: MakeDossier, instructor: User, reviewer: User
) -> None:
    dossier = make_dossier("information_requested", instructor=instructor)
    with pytest.raises(services.Conflict):
        services.dossier_decide(
            actor=reviewer, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
        )
    assert not Decision.objects.exists()


def test_it_never_lets_the_instructor_decide(make_dossier: MakeDossier, instructor: User) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        services.dossier_decide(
            actor=instructor, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
        )


def test_it_refuses_applicants_and_officers_deciding(
    make_dossier: MakeDossier, applicant: User, officer: User, instructor: User
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    with pytest.raises(PermissionDenied):
        services.dossier_decide(
            actor=applicant, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
        )
    with pytest.raises(NotFound):
        services.dossier_decide(
            actor=officer, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
        )


def test_it_approves_with_the_computed_amount(
    make_dossier: MakeDossier, instructor: User, reviewer: User
) -> None:
    dossier = make_dossier("resubmitted", instructor=instructor)
    decision = services.dossier_decide(
        actor=reviewer, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
    )
    dossier.refresh_from_db()
    assert dossier.state == S.APPROVED
    assert decision.amount == decision.computed_amount == Decimal("20400.00")
    assert actions(dossier)[-1] == "dossier.decide"


def test_it_needs_a_reason_to_adjust_the_amount(
    make_dossier: MakeDossier, instructor: User, reviewer: User
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    with pytest.raises(InvalidInput, match="reason"):
        services.dossier_decide(
            actor=reviewer,
            dossier_id=dossier.pk,
            version=dossier.version,
            outcome="approved",
            amount="15000",
        )
    decision = services.dossier_decide(
        actor=reviewer,
        dossier_id=dossier.pk,
        version=dossier.version,
        outcome="approved",
        amount="15000",
        adjustment_reason="One job held 14 months only.",
    )
    assert decision.amount == Decimal("15000.00")
    entry = AuditEntry.objects.filter(action="dossier.decide").get()
    assert entry.reason == "One job held 14 months only."
    assert entry.after is not None and entry.after["amount"] == "15000.00"


@override_settings(JIHA_DOSSIER_SECOND_REVIEW_ABOVE=10_000)
def test_it_waits_for_a_second_reviewer_above_the_threshold(
    make_dossier: MakeDossier, instructor: User, reviewer: User, second_reviewer: User
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    decision = services.dossier_decide(
        actor=reviewer, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
    )
    dossier.refresh_from_db()
    assert decision.needs_second_review and dossier.state == S.UNDER_REVIEW
    for same in (reviewer, instructor):
        with pytest.raises(PermissionDenied, match="Four eyes"):
            services.decision_approve(actor=same, dossier_id=dossier.pk, version=dossier.version)
    services.decision_approve(actor=second_reviewer, dossier_id=dossier.pk, version=dossier.version)
    dossier.refresh_from_db()
    assert dossier.state == S.APPROVED
    assert actions(dossier)[-2:] == ["dossier.decide_pending", "dossier.approve_decision"]


def test_it_rejects_without_an_amount(
    make_dossier: MakeDossier, instructor: User, reviewer: User
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    decision = services.dossier_decide(
        actor=reviewer,
        dossier_id=dossier.pk,
        version=dossier.version,
        outcome="rejected",
        motivation="Not an offshoring activity.",
    )
    dossier.refresh_from_db()
    assert decision.amount is None and dossier.state == S.REJECTED


def test_it_decides_an_amount_to_be_confirmed_only_with_a_reason(
    make_dossier: MakeDossier, applicant: User, instructor: User, reviewer: User
) -> None:
    dossier = make_dossier("under_review", scheme="training-aid-2006", instructor=instructor)
    with pytest.raises(InvalidInput, match="to be confirmed"):
        services.dossier_decide(
            actor=reviewer, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
        )


def test_it_marks_only_an_approved_dossier_paid(
    make_dossier: MakeDossier, instructor: User, reviewer: User, administrator: User
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    with pytest.raises(services.Conflict):
        services.dossier_mark_paid(actor=administrator, dossier_id=dossier.pk)
    services.dossier_decide(
        actor=reviewer, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
    )
    paid = services.dossier_mark_paid(actor=administrator, dossier_id=dossier.pk, batch="B-1")
    assert paid.state == S.PAID


@pytest.mark.parametrize("state", ["approved", "rejected", "withdrawn", "paid"])
def test_it_refuses_every_move_out_of_a_final_state(
    make_dossier: MakeDossier, applicant: User, instructor: User, reviewer: User, state: str
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    Dossier.objects.filter(pk=dossier.pk).update(state=state)
    dossier.refresh_from_db()
    v = dossier.version
    calls = [
        lambda: services.dossier_update(actor=applicant, dossier_id=dossier.pk, version=v, data={}),
        lambda: services.dossier_submit(
            actor=applicant, dossier_id=dossier.pk, version=v, idempotency_key=f"final-{state}"
        ),
        lambda: services.dossier_withdraw(actor=applicant, dossier_id=dossier.pk, version=v),
        lambda: services.correction_request(
            actor=reviewer, dossier_id=dossier.pk, version=v, kind="incomplete", message="x"
        ),
        lambda: services.correction_answer(
            actor=applicant, dossier_id=dossier.pk, version=v, answer="x"
        ),
        lambda: services.dossier_decide(
            actor=reviewer, dossier_id=dossier.pk, version=v, outcome="approved"
        ),
        lambda: services.dossiers_assign(
            actor=reviewer, dossier_ids=[dossier.pk], instructor=reviewer
        ),
    ]
    for call in calls:
        with pytest.raises(services.Conflict):
            call()
    dossier.refresh_from_db()
    assert dossier.state == state and dossier.version == v
