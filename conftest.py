"""Shared fixtures: the reference geography and one named persona per role."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jiha.accounts import services as accounts
from jiha.accounts.models import Organisation, OrganisationKind, Role, User
from jiha.regions.models import Region
from jiha.regions.services import reference_load

PASSWORD = "correct-horse-battery-9"  # noqa: S105 - test persona only


@pytest.fixture
def reference(db: None) -> None:
    reference_load()


@pytest.fixture
def make_member(reference: None) -> Callable[..., User]:
    def make(
        email: str,
        kind: str,
        role: str,
        region: str | None = None,
        organisation: Organisation | None = None,
    ) -> User:
        from allauth.account.models import EmailAddress

        user = User.objects.create_user(email, PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if organisation is None:
            organisation = accounts.organisation_create(
                name=f"{email.split('@')[0]} org",
                kind=kind,
                region=Region.objects.get(code=region) if region else None,
            )
        accounts.membership_add(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def applicant(make_member: Callable[..., User]) -> User:
    return make_member("alice@atlas.example", OrganisationKind.COMPANY, Role.APPLICANT, "MA-03")


@pytest.fixture
def other_applicant(make_member: Callable[..., User]) -> User:
    return make_member("bob@oriental.example", OrganisationKind.COMPANY, Role.APPLICANT, "MA-02")


@pytest.fixture
def reviewer(make_member: Callable[..., User]) -> User:
    return make_member("rita@agency.example", OrganisationKind.MINISTRY_AGENCY, Role.REVIEWER)


@pytest.fixture
def administrator(make_member: Callable[..., User]) -> User:
    return make_member(
        "adam@programme.example", OrganisationKind.PROGRAMME_OFFICE, Role.ADMINISTRATOR
    )


@pytest.fixture
def officer(make_member: Callable[..., User]) -> User:
    return make_member(
        "omar@fes.example", OrganisationKind.REGIONAL_ANTENNA, Role.REGIONAL_OFFICER, "MA-03"
    )
