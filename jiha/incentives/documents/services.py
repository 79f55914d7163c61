"""Writes for documents (upload, replace, scan) and decision letters.

An upload is checked (``jiha.lib.uploads``) before any row is written; it is refused outright
when the virus scanner does not answer, unless an administrator switched scanning off. The new
version is stored, recorded and audited in one transaction, and scanned in the background once
that transaction commits. A scan that fails or hangs is tried ``JIHA_SCAN_ATTEMPTS`` times, then
reported as failed; ``documents_sweep`` takes up scans left pending by a dead worker.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from typing import Any

import rules
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import Role
from jiha.accounts.permissions import is_administrator
from jiha.audit.services import audit_append
from jiha.incentives.models import (
    Decision,
    DecisionLetter,
    DocumentVersion,
    Dossier,
    DossierDocument,
    DossierState,
    ScanState,
)
from jiha.lib import uploads, virusscan
from jiha.lib.errors import AppError, InvalidInput, NotFound, PermissionDenied

logger = logging.getLogger(__name__)

UPLOADABLE = frozenset({DossierState.DRAFT, DossierState.INFORMATION_REQUESTED})


def required_items(dossier: Dossier) -> list[dict[str, Any]]:
    """The documents the dossier's scheme asks for (``{"code", "fr", "ar", "en"}`` each)."""
    required = dossier.scheme.required_documents or {}
    items = required.get("items", []) if isinstance(required, dict) else required
    return [item for item in items if isinstance(item, dict) and item.get("code")]


def required_kinds(dossier: Dossier) -> list[str]:
    return [str(item["code"]) for item in required_items(dossier)]


def _dossier_for_upload(actor: Any, dossier_id: int, *, lock: bool) -> Dossier:
    query = Dossier.objects.select_related("scheme", "organisation")
    if lock:
        query = query.select_for_update(of=("self",))
    dossier = query.filter(pk=dossier_id).first()
    if dossier is None or not (
        rules.has_perm("incentives.view_dossier", actor, dossier)
        or rules.has_perm("incentives.change_dossier", actor, dossier)
    ):
        raise NotFound(_("There is no such dossier."), code="unknown_dossier")
    if not rules.has_perm("incentives.change_dossier", actor, dossier):
        raise PermissionDenied(_("Only the applicant company sends the documents of a dossier."))
    if dossier.state not in UPLOADABLE:
        raise AppError(
            _(
                "Documents can be sent while the dossier is a draft or while a correction is "
                "requested, not in the state “%(state)s”."
            )
            % {"state": dossier.get_state_display()},
            code="documents_closed",
            status=409,
        )
    return dossier


def document_upload_gate(*, actor: Any, dossier_id: int) -> Dossier:
    """Refuse early (before the body is looked at) whoever may not send documents now."""
    return _dossier_for_upload(actor, dossier_id, lock=False)


def document_upload(*, actor: Any, dossier_id: int, kind: str, upload: Any) -> DocumentVersion:
    """Add a version of the document ``kind`` of the dossier (the first, or a replacement).

    Nothing is stored when anything is refused: the dossier, the kind, the scanner, the file.
    """
    dossier = _dossier_for_upload(actor, dossier_id, lock=False)
    if kind not in required_kinds(dossier):
        raise InvalidInput(_("This scheme asks for no such document."), code="unknown_kind")
    scanning = virusscan.scanning_enabled()
    if scanning and not virusscan.scanner_answers():
        raise virusscan.ScannerUnavailable(virusscan.unavailable_message())
    checked = uploads.upload_receive(upload)
    key = ""
    try:
        key = uploads.store_checked(checked)
        version = _record_version(actor, dossier_id, kind, checked, key, scanning)
    except BaseException:
        checked.discard()
        if key:
            uploads.stored_path(key).unlink(missing_ok=True)
        raise
    if scanning:
        transaction.on_commit(lambda: _enqueue_scan(version.pk))
    return version


@transaction.atomic
def _record_version(
    actor: Any, dossier_id: int, kind: str, checked: uploads.CheckedUpload, key: str, scan: bool
) -> DocumentVersion:
    dossier = _dossier_for_upload(actor, dossier_id, lock=True)
    document, _created = DossierDocument.objects.get_or_create(dossier=dossier, kind=kind)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion.objects.create(
        document=document,
        number=last + 1,
        storage_key=key,
        name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor,
        scan_state=ScanState.PENDING if scan else ScanState.NOT_SCANNED,
    )
    audit_append(
        actor=actor,
        action="document.replace" if last else "document.upload",
        target=document,
        before={"version": last} if last else None,
        after={
            "dossier": dossier.reference,
            "kind": kind,
            "version": version.number,
            "name": version.name,
            "sha256": version.sha256,
            "size": version.size,
            "scan": version.scan_state,
        },
        role=Role.APPLICANT,
    )
    return version


