"""Documents, decision letters and payment batches (re-exported by ``jiha.incentives.models``).

Relations name the dossier models by string so that this module needs nothing imported from
``jiha.incentives.models`` (which imports it at its end).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScanState(models.TextChoices):
    PENDING = "pending", _("Virus scan pending")
    CLEAN = "clean", _("Clean")
    INFECTED = "infected", _("Infected")
    FAILED = "failed", _("Scan failed")
    # Only when an administrator switched scanning off (JIHA_VIRUS_SCAN=off).
    NOT_SCANNED = "not_scanned", _("Not scanned (scanning switched off)")


# Who may open a version: nobody while it is pending, infected or failed.
OPENABLE_STATES = frozenset({ScanState.CLEAN, ScanState.NOT_SCANNED})


class DossierDocument(models.Model):
    """One required document of a dossier (a kind of its scheme), with all its versions."""

    dossier = models.ForeignKey(
        "incentives.Dossier", on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document"), max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "kind"]
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "kind"], name="document_one_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.kind}"


class DocumentVersion(models.Model):
    """A file sent for a document. Replacing a document adds a version; none is deleted."""

    document = models.ForeignKey(DossierDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    storage_key = models.CharField(max_length=200, unique=True)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    scan_state = models.CharField(
        _("virus scan"), max_length=20, choices=ScanState.choices, default=ScanState.PENDING
    )
    scan_signature = models.CharField(max_length=200, blank=True)
    scan_attempts = models.PositiveSmallIntegerField(default=0)
    scan_message = models.CharField(max_length=500, blank=True)
    scan_started_at = models.DateTimeField(null=True, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_number")
        ]
        indexes = [models.Index(fields=["scan_state", "uploaded_at"], name="document_scan_state")]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    @property
    def openable(self) -> bool:
        return self.scan_state in OPENABLE_STATES


class DecisionLetter(models.Model):
    """The PDF letter of a decision, in French and Arabic, with its verification code.

    Only the SHA-256 of the code is stored: the code is printed on the letter, and the public
    verification page finds the letter by the code's hash (decisions/0012).
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    decision = models.OneToOneField(
        "incentives.Decision", on_delete=models.PROTECT, related_name="letter"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    code_hint = models.CharField(max_length=8)  # the code's first characters, for support
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    storage_key = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")

    def __str__(self) -> str:
        return f"letter {self.code_hint}… ({self.state})"


class PaymentBatch(models.Model):
    """Approved dossiers paid together: prepared by one administrator, approved by another
    (four eyes: a CHECK constraint), exported for the treasury, then marked paid once."""

    class State(models.TextChoices):
        PREPARED = "prepared", _("Prepared")
        APPROVED = "approved", _("Approved")
        PAID = "paid", _("Paid")

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PREPARED
    )
    total = models.DecimalField(_("total (MAD)"), max_digits=18, decimal_places=2)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-prepared_at", "-id"]
        verbose_name = _("payment batch")
        verbose_name_plural = _("payment batches")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("prepared_by")),
                name="payment_batch_approver_not_preparer",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="approved") | models.Q(approved_by__isnull=False),
                name="payment_batch_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="paid")
                | models.Q(approved_by__isnull=False, paid_at__isnull=False),
                name="payment_batch_paid_was_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class PaymentBatchItem(models.Model):
    """A dossier in a batch, with the amount decided for it. A dossier is in one batch only."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="items")
    dossier = models.OneToOneField(
        "incentives.Dossier", on_delete=models.PROTECT, related_name="payment_item"
    )
    amount = models.DecimalField(_("amount (MAD)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["batch", "dossier"]
        verbose_name = _("payment batch line")
        verbose_name_plural = _("payment batch lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.batch}: {self.dossier_id}"
