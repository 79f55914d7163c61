"""Access rows of documents, decision letters and payment batches (issue 12, items 3, 6, 7).

Documents and letters follow the dossier: company A's applicants, and reviewers and
administrators once it left the draft; uploads only by company A on its draft. The public
verification of a letter is open to everyone. Payment batches are administrators' only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jiha.accounts.models import Membership, Role, User
from jiha.incentives import services
from jiha.incentives.catalogue import catalogue_sync
from jiha.incentives.documents.services import code_hash
from jiha.incentives.models import (
    Decision,
    DecisionLetter,
    DocumentVersion,
    DossierDocument,
    PaymentBatch,
    ScanState,
    Scheme,
)
from jiha.lib import uploads
from jiha.regions.models import Region
from tests.security.access import ADMIN, EVERYONE, NOBODY, Access

COMPANY_A_AND_STAFF = frozenset({"applicant_a", "reviewer", "administrator"})
COMPANY_A = frozenset({"applicant_a"})
LETTER_CODE = "ABCDE-FGHJK-LMNPQ-RSTUV"
KIND = "employment-contracts"

ROWS: dict[str, Access] = {
    "incentives:dossier_documents": Access(
        "/incentives/dossiers/{submitted_a}/documents/", COMPANY_A_AND_STAFF
    ),
    "incentives:document_upload": Access(
        f"/incentives/dossiers/{{draft_a}}/documents/{KIND}/upload/",
        COMPANY_A,
        method="POST",
        files={"file": b"not a document"},
    ),
    "incentives:document_download": Access(
        "/incentives/documents/{version_a}/download/", COMPANY_A_AND_STAFF
    ),
    "incentives:document_rescan": Access(
        "/incentives/documents/{version_a}/rescan/",
        frozenset({"reviewer", "administrator"}),
        method="POST",
    ),
    "incentives:letter_download": Access(
        "/incentives/dossiers/{submitted_a}/letter/", COMPANY_A_AND_STAFF
    ),
    "incentives:letter_verify_form": Access("/incentives/verify/", EVERYONE),
    "incentives:letter_verify": Access(f"/incentives/verify/{LETTER_CODE}/", EVERYONE),
    "incentives:payment_batches": Access("/incentives/payments/", ADMIN),
    "incentives:payment_batch_prepare": Access(
        "/incentives/payments/prepare/", ADMIN, method="POST"
    ),
    "incentives:payment_batch": Access("/incentives/payments/{batch}/", ADMIN),
    "incentives:payment_batch_approve": Access(
        "/incentives/payments/{batch}/approve/", ADMIN, method="POST"
    ),
    "incentives:payment_batch_pay": Access(
        "/incentives/payments/{batch}/pay/", ADMIN, method="POST"
    ),
    "incentives:payment_batch_export": Access("/incentives/payments/{batch}/export.csv", ADMIN),
    "api:incentives_dossier_documents": Access(
        "/api/incentives/dossiers/{submitted_a}/documents", COMPANY_A_AND_STAFF
    ),
    "api:incentives_document_upload": Access(
        f"/api/incentives/dossiers/{{draft_a}}/documents/{KIND}",
        COMPANY_A,
        method="POST",
        files={"file": b"not a document"},
    ),
    "api:incentives_document_download": Access(
        "/api/incentives/documents/{version_a}/download", COMPANY_A_AND_STAFF
    ),
    "api:incentives_letter_download": Access(
        "/api/incentives/dossiers/{submitted_a}/letter", COMPANY_A_AND_STAFF
    ),
    "api:incentives_letter_verify": Access(
        f"/api/incentives/letters/verify/{LETTER_CODE}", EVERYONE
    ),
    "api:incentives_payment_batch_export": Access(
        "/api/incentives/payment-batches/{batch}/export/csv", ADMIN
    ),
    "api:incentives_payment_batches": Access("/api/incentives/payment-batches", ADMIN),
    "api:incentives_payment_batch_prepare": Access(
        "/api/incentives/payment-batches", ADMIN, method="POST", json=True, data={"dossiers": []}
    ),
    "api:incentives_payment_batch_approve": Access(
        "/api/incentives/payment-batches/{batch}/approve", ADMIN, method="POST"
    ),
    "api:incentives_payment_batch_pay": Access(
        "/api/incentives/payment-batches/{batch}/pay", ADMIN, method="POST"
    ),
}
assert frozenset() == NOBODY


def populate(world: Any) -> None:
    catalogue_sync(Scheme)  # a transactional test before may have emptied the table
    applicant: User = world.users["applicant_a"]
    organisation = Membership.objects.filter(user=applicant).first().organisation  # type: ignore[union-attr]
    scheme = Scheme.objects.get(code="employment-bonus-2025")
    region = Region.objects.get(code="MA-03")
    hires = [{"profile": "it_engineer", "gross_annual_salary": "120000", "hire_date": "2025-09-01"}]

    def dossier() -> Any:
        return services.dossier_create(
            actor=applicant,
            organisation=organisation,
            scheme=scheme,
            region=region,
            period_start=dt.date(2027, 1, 1),
            period_end=dt.date(2027, 12, 31),
            data={"activity": "ITO", "hires": hires},
        )

    draft = dossier()
    submitted = dossier()
    submitted = services.dossier_submit(
        actor=applicant,
        dossier_id=submitted.pk,
        version=submitted.version,
        idempotency_key="matrix-documents",
    )
    document = DossierDocument.objects.create(dossier=submitted, kind=KIND)
    version = DocumentVersion.objects.create(
        document=document,
        number=1,
        storage_key=uploads.store_bytes(b"%PDF-1.4\n%%EOF\n", prefix="documents/matrix"),
        name="contract.pdf",
        content_type="application/pdf",
        size=15,
        sha256="0" * 64,
        uploaded_by=applicant,
        scan_state=ScanState.CLEAN,
    )
    decision = Decision.objects.create(
        dossier=submitted,
        outcome=Decision.Outcome.REJECTED,
        instructor=world.users["reviewer"],
        decided_by=world.users["analyst"],
        decided_at=timezone.now(),
    )
    DecisionLetter.objects.create(
        decision=decision,
        code_hash=code_hash(LETTER_CODE),
        code_hint=LETTER_CODE[:5],
        state=DecisionLetter.State.READY,
        storage_key=uploads.store_bytes(b"%PDF-1.4\n%%EOF\n", prefix="letters/matrix"),
    )
    preparer = User.objects.create_user("prep@programme.example", "x")
    Membership.objects.create(
        user=preparer,
        organisation=Membership.objects.filter(user=world.users["administrator"])
        .first()
        .organisation,  # type: ignore[union-attr]
        role=Role.ADMINISTRATOR,
    )
    batch = PaymentBatch.objects.create(reference="PB-MATRIX", total=0, prepared_by=preparer)
    world.values.update(
        draft_a=draft.pk, submitted_a=submitted.pk, version_a=version.pk, batch=batch.pk
    )
