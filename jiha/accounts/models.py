"""Users, organisations and memberships with the roles of the programme's personas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from jiha.regions.models import Region


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person. People sign in with their e-mail address; there is no username."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="fr"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    # Set by SecondFactorMiddleware on the user of a web request: tells (lazily) whether this
    # session was confirmed with the second factor. None outside a request (CLI, tasks, demo),
    # where a user keeps every power the checks that launched the work already granted.
    session_second_factor: Callable[[], bool] | None = None
    # Set by the API token authentication: the request acts for this organisation only, with
    # the roles the user holds there (never staff roles: see docs/decisions/0013).
    token_organisation_id: int | None = None

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @cached_property
    def membership_roles(self) -> frozenset[str]:
        """Every role the user holds in an organisation, whatever the session."""
        memberships = self.memberships.all()
        if self.token_organisation_id is not None:
            memberships = memberships.filter(organisation_id=self.token_organisation_id)
        return frozenset(memberships.values_list("role", flat=True))

    @property
    def holds_staff_powers(self) -> bool:
        """A staff role, the superuser flag or the admin's staff flag: powers that need TOTP."""
        return self.is_superuser or self.is_staff or bool(self.membership_roles & STAFF_ROLES)

    @property
    def staff_powers_dormant(self) -> bool:
        """True while a staff user's web session has not been confirmed with the second factor.

        Dormant powers are left out of every permission check (roles, superuser short-cut,
        model permissions): the user acts as a member without a staff role until confirmed.
        """
        check = self.session_second_factor
        return check is not None and self.holds_staff_powers and not check()

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        if self.staff_powers_dormant:
            # Only the object rules decide, on the roles this session may use.
            return bool(rules.has_perm(perm, self, obj))
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        return not self.staff_powers_dormant and super().has_module_perms(app_label)


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant (offshoring company)")
    REGIONAL_OFFICER = "regional_officer", _("Regional officer")
    REVIEWER = "reviewer", _("Reviewer")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
    TRAINING_PROVIDER = "training_provider", _("Training provider")


# Roles that move public money, publish the figures everyone relies on or administer the
# platform: they act only in a session confirmed with TOTP (see docs/decisions/0005).
STAFF_ROLES = frozenset({Role.REVIEWER, Role.ANALYST, Role.ADMINISTRATOR})


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Offshoring company")
    REGION_COUNCIL = "region_council", _("Region council")
    REGIONAL_ANTENNA = "regional_antenna", _("Regional antenna")
    INVESTMENT_CENTRE = "investment_centre", _("Regional investment centre")
    MINISTRY_AGENCY = "ministry_agency", _("Ministry or agency")
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    TRAINING_PROVIDER = "training_provider", _("Training provider")


REGIONAL_KINDS = frozenset(
    {
        OrganisationKind.REGION_COUNCIL,
        OrganisationKind.REGIONAL_ANTENNA,
        OrganisationKind.INVESTMENT_CENTRE,
    }
)

# Which roles a member of each kind of organisation may hold.
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganisationKind.COMPANY: frozenset({Role.APPLICANT}),
    OrganisationKind.REGION_COUNCIL: frozenset({Role.REGIONAL_OFFICER}),
    OrganisationKind.REGIONAL_ANTENNA: frozenset({Role.REGIONAL_OFFICER}),
    OrganisationKind.INVESTMENT_CENTRE: frozenset({Role.REGIONAL_OFFICER}),
    OrganisationKind.MINISTRY_AGENCY: frozenset({Role.REVIEWER, Role.ANALYST}),
    OrganisationKind.PROGRAMME_OFFICE: frozenset({Role.ANALYST, Role.ADMINISTRATOR}),
    OrganisationKind.TRAINING_PROVIDER: frozenset({Role.TRAINING_PROVIDER}),
}


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("region"),
        help_text=_("Required for region councils, antennas and investment centres."),
    )
    ice = models.CharField(
        _("ICE (company identifier)"),
        max_length=15,
        blank=True,
        help_text=_("Common company identifier (Identifiant commun de l'entreprise): 15 digits."),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    is_verified = models.BooleanField(_("verified by the programme office"), default=False)
    synthetic = models.BooleanField(
        _("synthetic (demo) organisation"),
        default=False,
        help_text=_("Demo data: never real, always labelled as such."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_user_org_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.role not in ROLES_BY_KIND[self.organisation.kind]:
            raise ValidationError(
                {"role": _("This role does not exist in this kind of organisation.")}
            )


class ApiToken(models.Model):
    """A secret an API client sends as ``Authorization: Bearer jiha_<prefix>_<secret>``.

    Only the SHA-256 of the secret is stored; the prefix finds the row, the hash is compared in
    constant time. A token acts for one organisation, with its creator's non-staff roles there,
    reading only (``read``) or also writing (``read_write``), until it expires or is revoked.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        READ_WRITE = "read_write", _("Read and write")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    expires_at = models.DateTimeField(_("expires at"))
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