# Seconds before a failed scan is tried again, by try number (where the backend can defer).
RETRY_DELAYS = (0, 30, 120, 600)


def _enqueue_scan(version_id: int, attempt: int = 0) -> None:
    from jiha.incentives.documents.tasks import document_scan_run

    task = document_scan_run
    delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS) - 1)]
    if delay and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    try:
        task.enqueue(version_id)
    except Exception:  # the sweeper takes it up: never pending forever
        logger.exception("Could not enqueue the scan of document version %s", version_id)


@transaction.atomic
def _scan_claim(version_id: int) -> DocumentVersion | None:
    version = DocumentVersion.objects.select_for_update().filter(pk=version_id).first()
    if version is None or version.scan_state != ScanState.PENDING:
        return None
    version.scan_attempts += 1
    version.scan_started_at = timezone.now()
    version.save(update_fields=["scan_attempts", "scan_started_at"])
    return version


@transaction.atomic
def _scan_record(version_id: int, state: str, signature: str = "", message: str = "") -> None:
    version = (
        DocumentVersion.objects.select_for_update().select_related("document").get(pk=version_id)
    )
    if version.scan_state != ScanState.PENDING:
        return
    version.scan_state, version.scan_signature = state, signature[:200]
    version.scan_message, version.scanned_at = message[:500], timezone.now()
    version.save(update_fields=["scan_state", "scan_signature", "scan_message", "scanned_at"])
    audit_append(
        actor=None,
        action="document.scan",
        target=version.document,
        before={"version": version.number, "scan": ScanState.PENDING},
        after={
            "version": version.number,
            "scan": state,
            "signature": signature,
            "attempts": version.scan_attempts,
        },
        reason=message,
    )


def document_scan(*, version_id: int, timeout: float | None = None) -> str:
    """Scan a pending version once; returns its scan state afterwards.

    On a scanner error or timeout it stays pending (and is enqueued again) until
    ``JIHA_SCAN_ATTEMPTS`` tries were made, then it is failed, with the reason.
    """
    version = _scan_claim(version_id)
    if version is None:
        return str(
            DocumentVersion.objects.filter(pk=version_id)
            .values_list("scan_state", flat=True)
            .first()
            or ""
        )
    try:
        verdict = virusscan.scan_file(uploads.stored_path(version.storage_key), timeout=timeout)
    except (virusscan.ScannerUnavailable, OSError) as exc:
        detail = str(getattr(exc, "details", "") or exc)
        if version.scan_attempts >= settings.JIHA_SCAN_ATTEMPTS:
            _scan_record(version_id, ScanState.FAILED, message=detail)
            return ScanState.FAILED
        DocumentVersion.objects.filter(pk=version_id).update(scan_message=detail[:500])
        attempt = version.scan_attempts
        transaction.on_commit(lambda: _enqueue_scan(version_id, attempt))
        return ScanState.PENDING
    _scan_record(version_id, verdict.state, signature=verdict.signature)
    return verdict.state


@transaction.atomic
def document_rescan(*, actor: Any, version_id: int) -> DocumentVersion:
    """Staff ask for a new scan of a version whose scan failed (not of a clean or infected one)."""
    version = (
        DocumentVersion.objects.select_for_update(of=("self",))
        .select_related("document__dossier")
        .filter(pk=version_id)
        .first()
    )
    if version is None or not rules.has_perm(
        "incentives.view_dossier", actor, version.document.dossier
    ):
        raise NotFound(_("There is no such document."), code="unknown_document")
    if not (
        rules.has_perm("incentives.review_dossier", actor, version.document.dossier)
        or is_administrator(actor)
    ):
        raise PermissionDenied(_("Only reviewers and administrators ask for a new scan."))
    if version.scan_state != ScanState.FAILED:
        raise AppError(
            _("Only a file whose scan failed is scanned again."), code="not_failed", status=409
        )
    version.scan_state, version.scan_attempts, version.scan_started_at = (
        ScanState.PENDING,
        0,
        None,
    )
    version.save(update_fields=["scan_state", "scan_attempts", "scan_started_at"])
    audit_append(
        actor=actor,
        action="document.rescan",
        target=version.document,
        before={"version": version.number, "scan": ScanState.FAILED},
        after={"version": version.number, "scan": ScanState.PENDING},
        role=Role.ADMINISTRATOR if is_administrator(actor) else Role.REVIEWER,
    )
    transaction.on_commit(lambda: _enqueue_scan(version_id))
    return version


