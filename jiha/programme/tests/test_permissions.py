"""Who may change the programme: a regional officer its own region, the programme office every
region; everyone reads it; the history of changes is for the editors."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.audit.selectors import history_of
from jiha.lib.errors import PermissionDenied
from jiha.programme.models import Initiative
from jiha.programme.services import initiative_create, initiative_update
from jiha.programme.tests.conftest import initiative_data
from jiha.regions.models import Region

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Data lab",
    "objective": "Open regional data",
    "starts_on": "2026-02-01",
    "ends_on": "2027-02-01",
    "owner": "Région",
    "status": "planned",
}


def _form(initiative: Initiative) -> dict[str, object]:
    return {**FORM, "workstream": initiative.workstream_id}


def test_it_lets_an_officer_edit_only_its_own_region(officer: User, initiative: Initiative) -> None:
    oriental = Region.objects.get(code="MA-02")
    with pytest.raises(PermissionDenied):
        initiative_create(actor=officer, region=oriental, data=initiative_data())
    created = initiative_create(
        actor=officer, region=initiative.region, data=initiative_data(title="Mine")
    )
    assert created.region.code == "MA-03"
    other = initiative_create(actor=None, region=oriental, data=initiative_data())
    with pytest.raises(PermissionDenied):
        initiative_update(actor=officer, initiative=other, data=initiative_data(title="x"))
    assert Initiative.objects.get(pk=other.pk).title == "Reconversion bootcamp"


def test_it_lets_the_programme_office_edit_every_region(
    client: Client, analyst: User, initiative: Initiative
) -> None:
    force_login_confirmed(client, analyst)
    response = client.post("/en/programme/regions/MA-02/initiatives/new/", _form(initiative))
    assert response.status_code == 302
    assert Initiative.objects.filter(region__code="MA-02", title="Data lab").exists()


def test_it_refuses_other_personas_and_changes_nothing(
    client: Client, applicant: User, officer: User, initiative: Initiative
) -> None:
    client.force_login(applicant)
    response = client.post(
        f"/en/programme/initiatives/{initiative.pk}/edit/",
        {**_form(initiative), "title": "Hijacked"},
    )
    assert response.status_code == 403
    client.force_login(officer)
    response = client.post("/en/programme/regions/MA-02/initiatives/new/", _form(initiative))
    assert response.status_code == 403
    assert Initiative.objects.count() == 1
    assert Initiative.objects.get().title == "Reconversion bootcamp"


def test_it_shows_the_programme_to_the_public(client: Client, initiative: Initiative) -> None:
    assert client.get("/programme/").status_code == 200
    page = client.get("/en/programme/regions/MA-03/").content.decode()
    assert "Reconversion bootcamp" in page and "Add an initiative" not in page
    assert client.get(f"/ar/programme/initiatives/{initiative.pk}/").status_code == 200
    assert client.get(f"/programme/initiatives/{initiative.pk}/history/").status_code == 302


def test_it_records_every_change_in_the_audit_history(
    client: Client, officer: User, initiative: Initiative
) -> None:
    client.force_login(officer)
    response = client.post(
        f"/en/programme/initiatives/{initiative.pk}/edit/",
        {**_form(initiative), "title": "Renamed", "status": "ongoing"},
    )
    assert response.status_code == 302
    entries = list(history_of(initiative))
    assert [e.action for e in entries] == [
        "programme.initiative.create",
        "programme.initiative.update",
    ]
    before, after = entries[1].before, entries[1].after
    assert before is not None and after is not None
    assert before["title"] == "Reconversion bootcamp"
    assert after["title"] == "Renamed" and after["status"] == "ongoing"
    assert "workstream" not in after  # only what changed
    page = client.get(f"/en/programme/initiatives/{initiative.pk}/history/").content.decode()
    assert "programme.initiative.update" in page and "Renamed" in page


def test_it_marks_a_milestone_done_for_editors_only(
    client: Client, officer: User, applicant: User, initiative: Initiative
) -> None:
    milestone = initiative.milestones.create(title="Launch", due_on=initiative.starts_on)
    client.force_login(applicant)
    assert client.post(f"/en/programme/milestones/{milestone.pk}/done/").status_code == 403
    client.force_login(officer)
    response = client.post(f"/en/programme/milestones/{milestone.pk}/done/")
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on is not None
    assert history_of(initiative).last().action == "programme.milestone.complete"  # type: ignore[union-attr]


def test_the_overview_maps_each_regions_convention(client: Client, jobs: object) -> None:
    page = client.get("/en/programme/").content.decode()
    assert page.count("<td>Signed</td>") == 3  # the seed article's three conventions
    assert 'id="programme-map-values"' in page  # the rows the portal's map script colours
    assert "not public" in page
