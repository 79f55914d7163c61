"""Decision letters (French and Arabic PDF, public verification) and payment batches (four
eyes, exports with exact decimals, paid once, all or nothing)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import Membership, OrganisationKind, Role, User
from jiha.audit.models import AuditEntry
from jiha.incentives import services
from jiha.incentives.documents import payments
from jiha.incentives.documents.services import code_hash
from jiha.incentives.models import DecisionLetter, Dossier, DossierState, PaymentBatch
from jiha.lib.errors import AppError, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Services' messages are checked in English (French is the default language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def approved(
    make_dossier: Callable[..., Dossier],
    instructor: User,
    reviewer: User,
    private_storage: Path,
    django_capture_on_commit_callbacks: Any,
) -> Callable[[], Dossier]:
    def make() -> Dossier:
        dossier = make_dossier("under_review", instructor=instructor)
        with django_capture_on_commit_callbacks(execute=True):
            services.dossier_decide(
                actor=reviewer,
                dossier_id=dossier.pk,
                version=dossier.version,
                outcome="approved",
                motivation="Conforme.",
            )
        dossier.refresh_from_db()
        return dossier

    return make


def pdf_text(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def test_it_writes_the_letter_in_french_and_arabic_with_a_code_that_checks(
    approved: Callable[[], Dossier], applicant: User, client: Client, private_storage: Path
) -> None:
    dossier = approved()
    letter = DecisionLetter.objects.get(decision__dossier=dossier)
    assert letter.state == DecisionLetter.State.READY
    client.force_login(applicant)
    response = client.get(f"/en/incentives/dossiers/{dossier.pk}/letter/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    pdf = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert pdf.startswith(b"%PDF")
    path = private_storage / "letter.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)
    assert dossier.reference in text
    assert "Décision" in text
    assert "20 400,00" in text  # the amount, French grouping
    # Arabic extracted in logical order: the words read as written, not reversed glyph by glyph.
    assert "قرار" in text
    assert "رمز التحقق" in text
    code = next(
        line.split(":")[-1].strip()
        for line in text.splitlines()
        if line.startswith("Verification code") or line.startswith("Code de vérification")
    )
    assert code_hash(code) == letter.code_hash
    anonymous = Client()
    page = anonymous.get(f"/en/incentives/verify/{code}/")
    assert page.status_code == 200
    assert dossier.reference.encode() in page.content
    assert dossier.organisation.name.encode() in page.content
    assert b"20400.00" in page.content
    assert b"Salma" not in page.content  # nothing beyond the letter's summary
    assert anonymous.get("/en/incentives/verify/AAAAA-BBBBB-CCCCC-DDDDD/").status_code == 404
    api = anonymous.get(f"/api/incentives/letters/verify/{code}").json()
    assert api["reference"] == dossier.reference


def test_it_keeps_the_letter_from_another_company(
    approved: Callable[[], Dossier], other_applicant: User, reviewer: User
) -> None:
    dossier = approved()
    other = Client()
    other.force_login(other_applicant)
    assert other.get(f"/en/incentives/dossiers/{dossier.pk}/letter/").status_code == 404
    staff = Client()
    force_login_confirmed(staff, reviewer)
    assert staff.get(f"/en/incentives/dossiers/{dossier.pk}/letter/").status_code == 200
    assert AuditEntry.objects.filter(action="letter.generate").count() == 1


@pytest.fixture
def second_administrator(make_member: Callable[..., User], administrator: User) -> User:
    organisation = Membership.objects.get(user=administrator).organisation
    return make_member(
        "bea@programme.example",
        OrganisationKind.PROGRAMME_OFFICE,
        Role.ADMINISTRATOR,
        organisation=organisation,
    )


def test_it_pays_a_batch_with_four_eyes_once(
    approved: Callable[[], Dossier], administrator: User, second_administrator: User
) -> None:
    first, second = approved(), approved()
    batch = payments.payment_batch_prepare(actor=administrator, dossier_ids=[first.pk, second.pk])
    assert batch.total == Decimal("40800.00")
    with pytest.raises(PermissionDenied, match="Four eyes"):
        payments.payment_batch_approve(actor=administrator, batch_id=batch.pk)
    with pytest.raises(AppError, match="approved by a second"):
        payments.payment_batch_mark_paid(actor=administrator, batch_id=batch.pk)
    payments.payment_batch_approve(actor=second_administrator, batch_id=batch.pk)
    payments.payment_batch_mark_paid(actor=administrator, batch_id=batch.pk)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == DossierState.PAID
    count = AuditEntry.objects.count()
    again = payments.payment_batch_mark_paid(actor=administrator, batch_id=batch.pk)
    assert again.state == PaymentBatch.State.PAID
    assert AuditEntry.objects.count() == count  # idempotent: nothing more recorded
    with pytest.raises(AppError, match="already in a payment batch|not approved"):
        payments.payment_batch_prepare(actor=administrator, dossier_ids=[first.pk])


def test_it_enforces_four_eyes_in_the_database(
    approved: Callable[[], Dossier], administrator: User
) -> None:
    batch = payments.payment_batch_prepare(actor=administrator, dossier_ids=[approved().pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentBatch.objects.filter(pk=batch.pk).update(
            approved_by=administrator, state=PaymentBatch.State.APPROVED
        )


def test_it_pays_all_or_nothing(
    approved: Callable[[], Dossier], administrator: User, second_administrator: User
) -> None:
    first, second = approved(), approved()
    batch = payments.payment_batch_prepare(actor=administrator, dossier_ids=[first.pk, second.pk])
    payments.payment_batch_approve(actor=second_administrator, batch_id=batch.pk)
    Dossier.objects.filter(pk=second.pk).update(state=DossierState.WITHDRAWN)  # a stray change
    with pytest.raises(AppError):
        payments.payment_batch_mark_paid(actor=administrator, batch_id=batch.pk)
    first.refresh_from_db()
    batch.refresh_from_db()
    assert first.state == DossierState.APPROVED
    assert batch.state == PaymentBatch.State.APPROVED
    assert not AuditEntry.objects.filter(action__in=["dossier.pay", "payment_batch.pay"]).exists()


def test_it_refuses_non_administrators_and_unapproved_dossiers(
    approved: Callable[[], Dossier],
    make_dossier: Callable[..., Dossier],
    reviewer: User,
    administrator: User,
) -> None:
    with pytest.raises(PermissionDenied):
        payments.payment_batch_prepare(actor=reviewer, dossier_ids=[approved().pk])
    draft = make_dossier("submitted")
    with pytest.raises(AppError, match="not approved"):
        payments.payment_batch_prepare(actor=administrator, dossier_ids=[draft.pk])
    assert not PaymentBatch.objects.exists()


def test_it_exports_exact_amounts_for_the_treasury(
    approved: Callable[[], Dossier], administrator: User, second_administrator: User
) -> None:
    from openpyxl import load_workbook

    dossier = approved()
    batch = payments.payment_batch_prepare(actor=administrator, dossier_ids=[dossier.pk])
    with pytest.raises(AppError, match="second administrator"):
        payments.payment_batch_csv(actor=administrator, batch=batch)
    payments.payment_batch_approve(actor=second_administrator, batch_id=batch.pk)
    client = Client()
    force_login_confirmed(client, administrator)
    text = client.get(f"/en/incentives/payments/{batch.pk}/export.csv").content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-1] == "amount_mad"
    assert rows[1][1] == dossier.reference and rows[1][-1] == "20400.00"
    assert rows[-1][1:2] == ["TOTAL"] and rows[-1][-1] == "20400.00"
    response = client.get(f"/api/incentives/payment-batches/{batch.pk}/export/xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert Decimal(str(sheet.cell(row=2, column=7).value)) == Decimal("20400.00")
    page = client.get(f"/en/incentives/payments/{batch.pk}/")
    assert b'data-state="approved"' in page.content


def test_it_writes_a_refusal_letter_too(
    make_dossier: Callable[..., Dossier],
    instructor: User,
    reviewer: User,
    private_storage: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_decide(
            actor=reviewer,
            dossier_id=dossier.pk,
            version=dossier.version,
            outcome="rejected",
            motivation="Hors période.",
        )
    letter = DecisionLetter.objects.get(decision__dossier=dossier)
    path = private_storage / letter.storage_key
    text = pdf_text(path)
    assert "Décision de refus" in text and "الطلب" in text
    assert "Hors période." in text


@pytest.mark.django_db(transaction=True)
def test_it_pays_once_when_two_administrators_mark_it_paid_at_once(
    approved: Callable[[], Dossier], administrator: User, second_administrator: User
) -> None:
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections: PostgreSQL only")
    dossier = approved()
    batch = payments.payment_batch_prepare(actor=administrator, dossier_ids=[dossier.pk])
    payments.payment_batch_approve(actor=second_administrator, batch_id=batch.pk)
    start = threading.Barrier(2)
    results: list[object] = []

    def pay(actor: User) -> None:
        try:
            start.wait()
            results.append(payments.payment_batch_mark_paid(actor=actor, batch_id=batch.pk))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            results.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=pay, args=(a,)) for a in (administrator, second_administrator)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(isinstance(r, PaymentBatch) and r.state == PaymentBatch.State.PAID for r in results)
    assert AuditEntry.objects.filter(action="payment_batch.pay").count() == 1
    assert AuditEntry.objects.filter(action="dossier.pay").count() == 1


def test_it_reads_a_code_whatever_its_case_spaces_or_dashes() -> None:
    assert code_hash("ABCDE-FGHJK-LMNPQ-RSTUV") == code_hash(" abcde fghjk lmnpq rstuv ")
    assert code_hash("ABCDE-FGHJK-LMNPQ-RSTUV") != code_hash("ABCDE-FGHJK-LMNPQ-RSTUW")


def test_it_walks_a_batch_through_the_pages(
    approved: Callable[[], Dossier], administrator: User, second_administrator: User
) -> None:
    dossier = approved()
    preparer, approver = Client(), Client()
    force_login_confirmed(preparer, administrator)
    force_login_confirmed(approver, second_administrator)
    listing = preparer.get("/en/incentives/payments/")
    assert dossier.reference.encode() in listing.content
    prepared = preparer.post("/en/incentives/payments/prepare/", {"dossier": [dossier.pk]})
    assert prepared.status_code == 302
    batch = PaymentBatch.objects.get()
    page = preparer.get(f"/en/incentives/payments/{batch.pk}/")
    assert b"another administrator approves" in page.content
    assert preparer.post(f"/en/incentives/payments/{batch.pk}/approve/").status_code == 403
    assert approver.post(f"/en/incentives/payments/{batch.pk}/approve/").status_code == 302
    assert preparer.post(f"/en/incentives/payments/{batch.pk}/pay/").status_code == 302
    assert preparer.post(f"/en/incentives/payments/{batch.pk}/pay/").status_code == 302  # again
    dossier.refresh_from_db()
    assert dossier.state == DossierState.PAID
    assert AuditEntry.objects.filter(action="payment_batch.pay").count() == 1


def test_it_calls_an_unknown_dossier_in_a_batch_invalid_input(administrator: User) -> None:
    # The fuzzer's find: a body naming a dossier that does not exist answered an undocumented 404.
    with pytest.raises(AppError) as refused:
        payments.payment_batch_prepare(actor=administrator, dossier_ids=[987654321])
    assert refused.value.status == 422 and refused.value.code == "unknown_dossier"


def _stale(client: Client) -> None:
    """The session's last sign-in or re-authentication is older than the timeout."""
    from django.conf import settings

    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 5
    session.save()


