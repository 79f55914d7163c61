"""An export of dossiers (CSV, XLSX, or ZIP with the clean documents), built in the background."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiha.accounts.models import Organisation


class DossierExport(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        XLSX = "xlsx", _("XLSX (Excel)")
        ZIP = "zip", _("ZIP: CSV and the documents scanned clean")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # None: every dossier (staff); else the dossiers of this organisation only.
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    fmt = models.CharField(_("format"), max_length=5, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0)
    rows = models.PositiveIntegerField(default=0)
    files = models.PositiveIntegerField(default=0)
    stored_file = models.CharField(max_length=300, blank=True)  # under VAR_DIR/exports, ours
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Renewed by the worker while it writes: an export whose worker died ends "failed".
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export of dossiers")
        verbose_name_plural = _("exports of dossiers")

    def __str__(self) -> str:
        return f"export {self.pk} ({self.fmt}, {self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
