from __future__ import annotations

import pytest
from django.test import Client

from jiha.accounts import services
from jiha.accounts.models import Organisation, OrganisationKind, Role, User
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.regions.models import Region


def _organisation_of(user: User) -> Organisation:
    return user.memberships.get().organisation


def test_an_applicant_can_edit_its_own_organisation(client: Client, applicant: User) -> None:
    organisation = _organisation_of(applicant)
    client.force_login(applicant)
    response = client.post(
        f"/me/organisations/{organisation.pk}/",
        {"name": "Atlas Nearshore", "ice": "001234567000089", "website": "", "description": "BPO"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Atlas Nearshore"
    assert organisation.ice == "001234567000089"


def test_an_applicant_cannot_act_for_another_organisation(
    client: Client, applicant: User, other_applicant: User
) -> None:
    theirs = _organisation_of(other_applicant)
    client.force_login(applicant)
    assert client.get(f"/me/organisations/{theirs.pk}/").status_code == 403
    response = client.post(f"/me/organisations/{theirs.pk}/", {"name": "Hijacked"})
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.name != "Hijacked"
    assert applicant.has_perm("accounts.act_for_organisation", _organisation_of(applicant))
    assert not applicant.has_perm("accounts.act_for_organisation", theirs)


def test_the_service_refuses_an_outsider_and_changes_nothing(
    applicant: User, other_applicant: User
) -> None:
    theirs = _organisation_of(other_applicant)
    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=applicant, organisation=theirs, data={"name": "X"})
    theirs.refresh_from_db()
    assert theirs.name != "X"


def test_a_bad_ice_is_refused_with_a_message(client: Client, applicant: User) -> None:
    organisation = _organisation_of(applicant)
    name_before = organisation.name
    client.force_login(applicant)
    response = client.post(
        f"/me/organisations/{organisation.pk}/", {"name": "New name", "ice": "12AB"}
    )
    assert response.status_code == 200
    assert "15" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == name_before


def test_a_regional_officer_sees_only_its_region(officer: User) -> None:
    fes = Region.objects.get(code="MA-03")
    oriental = Region.objects.get(code="MA-02")
    assert officer.has_perm("regions.view_private_data", fes)
    assert not officer.has_perm("regions.view_private_data", oriental)


def test_an_applicant_cannot_see_private_regional_data(applicant: User) -> None:
    assert not applicant.has_perm("regions.view_private_data", Region.objects.get(code="MA-03"))


def test_a_role_must_fit_the_kind_of_organisation(reference: None) -> None:
    company = services.organisation_create(name="Co", kind=OrganisationKind.COMPANY)
    user = User.objects.create_user("x@example.org", "pw-long-enough-1")
    with pytest.raises(InvalidInput):
        services.membership_add(user=user, organisation=company, role=Role.REVIEWER)
    assert not user.memberships.exists()


def test_a_regional_organisation_needs_a_region(reference: None) -> None:
    with pytest.raises(InvalidInput):
        services.organisation_create(name="Antenne", kind=OrganisationKind.REGIONAL_ANTENNA)
    assert not Organisation.objects.filter(name="Antenne").exists()
