"""The procedure's supporting pieces: the schemes catalogue, the e-mail digest, the demo data,
the four-eyes CHECK constraints of the schema, and the audit chain over dossier entries."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jiha.accounts.demo import demo_accounts_create
from jiha.accounts.models import User
from jiha.audit.models import AuditEntry
from jiha.incentives import services
from jiha.incentives.catalogue import scheme_rows
from jiha.incentives.demo import demo_dossiers_create
from jiha.incentives.models import Decision, Dossier, DossierState, Scheme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
MakeDossier = Callable[..., Dossier]


def test_it_gives_every_scheme_a_sourced_legal_basis() -> None:
    rows = scheme_rows()
    assert {r["code"] for r in rows} >= {"training-aid-2006", "employment-bonus-2025"}
    for row in rows:
        assert row["legal_basis"], row["code"]
        assert all(b["source"] and b["confidence"] for b in row["legal_basis"])
        assert row["decision_days"] is None  # not in our sources: to be confirmed
    training = next(r for r in rows if r["code"] == "training-aid-2006")
    assert any("22/2020" in b["reference"] for b in training["legal_basis"])


def test_it_loads_the_catalogue_twice_without_change(reference: None) -> None:
    out = StringIO()
    call_command("load_schemes", stdout=out)
    call_command("load_schemes", stdout=out)
    assert Scheme.objects.count() == len(scheme_rows())


def test_it_sends_one_digest_per_person_not_one_mail_per_message(
    make_dossier: MakeDossier, applicant: User, instructor: User, reviewer: User
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    for text in ("one", "two", "three"):
        services.message_post(actor=reviewer, dossier_id=dossier.pk, body=text)
    services.message_post(actor=applicant, dossier_id=dossier.pk, body="answer")
    out = StringIO()
    call_command("send_dossier_digest", stdout=out)
    assert sorted(m.to[0] for m in mail.outbox) == [applicant.email, instructor.email]
    assert "3" in next(m.subject for m in mail.outbox if m.to == [applicant.email])
    call_command("send_dossier_digest", stdout=out)
    assert len(mail.outbox) == 2  # nothing new: nothing sent


def test_it_gives_the_demo_company_dossiers_and_the_reviewer_a_queue(
    reference: None, schemes: None
) -> None:
    demo_accounts_create()
    applicant = User.objects.get(email="applicant@demo.jiha.local")
    reviewer = User.objects.get(email="reviewer@demo.jiha.local")
    assert demo_dossiers_create(applicant, reviewer) == 3
    assert demo_dossiers_create(applicant, reviewer) == 3  # twice: nothing more
    states = sorted(Dossier.objects.values_list("state", flat=True))
    assert states == [DossierState.DRAFT, DossierState.SUBMITTED, DossierState.SUBMITTED]
    assert all(Dossier.objects.values_list("synthetic", flat=True))
    assert set(Dossier.objects.exclude(state="draft").values_list("group__members", flat=True)) == {
        reviewer.pk
    }


def _decision(dossier: Dossier, **fields: object) -> Decision:
    values: dict[str, Any] = {
        "dossier": dossier,
        "outcome": "approved",
        "computed_amount": dossier.computed_amount,
        "amount": dossier.computed_amount,
        "decided_at": timezone.now(),
    }
    values.update(fields)
    return Decision(**values)


def test_it_enforces_four_eyes_in_the_database(
    make_dossier: MakeDossier, instructor: User, reviewer: User, second_reviewer: User
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    wrong: list[dict[str, Any]] = [
        {"instructor": instructor, "decided_by": instructor},
        {"instructor": instructor, "decided_by": reviewer, "approved_by": reviewer},
        {"instructor": instructor, "decided_by": reviewer, "approved_by": instructor},
        {"instructor": instructor, "decided_by": reviewer, "amount": 1, "adjustment_reason": ""},
    ]
    for fields in wrong:
        with pytest.raises(IntegrityError), transaction.atomic():
            _decision(dossier, **fields).save()
    _decision(
        dossier, instructor=instructor, decided_by=reviewer, approved_by=second_reviewer
    ).save()


def test_it_reports_a_tampered_dossier_entry(
    make_dossier: MakeDossier, instructor: User, reviewer: User
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    services.dossier_decide(
        actor=reviewer, dossier_id=dossier.pk, version=dossier.version, outcome="approved"
    )
    out = StringIO()
    call_command("verify_audit", stdout=out)
    entry = AuditEntry.objects.get(action="dossier.decide")
    # As an intruder with database access would: past the trigger PostgreSQL has.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute(
            "UPDATE audit_auditentry SET after = %s WHERE id = %s",
            ['{"state": "approved", "amount": "9999999.00"}', entry.pk],
        )
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
    with pytest.raises(CommandError, match=f"first broken entry {entry.seq} "):
        call_command("verify_audit", stdout=StringIO(), stderr=StringIO())


def test_it_appends_every_transition_to_the_audit_chain(
    make_dossier: MakeDossier, instructor: User
) -> None:
    dossier = make_dossier("resubmitted", instructor=instructor)
    actions = list(
        AuditEntry.objects.filter(object_id=str(dossier.pk), object_type="incentives.dossier")
        .order_by("seq")
        .values_list("action", "before__state", "after__state")
    )
    assert actions == [
        ("dossier.create", None, "draft"),
        ("dossier.submit", "draft", "submitted"),
        ("dossier.assign", "submitted", "under_review"),
        ("dossier.request_correction", "under_review", "information_requested"),
        ("dossier.resubmit", "information_requested", "resubmitted"),
    ]
