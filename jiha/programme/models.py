"""The regional offshoring programme: conventions signed with regions, antennas, the four
workstreams, initiatives with milestones, KPIs bound to observatory indicators, the
administration's procedures an initiative digitalises, and stored region fact sheets.

A KPI stores its baseline and target, never its current value: progress is read from the
observatory's published data when it is shown (docs/decisions/0015-kpi-progress.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiha.lib.i18n import localised
from jiha.observatory.models import Indicator
from jiha.regions.models import Region


class Workstream(models.Model):
    """One of the programme's four workstreams (seeded by a migration)."""

    code = models.SlugField(max_length=20, unique=True)
    number = models.PositiveSmallIntegerField(unique=True)
    name_fr = models.CharField(max_length=200)
    name_ar = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = _("workstream")
        verbose_name_plural = _("workstreams")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")


class Convention(models.Model):
    """A convention signed (or planned) between the programme and a region."""

    class Status(models.TextChoices):
        SIGNED = "signed", _("Signed")
        PLANNED = "planned", _("Planned")

    region = models.OneToOneField(
        Region, on_delete=models.PROTECT, related_name="programme_convention"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    parties = models.TextField(_("parties"))
    # None: the date is not public (the seed article names the signatures, not their dates).
    signed_on = models.DateField(_("signature date"), null=True, blank=True)
    commitments = models.TextField(_("commitments"), blank=True)
    source = models.CharField(_("source"), max_length=300)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["region__code"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")

    def __str__(self) -> str:
        return f"{self.region.code} {self.status}"


class Antenna(models.Model):
    """A regional antenna of the programme: where to reach it (an office, never a person)."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        ordering = ["region__code", "name"]
        verbose_name = _("antenna")
        verbose_name_plural = _("antennas")

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        SUSPENDED = "suspended", _("Suspended")

    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="programme_initiatives"
    )
    workstream = models.ForeignKey(Workstream, on_delete=models.PROTECT, related_name="initiatives")
    title = models.CharField(_("title"), max_length=200)
    objective = models.TextField(_("objective"))
    budget = models.DecimalField(
        _("budget (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    owner = models.CharField(_("owner (organisation)"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    synthetic = models.BooleanField(default=False, help_text=_("Demo data, never real."))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__code", "workstream__number", "starts_on", "pk"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class Kpi(models.Model):
    """A target on an observatory indicator in the initiative's region."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="kpis")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    baseline_value = models.DecimalField(_("baseline value"), max_digits=24, decimal_places=6)
    baseline_on = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target value"), max_digits=24, decimal_places=6)
    deadline = models.DateField(_("deadline"))

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self) -> str:
        return f"{self.indicator.code} → {self.target_value}"


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter, on paper")
    MAIL = "mail", _("By post or e-mail")
    PARTLY_ONLINE = "partly_online", _("Partly online")
    ONLINE = "online", _("Fully online")


class Procedure(models.Model):
    """A procedure of the regional administration an initiative digitalises (workstream 4)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="procedures")
    name = models.CharField(_("procedure"), max_length=200)
    channel_before = models.CharField(_("channel before"), max_length=15, choices=Channel.choices)
    channel_after = models.CharField(_("channel after"), max_length=15, choices=Channel.choices)
    volume_per_year = models.PositiveIntegerField(_("volume per year"))

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return self.name

    @property
    def online(self) -> bool:
        """Online once the initiative that digitalises it is done."""
        return (
            self.channel_after == Channel.ONLINE
            and self.initiative.status == Initiative.Status.DONE
        )


class FactSheet(models.Model):
    """A region's PDF fact sheet in one language, generated in the background and stored."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=5)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    pdf = models.BinaryField(null=True, blank=True)
    versions = models.JSONField(default=list, blank=True)  # dataset versions the sheet read
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "language", "status"], name="factsheet_lookup")]
        verbose_name = _("fact sheet")
        verbose_name_plural = _("fact sheets")

    def __str__(self) -> str:
        return f"{self.region_id} {self.language} ({self.status})"
