"""Demo accounts, one per persona, for local use. Refused in production.

Organisations created here are flagged ``synthetic`` and shown as demo everywhere. The password
and each staff account's own TOTP secret are generated once per checkout and kept under var/,
so running ``jiha demo`` twice changes nothing.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.adapter import get_adapter as mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.db import transaction

from jiha.accounts import services
from jiha.accounts.models import STAFF_ROLES, Organisation, OrganisationKind, Role, User
from jiha.regions.models import Region


@dataclass(frozen=True)
class DemoAccount:
    persona: str
    email: str
    password: str
    totp_secret: str | None


# (persona, e-mail, organisation name, kind, region code, role)
PERSONAS: list[tuple[str, str, str | None, str | None, str | None, str | None]] = [
    (
        "Administrator",
        "admin@demo.jiha.local",
        "Bureau du programme (démo)",
        OrganisationKind.PROGRAMME_OFFICE,
        None,
        Role.ADMINISTRATOR,
    ),
    (
        "Analyst",
        "analyst@demo.jiha.local",
        "Bureau du programme (démo)",
        OrganisationKind.PROGRAMME_OFFICE,
        None,
        Role.ANALYST,
    ),
    (
        "Reviewer",
        "reviewer@demo.jiha.local",
        "Agence de développement du digital (démo)",
        OrganisationKind.MINISTRY_AGENCY,
        None,
        Role.REVIEWER,
    ),
    (
        "Regional officer (Fès-Meknès)",
        "officer.fes@demo.jiha.local",
        "Antenne régionale Fès-Meknès (démo)",
        OrganisationKind.REGIONAL_ANTENNA,
        "MA-03",
        Role.REGIONAL_OFFICER,
    ),
    (
        "Applicant (company)",
        "applicant@demo.jiha.local",
        "Atlas Nearshore SARL (fictive)",
        OrganisationKind.COMPANY,
        "MA-03",
        Role.APPLICANT,
    ),
    (
        "Training provider",
        "trainer@demo.jiha.local",
        "Académie digitale de l'Oriental (fictive)",
        OrganisationKind.TRAINING_PROVIDER,
        "MA-02",
        Role.TRAINING_PROVIDER,
    ),
    ("Candidate", "candidate@demo.jiha.local", None, None, None, None),
]


STAFF_EMAILS = [email for _p, email, _o, _k, _r, role in PERSONAS if role in STAFF_ROLES]


def _secrets() -> dict[str, Any]:
    """The demo password and one TOTP secret per staff account (by e-mail), kept under var/.

    A file written before each account had its own secret (one shared ``totp`` string) gets
    new, separate secrets; the accounts' authenticators follow (``_totp``).
    """
    path = settings.VAR_DIR / "demo_secrets.json"
    stored: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    kept = stored.get("totp")
    totp: dict[str, str] = kept if isinstance(kept, dict) else {}
    keys = {
        "password": stored.get("password") or f"demo-{secrets.token_urlsafe(9)}",
        "totp": {email: totp.get(email) or generate_totp_secret() for email in STAFF_EMAILS},
    }
    if keys != stored:
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(keys), encoding="utf-8")
        path.chmod(0o600)
    return keys


def _totp(user: User, secret: str) -> None:
    """Give ``user`` a TOTP authenticator with ``secret`` (replacing one with another secret)."""
    current = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if current is not None and mfa_adapter().decrypt(current.data["secret"]) == secret:
        return
    if current is not None:
        current.delete()
    TOTP.activate(user, secret)


def _organisation(name: str, kind: str, region_code: str | None) -> Organisation:
    existing = Organisation.objects.filter(name=name, kind=kind).first()
    if existing:
        return existing
    region = Region.objects.get(code=region_code) if region_code else None
    return services.organisation_create(
        name=name, kind=kind, region=region, synthetic=True, is_verified=True
    )


@transaction.atomic
def demo_accounts_create() -> list[DemoAccount]:
    keys = _secrets()
    created: list[DemoAccount] = []
    for persona, email, org_name, kind, region_code, role in PERSONAS:
        user = User.objects.filter(email=email).first() or User.objects.create_user(email)
        user.set_password(keys["password"])
        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if org_name and kind and role:
            organisation = _organisation(org_name, kind, region_code)
            services.membership_add(user=user, organisation=organisation, role=role)
        totp = keys["totp"].get(email)
        if totp is not None:
            _totp(user, totp)
        created.append(DemoAccount(persona, email, keys["password"], totp))
    return created
