"""Administrator-added parameter values (audited, hash-chained), the Charter zone list, and
simulations run in the background."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import get_language
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


# --- The digital incentive procedure (circular 22/2020): schemes, dossiers, review ------------


class Scheme(models.Model):
    """A scheme of the catalogue (loaded from ``incentives/schemes.yaml``: data, not code).

    Labels, eligibility and required documents are in three languages (``{"fr": …, "ar": …,
    "en": …}``); ``legal_basis`` lists the texts with their source, date and confidence;
    ``variables`` the rules-engine variables whose amounts the scheme pays (none: an
    attestation, no amount).
    """

    class DataKind(models.TextChoices):
        TRAININGS = "trainings", _("Trainings (one line per trained employee)")
        HIRES = "hires", _("New hires")
        INVESTMENT = "investment", _("Investment project")
        EMPLOYEES = "employees", _("Employees (attestation)")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    labels = models.JSONField(_("name"), default=dict)
    eligibility = models.JSONField(_("eligibility summary"), default=dict)
    legal_basis = models.JSONField(_("legal basis"), default=list)
    required_documents = models.JSONField(_("required documents"), default=list)
    variables = models.JSONField(_("rules-engine variables"), default=list)
    data_kind = models.CharField(_("data asked"), max_length=20, choices=DataKind.choices)
    filing_opens = models.DateField(_("filing opens"), null=True, blank=True)
    filing_closes = models.DateField(_("filing closes"), null=True, blank=True)
    decision_days = models.PositiveIntegerField(
        _("decision deadline (days)"), null=True, blank=True
    )
    decision_days_reference = models.CharField(_("deadline source"), max_length=500, blank=True)
    active = models.BooleanField(_("open to applications"), default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("incentive scheme")
        verbose_name_plural = _("incentive schemes")

    def __str__(self) -> str:
        return self.code

    def label(self, language: str | None = None) -> str:
        lang = (language or get_language() or "fr")[:2]
        return str(self.labels.get(lang) or self.labels.get("fr") or self.code)

    def eligibility_text(self, language: str | None = None) -> str:
        lang = (language or get_language() or "fr")[:2]
        return str(self.eligibility.get(lang) or self.eligibility.get("fr") or "")


class DossierState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ReviewerGroup(models.Model):
    """Reviewers who instruct the dossiers the routing rules send them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="reviewer_groups", blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("reviewer group")
        verbose_name_plural = _("reviewer groups")

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """Sends a submitted dossier to a group: the first rule (by priority) whose every filled
    criterion matches wins. An empty criterion matches everything."""

    group = models.ForeignKey(ReviewerGroup, on_delete=models.CASCADE, related_name="rules")
    priority = models.PositiveIntegerField(_("priority"), default=100)
    scheme = models.ForeignKey(
        Scheme, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    min_amount = models.DecimalField(
        _("from amount (MAD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    max_amount = models.DecimalField(
        _("below amount (MAD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.priority}: → {self.group}"


class Dossier(models.Model):
    """An application of a company for a scheme and a period.

    Changed only by the services, which lock the row, check ``version`` and append every
    transition to the audit chain in the same transaction. ``create_key`` and ``submit_key``
    are the idempotency keys of the creation and of the submission: a retry with the same key
    gets the first result.
    """

    reference = models.CharField(_("reference"), max_length=30, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="dossiers"
    )
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="dossiers")
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    state = models.CharField(
        _("state"), max_length=30, choices=DossierState.choices, default=DossierState.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    data = models.JSONField(_("data"), default=dict, blank=True)
    computed_amount = models.DecimalField(
        _("computed amount (MAD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    computation = models.JSONField(
        _("computation"), null=True, blank=True, encoder=DjangoJSONEncoder
    )
    create_key = models.CharField(max_length=80, null=True, blank=True)
    submit_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    group = models.ForeignKey(
        ReviewerGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="dossiers"
    )
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("instructor"),
    )
    # Decision clock: started at submission, paused while a correction request is pending.
    clock_started_at = models.DateTimeField(null=True, blank=True)
    clock_paused_at = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveBigIntegerField(default=0)
    synthetic = models.BooleanField(_("synthetic (demo) dossier"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "create_key"], name="dossier_unique_create_key"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="dossier_period_ordered",
            ),
        ]
        # The review queue reads the oldest submissions first, a page at a time: walking this
        # index in order and stopping after a page beats sorting every open dossier (an index
        # on the state made SQLite sort 10,000 joined rows: docs/benchmarks.md).
        indexes = [models.Index(fields=["submitted_at", "id"], name="dossier_submitted")]

    def __str__(self) -> str:
        return self.reference


class TrainingLine(models.Model):
    """One training of one employee, in a training-reimbursement dossier."""

    class Modality(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        REMOTE = "remote", _("Remote")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="training_lines")
    position = models.PositiveIntegerField(default=0)
    employee = models.CharField(_("employee"), max_length=200)
    profile = models.CharField(_("profile"), max_length=40)
    hire_date = models.DateField(_("hiring date"))
    programme = models.CharField(_("training programme"), max_length=300)
    provider = models.CharField(_("training provider"), max_length=300)
    start_date = models.DateField(_("training start"))
    hours = models.DecimalField(_("hours"), max_digits=7, decimal_places=1)
    cost = models.DecimalField(_("cost (MAD)"), max_digits=14, decimal_places=2)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    attendance_proof = models.CharField(_("attendance proof"), max_length=300, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("training line")
        verbose_name_plural = _("training lines")
        constraints = [
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="training_cost_positive"),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="training_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee}: {self.programme}"


class Decision(models.Model):
    """The decision on a dossier: at most one (the unique dossier), four eyes in the schema.

    The decider is never the instructor; a decision above
    ``JIHA_DOSSIER_SECOND_REVIEW_ABOVE`` waits for a second reviewer, never the decider; an
    amount other than the computed one carries its written reason. CHECK constraints hold
    these on every write, whatever code makes it.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    computed_amount = models.DecimalField(
        _("computed amount (MAD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("decided amount (MAD)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    adjustment_reason = models.TextField(_("reason for the adjusted amount"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()
    needs_second_review = models.BooleanField(default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("instructor")),
                name="decision_decider_not_instructor",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("decided_by")),
                name="decision_approver_not_decider",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("instructor")),
                name="decision_approver_not_instructor",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True)
                | models.Q(computed_amount__isnull=False, amount=models.F("computed_amount"))
                | ~models.Q(adjustment_reason=""),
                name="decision_adjustment_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.outcome}"

    @property
    def final(self) -> bool:
        return not self.needs_second_review or self.approved_by_id is not None


class CorrectionRequest(models.Model):
    """A reviewer asks the applicant to complete or correct the dossier: instruction (and the
    decision clock) stop until the applicant answers."""

    class Kind(models.TextChoices):
        INCOMPLETE = "incomplete", _("Incomplete")
        INCORRECT = "incorrect", _("Incorrect")
        OUTDATED = "outdated", _("Outdated")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    message = models.TextField(_("what to correct"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")

    def __str__(self) -> str:
        return f"{self.dossier}: {self.kind}"


class Message(models.Model):
    """A message between the applicant and the reviewers of a dossier. E-mail notices go out
    in one digest per person (``jiha send_dossier_digest``), never one per message."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_applicant = models.BooleanField()
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.dossier}: {self.body[:40]}"


class ExpertOpinion(models.Model):
    """A confidential opinion from an invited expert: the expert sees this dossier only, the
    applicant never sees opinions."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="opinions")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    question = models.TextField(_("question to the expert"))
    opinion = models.TextField(_("opinion"), blank=True)
    given_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = _("expert opinion")
        verbose_name_plural = _("expert opinions")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "expert"], name="opinion_one_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.expert_id}"
