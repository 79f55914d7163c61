"""Reads of documents, letters and payment batches, each checked against who asks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import rules
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jiha.accounts.permissions import is_administrator
from jiha.incentives.documents.services import UPLOADABLE, code_hash, required_items
from jiha.incentives.models import (
    DecisionLetter,
    DocumentVersion,
    Dossier,
    DossierState,
    PaymentBatch,
    ScanState,
)
from jiha.lib import virusscan
from jiha.lib.errors import AppError, NotFound, PermissionDenied


def _may_view(user: Any, dossier: Dossier) -> bool:
    return bool(
        rules.has_perm("incentives.view_dossier", user, dossier)
        or rules.has_perm("incentives.expert_dossier", user, dossier)
    )


def dossier_visible(*, user: Any, dossier_id: int) -> Dossier:
    dossier = Dossier.objects.select_related("scheme", "organisation").filter(pk=dossier_id).first()
    if dossier is None or not _may_view(user, dossier):
        raise NotFound(_("There is no such dossier."), code="unknown_dossier")
    return dossier


@dataclass
class DocumentSlot:
    """A document the scheme asks for, with its versions (newest first)."""

    kind: str
    label: str
    versions: list[DocumentVersion] = field(default_factory=list)

    @property
    def current(self) -> DocumentVersion | None:
        return self.versions[0] if self.versions else None


@dataclass
class DossierDocuments:
    dossier: Dossier
    slots: list[DocumentSlot]
    can_upload: bool
    scanning: bool
    max_mb: float
    letter_ready: bool = False
    can_rescan: bool = False


def dossier_documents(*, user: Any, dossier: Dossier) -> DossierDocuments:
    """The documents the dossier's scheme asks for, with their versions, for ``user``."""
    from jiha.lib.uploads import max_document_bytes

    if not _may_view(user, dossier):
        raise NotFound(_("There is no such dossier."), code="unknown_dossier")
    language = (get_language() or "fr")[:2]
    versions: dict[str, list[DocumentVersion]] = {}
    for version in (
        DocumentVersion.objects.filter(document__dossier=dossier)
        .select_related("document", "uploaded_by")
        .order_by("document__kind", "-number")
    ):
        versions.setdefault(version.document.kind, []).append(version)
    slots = [
        DocumentSlot(
            kind=str(item["code"]),
            label=str(item.get(language) or item.get("fr") or item["code"]),
            versions=versions.get(str(item["code"]), []),
        )
        for item in required_items(dossier)
    ]
    return DossierDocuments(
        dossier=dossier,
        slots=slots,
        can_upload=dossier.state in UPLOADABLE
        and rules.has_perm("incentives.change_dossier", user, dossier),
        scanning=virusscan.scanning_enabled(),
        max_mb=round(max_document_bytes() / 1_048_576, 1),
        can_rescan=rules.has_perm("incentives.review_dossier", user, dossier)
        or bool(is_administrator(user)),
        letter_ready=rules.has_perm("incentives.view_dossier", user, dossier)
        and DecisionLetter.objects.filter(
            decision__dossier=dossier, state=DecisionLetter.State.READY
        ).exists(),
    )


def version_for_download(*, user: Any, version_id: int) -> DocumentVersion:
    """A version ``user`` may open: one of a dossier they see, and only once scanned clean."""
    version = (
        DocumentVersion.objects.select_related("document__dossier__organisation")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not _may_view(user, version.document.dossier):
        raise NotFound(_("There is no such document."), code="unknown_document")
    if not version.openable:
        messages: dict[str, Any] = {
            ScanState.PENDING: _("This file is still being scanned for viruses: try again soon."),
            ScanState.INFECTED: _("This file was found infected and cannot be opened."),
            ScanState.FAILED: _(
                "The virus scan of this file failed; it cannot be opened. Ask the applicant "
                "to send it again."
            ),
        }
        raise AppError(
            messages.get(version.scan_state, _("This file cannot be opened.")),
            code=f"document_{version.scan_state}",
            status=409,
        )
    return version


def letter_for(*, user: Any, dossier_id: int) -> DecisionLetter:
    dossier = dossier_visible(user=user, dossier_id=dossier_id)
    letter = DecisionLetter.objects.filter(decision__dossier=dossier).first()
    if letter is None or not rules.has_perm("incentives.view_dossier", user, dossier):
        raise NotFound(_("This dossier has no decision letter yet."), code="no_letter")
    if letter.state != DecisionLetter.State.READY:
        raise AppError(
            _("The decision letter is being prepared: try again in a minute."),
            code="letter_pending",
            status=409,
        )
    return letter


@dataclass(frozen=True)
class Verification:
    """What the public verification page confirms, and nothing more."""

    reference: str
    organisation: str
    outcome: str
    amount: Any
    decided_at: Any


def letter_verify(*, code: str) -> Verification | None:
    code = (code or "").strip()
    if not code or len(code) > 40:
        return None
    letter = (
        DecisionLetter.objects.select_related("decision__dossier__organisation")
        .filter(code_hash=code_hash(code), state=DecisionLetter.State.READY)
        .first()
    )
    if letter is None:
        return None
    decision = letter.decision
    return Verification(
        reference=decision.dossier.reference,
        organisation=decision.dossier.organisation.name,
        outcome=decision.get_outcome_display(),
        amount=decision.amount,
        decided_at=decision.decided_at,
    )


def payment_batches(*, user: Any) -> list[PaymentBatch]:
    if not is_administrator(user):
        raise PermissionDenied(_("Only administrators handle payment batches."))
    return list(PaymentBatch.objects.select_related("prepared_by", "approved_by")[:200])


def payment_batch_get(*, user: Any, batch_id: int) -> PaymentBatch:
    if not is_administrator(user):
        raise PermissionDenied(_("Only administrators handle payment batches."))
    batch = (
        PaymentBatch.objects.select_related("prepared_by", "approved_by", "paid_by")
        .filter(pk=batch_id)
        .first()
    )
    if batch is None:
        raise NotFound(_("There is no such payment batch."), code="unknown_batch")
    return batch


def payable_dossiers(*, user: Any) -> list[Dossier]:
    """Approved dossiers with a final decision and an amount, not yet in a batch."""
    if not is_administrator(user):
        raise PermissionDenied(_("Only administrators handle payment batches."))
    return list(
        Dossier.objects.filter(
            state=DossierState.APPROVED,
            payment_item__isnull=True,
            decision__amount__gt=0,
        )
        .select_related("organisation", "scheme", "decision")
        .order_by("decided_at", "pk")[:1000]
    )
