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


def _verified_organisation_of(user: User) -> Organisation:
    organisation = _organisation_of(user)
    Organisation.objects.filter(pk=organisation.pk).update(is_verified=True, ice="001234567000089")
    organisation.refresh_from_db()
    return organisation


@pytest.mark.parametrize("field", ["name", "ice"])
def test_it_unverifies_an_organisation_whose_member_changes_its_identity(
    client: Client, applicant: User, field: str
) -> None:
    organisation = _verified_organisation_of(applicant)
    data = {"name": organisation.name, "ice": organisation.ice, "website": "", "description": ""}
    data[field] = {"name": "Atlas Offshore Group", "ice": "009999999000011"}[field]
    client.force_login(applicant)
    response = client.post(f"/en/me/organisations/{organisation.pk}/", data, follow=True)
    organisation.refresh_from_db()
    assert getattr(organisation, field) == data[field]
    assert not organisation.is_verified
    assert "it is no longer marked as verified" in response.content.decode()


def test_it_keeps_the_verification_when_a_member_edits_the_rest(applicant: User) -> None:
    organisation = _verified_organisation_of(applicant)
    services.organisation_update(
        actor=applicant,
        organisation=organisation,
        data={"description": "BPO", "name": organisation.name, "ice": organisation.ice},
    )
    organisation.refresh_from_db()
    assert organisation.is_verified and organisation.description == "BPO"


def test_it_keeps_the_verification_when_an_administrator_renames(
    applicant: User, administrator: User
) -> None:
    organisation = _verified_organisation_of(applicant)
    services.organisation_update(
        actor=administrator, organisation=organisation, data={"name": "Atlas Nearshore SA"}
    )
    organisation.refresh_from_db()
    assert organisation.is_verified and organisation.name == "Atlas Nearshore SA"


def test_it_warns_a_member_before_they_change_a_verified_identity(
    client: Client, applicant: User
) -> None:
    organisation = _verified_organisation_of(applicant)
    client.force_login(applicant)
    html = client.get(f"/en/me/organisations/{organisation.pk}/").content.decode()
    assert "Changing the name or the ICE removes the verification" in html
