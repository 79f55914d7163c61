"""Skills and occupations (the taxonomy), candidates with their consent, training programmes,
job offers, contact requests and training outcomes.

A candidate's personal data lives in ``CandidateProfile`` and the rows hanging from it
(skills, consents, contact requests): erasing a candidate deletes them all; the outcomes a
provider reported keep only what the region statistics need (no link to the person).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiha.accounts.models import Organisation
from jiha.legislation.vocabulary import PROFILES
from jiha.lib.i18n import current_language
from jiha.lib.vocabulary import profile_choices
from jiha.regions.models import Region, TranslatedNameMixin
from jiha.talent.vocabulary import category_choices, diploma_choices, field_choices

SKILL_LEVELS = (1, 2, 3, 4)


class Skill(TranslatedNameMixin):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=category_choices)
    esco_uri = models.URLField(_("ESCO URI"), blank=True, help_text=_("Only when checked."))
    # Other names people write (acronyms, usual phrasings): read by the CV reader too.
    aliases = models.JSONField(_("other names"), default=list, blank=True)
    taxonomy_version = models.CharField(_("taxonomy version"), max_length=20, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class Occupation(TranslatedNameMixin):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    isco_group = models.CharField(_("ISCO-08 unit group"), max_length=4, blank=True)
    esco_uri = models.URLField(_("ESCO URI"), blank=True, help_text=_("Only when checked."))
    # The legislation's employee profile: the activity reports count hires by profile.
    family = models.CharField(_("occupation family"), max_length=20, choices=profile_choices)
    skills: models.ManyToManyField[Skill, OccupationSkill] = models.ManyToManyField(
        Skill, through="OccupationSkill", related_name="occupations"
    )
    taxonomy_version = models.CharField(_("taxonomy version"), max_length=20, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")

    @property
    def family_label(self) -> str:
        return PROFILES.label(self.family, current_language())


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    essential = models.BooleanField(_("essential"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="occupation_skill_once")
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id}:{self.skill_id}"


class CandidateProfile(models.Model):
    """A candidate: a user without an organisation who registered with explicit consent."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile"
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1940), MaxValueValidator(2015)],
    )
    diploma = models.CharField(_("diploma level"), max_length=20, choices=diploma_choices)
    field = models.CharField(_("field of study"), max_length=20, choices=field_choices)
    languages = models.JSONField(_("languages"), default=list)
    remote_training = models.BooleanField(_("available for remote training"), default=True)
    target_occupation = models.ForeignKey(
        Occupation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("target occupation"),
    )
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("candidate profile")
        verbose_name_plural = _("candidate profiles")

    def __str__(self) -> str:
        return f"candidate {self.pk}"


class CandidateSkill(models.Model):
    candidate = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "skill"], name="candidate_skill_once")
        ]

    def __str__(self) -> str:
        return f"{self.skill_id}@{self.level}"


class Consent(models.Model):
    """One consent given (and perhaps withdrawn) under law 09-08: the text version agreed to."""

    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="consents"
    )
    text_version = models.CharField(_("text version"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"consent {self.text_version}"


class Programme(models.Model):
    """A training programme session published by a training provider."""

    provider = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="programmes")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    remote = models.BooleanField(_("delivered remotely"), default=False)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    hours = models.PositiveIntegerField(_("duration (hours)"))
    cost = models.DecimalField(_("cost (MAD)"), max_digits=12, decimal_places=2)
    seats = models.PositiveIntegerField(_("seats"))
    skills = models.ManyToManyField(Skill, related_name="programmes", verbose_name=_("skills"))
    schemes = models.JSONField(_("schemes"), default=list)
    published = models.BooleanField(_("published"), default=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "title"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")

    def __str__(self) -> str:
        return self.title


class JobOffer(models.Model):
    company = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="job_offers")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=8000)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.PROTECT, related_name="offers", verbose_name=_("occupation")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("region")
    )
    remote = models.BooleanField(_("remote"), default=False)
    languages = models.JSONField(_("languages"), default=list)
    essential_skills = models.ManyToManyField(Skill, related_name="+")
    optional_skills = models.ManyToManyField(Skill, related_name="+")
    positions = models.PositiveIntegerField(_("positions"), default=1)
    published = models.BooleanField(_("published"), default=True)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")

    def __str__(self) -> str:
        return self.title


class ContactRequest(models.Model):
    """A company asks a (pseudonymised) candidate for contact about an offer; the candidate's
    identity is shown to the company only once the candidate accepts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the candidate")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    offer = models.ForeignKey(JobOffer, on_delete=models.CASCADE, related_name="contacts")
    candidate = models.ForeignKey(
        CandidateProfile, on_delete=models.CASCADE, related_name="contacts"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["offer", "candidate"], name="contact_once_per_offer")
        ]

    def __str__(self) -> str:
        return f"contact {self.pk} ({self.status})"


class Outcome(models.Model):
    """A participant of a programme as its provider reports it: enrolled, completed, placed.

    No name: the provider's own reference (``participant``) and, when the participant is a
    candidate of the platform, a link that erasure removes.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outcomes")
    participant = models.CharField(_("participant reference"), max_length=40)
    candidate = models.ForeignKey(
        CandidateProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    under_30 = models.BooleanField(_("under 30"))
    reconversion = models.BooleanField(
        _("reconversion"), default=False, help_text=_("A graduate of another field.")
    )
    enrolled_on = models.DateField(_("enrolled on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    placed_on = models.DateField(_("placed in a job on"), null=True, blank=True)
    synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["programme", "participant"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant"], name="outcome_once_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id}:{self.participant}"
