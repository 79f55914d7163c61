"""Payment batches: approved dossiers paid together, four eyes, all or nothing, once.

An administrator prepares a batch from approved dossiers (each in one batch only); another
administrator approves it (the preparer never can: a CHECK constraint holds it too); the
treasury receives its CSV or XLSX (exact decimal amounts); marking it paid moves every dossier
to ``paid`` in one transaction — any refusal leaves all of them approved — and marking a paid
batch paid again changes nothing.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import Role
from jiha.accounts.permissions import is_administrator
from jiha.audit.services import audit_append
from jiha.incentives.dossiers.services import Conflict, dossier_mark_paid
from jiha.incentives.models import (
    Decision,
    Dossier,
    DossierState,
    PaymentBatch,
    PaymentBatchItem,
)
from jiha.lib.errors import InvalidInput, NotFound, PermissionDenied

MAX_DOSSIERS = 5000


def _require_administrator(actor: Any) -> None:
    if not is_administrator(actor):
        raise PermissionDenied(_("Only administrators handle payment batches."))


def _lock_batch(batch_id: int) -> PaymentBatch:
    batch = PaymentBatch.objects.select_for_update().filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("There is no such payment batch."), code="unknown_batch")
    return batch


def _snapshot(batch: PaymentBatch) -> dict[str, Any]:
    return {"state": batch.state, "total": batch.total, "dossiers": batch.items.count()}


@transaction.atomic
def payment_batch_prepare(*, actor: Any, dossier_ids: Sequence[int]) -> PaymentBatch:
    """Group approved, final, unbatched dossiers into a new batch with their decided amounts."""
    _require_administrator(actor)
    ids = sorted({int(pk) for pk in dossier_ids})
    if not ids:
        raise InvalidInput(_("Choose at least one approved dossier."), code="empty_batch")
    if len(ids) > MAX_DOSSIERS:
        raise InvalidInput(
            _("A batch holds at most %(n)s dossiers.") % {"n": MAX_DOSSIERS}, code="batch_too_big"
        )
    dossiers = list(
        Dossier.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
    )
    if len(dossiers) != len(ids):
        # Named in the request's body: an invalid input (422), not a missing address (404).
        raise InvalidInput(_("One of these dossiers does not exist."), code="unknown_dossier")
    decisions = {
        d.dossier_id: d
        for d in Decision.objects.filter(dossier_id__in=ids, outcome=Decision.Outcome.APPROVED)
    }
    batched = set(
        PaymentBatchItem.objects.filter(dossier_id__in=ids).values_list("dossier_id", flat=True)
    )
    items = []
    for dossier in dossiers:
        decision = decisions.get(dossier.pk)
        if dossier.state != DossierState.APPROVED or decision is None or not decision.final:
            raise Conflict(
                _("Dossier %(ref)s is not approved: only approved dossiers are paid.")
                % {"ref": dossier.reference},
                code="not_approved",
            )
        if dossier.pk in batched:
            raise Conflict(
                _("Dossier %(ref)s is already in a payment batch.") % {"ref": dossier.reference},
                code="already_batched",
            )
        if not decision.amount or decision.amount <= 0:
            raise Conflict(
                _("Dossier %(ref)s has no amount to pay.") % {"ref": dossier.reference},
                code="nothing_to_pay",
            )
        items.append(PaymentBatchItem(dossier=dossier, amount=decision.amount))
    total = sum((item.amount for item in items), Decimal("0.00"))
    batch = PaymentBatch.objects.create(
        reference=f"PB-{timezone.now():%Y%m%d}-{secrets.token_hex(3).upper()}",
        total=total,
        prepared_by=actor,
    )
    for item in items:
        item.batch = batch
    PaymentBatchItem.objects.bulk_create(items)
    audit_append(
        actor=actor,
        action="payment_batch.prepare",
        target=batch,
        after={
            **_snapshot(batch),
            "reference": batch.reference,
            "items": [[d.reference, str(i.amount)] for d, i in zip(dossiers, items, strict=True)],
        },
        role=Role.ADMINISTRATOR,
    )
    return batch


@transaction.atomic
def payment_batch_approve(*, actor: Any, batch_id: int) -> PaymentBatch:
    """A second administrator, never the preparer, approves the batch for payment."""
    _require_administrator(actor)
    batch = _lock_batch(batch_id)
    if batch.state != PaymentBatch.State.PREPARED:
        raise Conflict(_("This batch is already approved."), code="batch_not_prepared")
    if batch.prepared_by_id == actor.pk:
        raise PermissionDenied(
            _("Four eyes: the administrator who prepared a batch cannot approve it."),
            code="four_eyes",
        )
    before = _snapshot(batch)
    batch.state, batch.approved_by, batch.approved_at = (
        PaymentBatch.State.APPROVED,
        actor,
        timezone.now(),
    )
    batch.save(update_fields=["state", "approved_by", "approved_at"])
    audit_append(
        actor=actor,
        action="payment_batch.approve",
        target=batch,
        before=before,
        after=_snapshot(batch),
        role=Role.ADMINISTRATOR,
    )
    return batch


@transaction.atomic
def payment_batch_mark_paid(*, actor: Any, batch_id: int) -> PaymentBatch:
    """Mark an approved batch paid: every dossier moves to ``paid``, all or nothing.

    Marking a paid batch paid again returns it unchanged (a retry, a double click).
    """
    _require_administrator(actor)
    batch = _lock_batch(batch_id)
    if batch.state == PaymentBatch.State.PAID:
        return batch
    if batch.state != PaymentBatch.State.APPROVED:
        raise Conflict(
            _("A batch is approved by a second administrator before it is paid."),
            code="batch_not_approved",
        )
    before = _snapshot(batch)
    for dossier_id in batch.items.order_by("dossier_id").values_list("dossier_id", flat=True):
        dossier_mark_paid(actor=actor, dossier_id=dossier_id, batch=batch.reference)
    batch.state, batch.paid_by, batch.paid_at = PaymentBatch.State.PAID, actor, timezone.now()
    batch.save(update_fields=["state", "paid_by", "paid_at"])
    audit_append(
        actor=actor,
        action="payment_batch.pay",
        target=batch,
        before=before,
        after=_snapshot(batch),
        role=Role.ADMINISTRATOR,
    )
    return batch


# --- exports for the treasury -----------------------------------------------------------------

EXPORT_HEADER = (
    "batch",
    "dossier",
    "organisation",
    "region",
    "scheme",
    "decided_at",
    "amount_mad",
)


def export_rows(batch: PaymentBatch) -> list[tuple[Any, ...]]:
    items = batch.items.select_related(
        "dossier__organisation", "dossier__region", "dossier__scheme", "dossier__decision"
    ).order_by("dossier__reference")
    return [
        (
            batch.reference,
            item.dossier.reference,
            item.dossier.organisation.name,
            item.dossier.region.code,
            item.dossier.scheme.code,
            item.dossier.decision.decided_at.date().isoformat(),
            item.amount,
        )
        for item in items
    ]


def _require_exportable(actor: Any, batch: PaymentBatch) -> None:
    _require_administrator(actor)
    if batch.state == PaymentBatch.State.PREPARED:
        raise Conflict(
            _("A batch is exported for the treasury once a second administrator approved it."),
            code="batch_not_approved",
        )


def payment_batch_csv(*, actor: Any, batch: PaymentBatch) -> str:
    """The batch as CSV (UTF-8, comma, amounts as exact decimals with a point)."""
    _require_exportable(actor, batch)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    for row in export_rows(batch):
        writer.writerow([*map(_csv_safe, row[:-1]), f"{row[-1]:.2f}"])
    writer.writerow([batch.reference, "TOTAL", "", "", "", "", f"{batch.total:.2f}"])
    return out.getvalue()


def _csv_safe(value: Any) -> str:
    """A text that a spreadsheet would take for a formula is prefixed with a quote."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def payment_batch_xlsx(*, actor: Any, batch: PaymentBatch) -> bytes:
    """The batch as an XLSX workbook written by openpyxl; amounts are exact decimals."""
    from openpyxl import Workbook

    _require_exportable(actor, batch)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = batch.reference[:31]
    sheet.append(EXPORT_HEADER)
    for row in export_rows(batch):
        sheet.append([*map(_csv_safe, row[:-1]), row[-1]])
        sheet.cell(row=sheet.max_row, column=len(EXPORT_HEADER)).number_format = "0.00"
    sheet.append([batch.reference, "TOTAL", "", "", "", "", batch.total])
    sheet.cell(row=sheet.max_row, column=len(EXPORT_HEADER)).number_format = "0.00"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
