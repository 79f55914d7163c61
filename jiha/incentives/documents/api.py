"""API of documents, decision letters and payment batches (mounted under /api/incentives)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth

from jiha.accounts.decorators import reauthentication_check
from jiha.accounts.permissions import is_administrator
from jiha.incentives.documents import payments, selectors, services
from jiha.incentives.documents import views as pages
from jiha.incentives.models import DocumentVersion, PaymentBatch
from jiha.lib.errors import NotFound

router = Router()


class DocumentVersionOut(Schema):
    id: int
    kind: str
    number: int
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    scan_state: str
    download: str | None


class DocumentSlotOut(Schema):
    kind: str
    label: str
    versions: list[DocumentVersionOut]


def _version(version: DocumentVersion) -> dict[str, Any]:
    return {
        "id": version.pk,
        "kind": version.document.kind,
        "number": version.number,
        "name": version.name,
        "content_type": version.content_type,
        "size": version.size,
        "sha256": version.sha256,
        "uploaded_at": version.uploaded_at,
        "scan_state": version.scan_state,
        "download": f"/api/incentives/documents/{version.pk}/download"
        if version.openable
        else None,
    }


@router.get(
    "/dossiers/{dossier_id}/documents",
    auth=django_auth,
    response=list[DocumentSlotOut],
    url_name="incentives_dossier_documents",
    summary="The documents of a dossier, with every version and its virus-scan state",
)
def documents_list(request: HttpRequest, dossier_id: int) -> list[dict[str, Any]]:
    dossier = selectors.dossier_visible(user=request.user, dossier_id=dossier_id)
    documents = selectors.dossier_documents(user=request.user, dossier=dossier)
    return [
        {"kind": slot.kind, "label": slot.label, "versions": [_version(v) for v in slot.versions]}
        for slot in documents.slots
    ]


@router.post(
    "/dossiers/{dossier_id}/documents/{kind}",
    auth=django_auth,
    response={201: DocumentVersionOut},
    url_name="incentives_document_upload",
    summary="Send (or replace) a document: PDF, JPEG, PNG or XLSX, checked and virus-scanned",
)
def document_upload(
    request: HttpRequest, dossier_id: int, kind: str, file: File[UploadedFile]
) -> Status[dict[str, Any]]:
    """Refused with a clear message (nothing stored) when the file's content is not one of the
    four kinds, is too large, is a PDF with JavaScript, or when the virus scanner does not
    answer. The scan runs in the background: follow `scan_state` (pending, clean, infected,
    failed)."""
    version = services.document_upload(
        actor=request.user, dossier_id=dossier_id, kind=kind, upload=file
    )
    version.refresh_from_db()
    return Status(201, _version(version))


@router.get(
    "/documents/{version_id}/download",
    auth=django_auth,
    url_name="incentives_document_download",
    summary="Download a document version (only once scanned clean)",
)
def document_download(request: HttpRequest, version_id: int) -> HttpResponseBase:
    return pages.version_response(request.user, version_id)


@router.get(
    "/dossiers/{dossier_id}/letter",
    auth=django_auth,
    url_name="incentives_letter_download",
    summary="The decision letter (PDF, French and Arabic)",
)
def letter_download(request: HttpRequest, dossier_id: int) -> HttpResponseBase:
    return pages.letter_response(request.user, dossier_id)


class VerificationOut(Schema):
    reference: str
    organisation: str
    outcome: str
    amount: Decimal | None
    decided_at: dt.datetime


@router.get(
    "/letters/verify/{code}",
    response={200: VerificationOut},
    url_name="incentives_letter_verify",
    summary="Check a decision letter's verification code (public)",
)
def letter_verify(request: HttpRequest, code: str) -> Status[Any]:
    result = selectors.letter_verify(code=code)
    if result is None:
        raise NotFound(_("No letter has this code."), code="unknown_letter")
    return Status(200, vars(result))


class BatchOut(Schema):
    id: int
    reference: str
    state: str
    total: Decimal
    dossiers: list[str]
    prepared_at: dt.datetime
    approved_at: dt.datetime | None
    paid_at: dt.datetime | None


class BatchIn(Schema):
    dossiers: list[int]


def _batch(batch: PaymentBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "reference": batch.reference,
        "state": batch.state,
        "total": batch.total,
        "dossiers": list(
            batch.items.order_by("dossier__reference").values_list("dossier__reference", flat=True)
        ),
        "prepared_at": batch.prepared_at,
        "approved_at": batch.approved_at,
        "paid_at": batch.paid_at,
    }


def _recently_reauthenticated(request: HttpRequest) -> None:
    """Approving or paying a batch moves public money: an administrator must have proved who
    they are recently (those who may not handle batches are refused by the service as such)."""
    if is_administrator(request.user):
        reauthentication_check(request)


@router.get(
    "/payment-batches",
    auth=django_auth,
    response=list[BatchOut],
    url_name="incentives_payment_batches",
    summary="Payment batches (administrators)",
)
def batches_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_batch(batch) for batch in selectors.payment_batches(user=request.user)]


@router.post(
    "/payment-batches",
    auth=django_auth,
    response={201: BatchOut},
    url_name="incentives_payment_batch_prepare",
    summary="Prepare a batch from approved dossiers (administrators)",
)
def batch_prepare(request: HttpRequest, data: BatchIn) -> Status[dict[str, Any]]:
    batch = payments.payment_batch_prepare(actor=request.user, dossier_ids=data.dossiers)
    return Status(201, _batch(batch))


@router.post(
    "/payment-batches/{batch_id}/approve",
    auth=django_auth,
    response=BatchOut,
    url_name="incentives_payment_batch_approve",
    summary="Approve a batch (another administrator than its preparer)",
)
def batch_approve(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    _recently_reauthenticated(request)
    return _batch(payments.payment_batch_approve(actor=request.user, batch_id=batch_id))


@router.post(
    "/payment-batches/{batch_id}/pay",
    auth=django_auth,
    response=BatchOut,
    url_name="incentives_payment_batch_pay",
    summary="Mark a batch paid: all its dossiers become paid (idempotent, all or nothing)",
)
def batch_pay(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    _recently_reauthenticated(request)
    return _batch(payments.payment_batch_mark_paid(actor=request.user, batch_id=batch_id))


@router.get(
    "/payment-batches/{batch_id}/export/{fmt}",
    auth=django_auth,
    url_name="incentives_payment_batch_export",
    summary="A batch for the treasury: fmt is csv or xlsx (approved batches)",
)
def batch_export(request: HttpRequest, batch_id: int, fmt: str) -> HttpResponse:
    return pages.batch_export_response(request, batch_id, fmt)