def documents_sweep(*, now: dt.datetime | None = None) -> int:
    """Take up scans left pending by a worker that died: enqueue them again, or fail those
    that used up their tries. Returns how many were taken up (run by cron, see production)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(minutes=settings.JIHA_SCAN_STALE_MINUTES)
    pending = DocumentVersion.objects.filter(scan_state=ScanState.PENDING).filter(
        Q(scan_started_at__lt=stale) | Q(scan_started_at__isnull=True, uploaded_at__lt=stale)
    )
    count = 0
    for version_id, attempts in pending.values_list("pk", "scan_attempts"):
        count += 1
        if attempts >= settings.JIHA_SCAN_ATTEMPTS:
            _scan_record(
                version_id,
                ScanState.FAILED,
                message=_("The scan did not finish after %(n)s tries.") % {"n": attempts},
            )
        else:
            DocumentVersion.objects.filter(pk=version_id).update(scan_started_at=None)
            _enqueue_scan(version_id)
    return count


# --- decision letters -------------------------------------------------------------------------


def letter_schedule(decision: Decision) -> None:
    """Prepare the letter of a final decision once its transaction commits (in the worker)."""
    decision_id = decision.pk

    def enqueue() -> None:
        from jiha.incentives.documents.tasks import decision_letter_run

        try:
            decision_letter_run.enqueue(decision_id)
        except Exception:
            logger.exception("Could not enqueue the letter of decision %s", decision_id)

    transaction.on_commit(enqueue)


def code_hash(code: str) -> str:
    """The stored form of a code; spaces, dashes and case do not matter (``abcde fghjk…``)."""
    normalised = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def new_verification_code() -> str:
    """20 characters from an alphabet without look-alikes: 100 bits, printed in groups."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 symbols: 5 bits each
    raw = "".join(secrets.choice(alphabet) for _ in range(20))
    return "-".join(raw[i : i + 5] for i in range(0, 20, 5))


def letter_generate(*, decision_id: int) -> DecisionLetter:
    """Render, store and record the letter of a final decision (idempotent: a ready letter is
    returned as it is; a failed one is made again)."""
    from jiha.incentives.documents.letters import letter_pdf

    decision = (
        Decision.objects.select_related("dossier__organisation", "dossier__scheme")
        .filter(pk=decision_id)
        .first()
    )
    if decision is None or not decision.final:
        raise NotFound(_("There is no final decision to write a letter for."), code="no_decision")
    existing = DecisionLetter.objects.filter(decision=decision).first()
    if existing is not None and existing.state == DecisionLetter.State.READY:
        return existing
    code = new_verification_code()
    pdf = letter_pdf(decision, code)
    key = uploads.store_bytes(pdf, prefix="letters")
    try:
        return _letter_record(decision, code, key, pdf)
    except BaseException:
        uploads.stored_path(key).unlink(missing_ok=True)
        raise


@transaction.atomic
def _letter_record(decision: Decision, code: str, key: str, pdf: bytes) -> DecisionLetter:
    letter = DecisionLetter.objects.select_for_update().filter(decision=decision).first()
    if letter is not None and letter.state == DecisionLetter.State.READY:
        uploads.stored_path(key).unlink(missing_ok=True)  # a concurrent run won
        return letter
    letter = letter or DecisionLetter(decision=decision)
    letter.code_hash, letter.code_hint = code_hash(code), code[:5]
    letter.storage_key, letter.sha256 = key, hashlib.sha256(pdf).hexdigest()
    letter.state, letter.generated_at, letter.message = (
        DecisionLetter.State.READY,
        timezone.now(),
        "",
    )
    letter.save()
    audit_append(
        actor=None,
        action="letter.generate",
        target=decision.dossier,
        after={"decision": decision.pk, "sha256": letter.sha256, "code_hint": letter.code_hint},
    )
    return letter


@transaction.atomic
def letter_fail(*, decision_id: int, message: str) -> None:
    letter, _created = DecisionLetter.objects.get_or_create(
        decision_id=decision_id,
        defaults={"code_hash": f"failed-{secrets.token_hex(20)}", "code_hint": "-"},
    )
    if letter.state != DecisionLetter.State.READY:
        letter.state, letter.message = DecisionLetter.State.FAILED, message[:500]
        letter.save(update_fields=["state", "message"])
