"""The data hub: indicators, datasets with immutable versions, observations, activity reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiha.accounts.models import Organisation
from jiha.lib.i18n import localised
from jiha.lib.vocabulary import profile_choices
from jiha.regions.models import Confidence, Region


class Indicator(models.Model):
    class Direction(models.TextChoices):
        HIGHER_BETTER = "higher_better", _("Higher is better")
        LOWER_BETTER = "lower_better", _("Lower is better")
        NEUTRAL = "neutral", _("Neither")

    code = models.SlugField(max_length=80, unique=True)
    name_fr = models.CharField(max_length=200)
    name_ar = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    definition_fr = models.TextField(blank=True)
    definition_ar = models.TextField(blank=True)
    definition_en = models.TextField(blank=True)
    unit = models.CharField(_("unit"), max_length=40)  # people, percent, MAD, jobs, …
    direction = models.CharField(
        max_length=20, choices=Direction.choices, default=Direction.NEUTRAL
    )
    theme = models.CharField(_("theme"), max_length=40)
    source_organisation = models.CharField(_("source organisation"), max_length=200)
    licence = models.CharField(_("licence"), max_length=200, blank=True)

    class Meta:
        ordering = ["theme", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def definition(self) -> str:
        return localised(self, "definition")


class Dataset(models.Model):
    """A DCAT dataset: a publisher's series of files, each load an immutable version."""

    slug = models.SlugField(max_length=80, unique=True)
    title_fr = models.CharField(max_length=300)
    title_ar = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    publisher = models.CharField(max_length=200)
    source_url = models.URLField(max_length=500, blank=True)
    licence = models.CharField(max_length=300)
    theme = models.CharField(max_length=40)
    temporal_start = models.DateField(null=True, blank=True)
    temporal_end = models.DateField(null=True, blank=True)
    spatial_coverage = models.CharField(max_length=100, default="Maroc")
    update_frequency = models.CharField(max_length=40, blank=True)
    confidence = models.CharField(max_length=20, choices=Confidence.choices)
    synthetic = models.BooleanField(default=False, help_text=_("Demo data, never real."))
    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="datasets"
    )
    current_version = models.ForeignKey(
        "DatasetVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The published version the site shows."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localised(self, "title")


class DatasetVersion(models.Model):
    """One loaded file. Immutable once created: only its status moves."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200)
    file_size = models.PositiveBigIntegerField()
    table_schema = models.JSONField()
    row_count = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    change_note = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    warnings_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    removals_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who confirmed that the published figures this version drops may disappear."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dataset", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "number"], name="version_unique_number"),
        ]
        verbose_name = _("dataset version")
        verbose_name_plural = _("dataset versions")

    def __str__(self) -> str:
        return f"{self.dataset.slug} v{self.number}"


class Observation(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        REGION = "region", _("Region")
        PROVINCE = "province", _("Province")

    # No database-level foreign keys on this bulk table: per-row constraint triggers cost more than
    # the whole rest of a 1,000,000-row load. The import pipeline checks both keys, vectorised,
    # before loading (see docs/decisions/0003-observation-storage.md).
    indicator = models.ForeignKey(
        Indicator, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    version = models.ForeignKey(
        DatasetVersion, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    territory = models.CharField(max_length=16)  # MA, MA-03, 03.061
    period = models.CharField(max_length=7)  # 2024, 2024-Q3, 2024-07
    period_start = models.DateField()
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True)
    provisional = models.BooleanField(default=False)
    estimated = models.BooleanField(default=False)
    confidential = models.BooleanField(default=False)  # value withheld (statistical secrecy)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        # One index only (the unique key, version first): queries always pick versions first
        # (the current ones), and every extra index slows a million-row load by seconds.
        constraints = [
            models.UniqueConstraint(
                fields=["version", "indicator", "territory", "period"], name="obs_unique_cell"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory} {self.period} = {self.value}"


class ActivityReport(models.Model):
    """A company's yearly activity report; raw figures are private to it and administrators."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    synthetic = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="report_unique_company_year"),
        ]
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")

    def __str__(self) -> str:
        return f"{self.company} {self.year}"


class ActivityReportLine(models.Model):
    """Figures for one site region of a report."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="lines")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    # The legislation's profile list (one home), labelled in the active language.
    profile = models.CharField(_("profile"), max_length=20, choices=profile_choices)
    headcount = models.PositiveIntegerField(_("headcount"))
    women = models.PositiveIntegerField(_("women"))
    under_30 = models.PositiveIntegerField(_("under 30"))
    new_hires = models.PositiveIntegerField(_("new hires"))
    training_hours_in_person = models.PositiveIntegerField(_("training hours, in person"))
    training_hours_remote = models.PositiveIntegerField(_("training hours, remote"))
    export_revenue = models.DecimalField(_("export revenue (MAD)"), max_digits=16, decimal_places=2)
    investment = models.DecimalField(_("investment (MAD)"), max_digits=16, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["report", "region", "profile"], name="report_line_unique_region_profile"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.region.code} {self.profile}"


class ImportJob(models.Model):
    """A large upload checked and loaded in the background, with visible progress.

    It keeps everything needed to rebuild the import request, so a job whose worker died can
    be run again. The worker renews ``heartbeat_at`` while it runs (its lease).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Refused")

    class Step(models.TextChoices):
        # A code, translated when shown: the uploader and a manager may read different languages.
        CHECKING = "checking", _("Checking the file")
        LOADING = "loading", _("Loading")
        PUBLISHING = "publishing", _("Publishing")

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="import_jobs")
    stored_file = models.CharField(max_length=300)  # path under MEDIA_ROOT, never user-chosen
    file_name = models.CharField(max_length=200)
    sheet = models.CharField(max_length=100, blank=True)
    table_schema = models.JSONField(null=True, blank=True)  # None: the observations contract
    note = models.TextField(blank=True)
    decimal_comma = models.BooleanField(default=False)
    publish = models.BooleanField(default=False)
    acknowledge_warnings = models.BooleanField(default=False)
    acknowledge_removals = models.BooleanField(default=False)
    language = models.CharField(max_length=5, default="fr")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=100, choices=Step.choices, blank=True)
    progress = models.FloatField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    messages = models.JSONField(default=list, blank=True)
    error_report = models.BinaryField(null=True, blank=True)
    version = models.ForeignKey(
        DatasetVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self) -> str:
        return f"{self.dataset.slug} {self.file_name} ({self.status})"

    @property
    def is_active(self) -> bool:
        """Queued or running: the progress page keeps polling."""
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
