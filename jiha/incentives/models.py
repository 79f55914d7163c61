"""Administrator-added parameter values (audited, hash-chained), the Charter zone list, and
simulations run in the background."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiha.regions.models import Confidence, Province


# The confidence of a legal parameter: that of any reference figure, or a reading of the law
# that the sources leave open (to be confirmed by a reviewer).
class ParameterConfidence(models.TextChoices):
    OFFICIAL = Confidence.OFFICIAL.value, Confidence.OFFICIAL.label
    SECONDARY = Confidence.SECONDARY.value, Confidence.SECONDARY.label
    TO_CONFIRM = Confidence.TO_CONFIRM.value, Confidence.TO_CONFIRM.label
    INTERPRETATION = "interpretation", _("Interpretation, to be confirmed")


class ParameterValueChange(models.Model):
    """A dated value an administrator added to a legal parameter, without a code change.

    Append-only: a correction is a new entry. Each entry carries the hash of the previous one,
    so any edit of the history is detectable (``verify_chain``).
    """

    parameter = models.CharField(_("parameter"), max_length=200, db_index=True)
    start = models.DateField(_("in force from"))
    value = models.JSONField(_("value"), null=True)
    reference = models.CharField(_("legal reference"), max_length=500)
    confidence = models.CharField(
        _("confidence"), max_length=20, choices=ParameterConfidence.choices
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("parameter value change")
        verbose_name_plural = _("parameter value changes")

    def __str__(self) -> str:
        return f"{self.parameter} = {self.value} from {self.start}"

    def content(self) -> dict[str, Any]:
        return {
            "parameter": self.parameter,
            "start": self.start.isoformat(),
            "value": self.value,
            "reference": self.reference,
            "confidence": self.confidence,
            "note": self.note,
            "created_by": self.created_by_id,
        }

    def compute_hash(self) -> str:
        payload = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256((self.previous_hash + payload).encode()).hexdigest()


class CharterZone(models.Model):
    """Investment Charter zone (A or B) of a province, as the decree lists them."""

    class Zone(models.TextChoices):
        A = "A", _("Zone A")
        B = "B", _("Zone B")

    province = models.OneToOneField(Province, on_delete=models.CASCADE, related_name="charter_zone")
    zone = models.CharField(_("zone"), max_length=1, choices=Zone.choices)
    reference = models.CharField(_("legal reference"), max_length=500)
    confidence = models.CharField(_("confidence"), max_length=20, choices=Confidence.choices)

    class Meta:
        verbose_name = _("Investment Charter zone")
        verbose_name_plural = _("Investment Charter zones")

    def __str__(self) -> str:
        return f"{self.province} — {self.zone}"


class SimulationJob(models.Model):
    """A simulation too large for a synchronous answer, run by the worker with progress.

    ``request`` is the checked API request as JSON text (for 100,000 employees a JSON field's
    round trip through Python objects costs a second more); ``result`` the same payload the
    synchronous
    endpoint gives. A run that fails, or whose worker stops giving signs of life
    (``heartbeat_at``), ends as ``failed`` with a message — never "running" for ever.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request = models.TextField()
    language = models.CharField(max_length=5, default="fr")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0)
    message = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)  # dates as ISO
    created_at = models.DateTimeField(auto_now_add=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("simulation job")
        verbose_name_plural = _("simulation jobs")

    def __str__(self) -> str:
        return f"simulation {self.pk} ({self.status})"
