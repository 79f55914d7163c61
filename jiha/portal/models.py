"""The site's own machinery: the data version public pages are cached under, and the leases of
the background workers."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One counter per table whose changes public pages show, raised by database triggers in
    the transaction of the change (jiha.portal.dataversion); the data version is their sum."""

    name = models.CharField(_("table"), max_length=100, primary_key=True)
    version = models.BigIntegerField(_("changes"), default=0)

    class Meta:
        db_table = "jiha_data_version"
        verbose_name = _("data version")

    def __str__(self) -> str:
        return f"{self.name}: {self.version}"


class WorkerLease(models.Model):
    """A running ``jiha worker``: it renews ``heartbeat_at`` while it lives. A task still marked
    running by a worker whose lease has lapsed is taken over (run again) or failed
    (jiha.portal.workers)."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process"))
    started_at = models.DateTimeField(_("started at"))
    heartbeat_at = models.DateTimeField(_("last sign of life"), db_index=True)

    class Meta:
        verbose_name = _("worker lease")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}:{self.pid})"