@pytest.mark.parametrize("step", ["approve", "pay"])
def test_it_sends_a_stale_session_to_reauthenticate_before_approving_or_paying_a_batch(
    approved: Callable[[], Dossier],
    administrator: User,
    second_administrator: User,
    step: str,
) -> None:
    dossier = approved()
    batch = payments.payment_batch_prepare(actor=administrator, dossier_ids=[dossier.pk])
    if step == "pay":
        payments.payment_batch_approve(actor=second_administrator, batch_id=batch.pk)
    actor = second_administrator if step == "approve" else administrator
    client = Client()
    force_login_confirmed(client, actor)
    _stale(client)
    audited = AuditEntry.objects.count()
    before = PaymentBatch.objects.get().state

    page = client.post(f"/en/incentives/payments/{batch.pk}/{step}/")
    api = client.post(
        f"/api/incentives/payment-batches/{batch.pk}/{step}", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert page.status_code == 302 and "/reauthenticate/" in page["Location"]
    assert api.status_code == 403 and api.json()["code"] == "reauthentication_required"
    assert "Nothing was changed" in api.json()["message"]
    assert PaymentBatch.objects.get().state == before
    assert AuditEntry.objects.count() == audited
    dossier.refresh_from_db()
    assert dossier.state == DossierState.APPROVED
    # Once re-authenticated, the same request goes through.
    force_login_confirmed(client, actor)
    done = client.post(f"/api/incentives/payment-batches/{batch.pk}/{step}")
    assert done.status_code == 200, done.content
    assert PaymentBatch.objects.get().state != before
