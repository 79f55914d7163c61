"""The dossier pages: a company files and submits, reviewers instruct and decide, an invited
expert sees one dossier, and nobody else sees anything."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.incentives.models import Dossier, DossierState, ExpertOpinion, Message

pytestmark = pytest.mark.django_db
MakeDossier = Callable[..., Dossier]


def test_it_creates_one_draft_even_when_the_form_is_sent_twice(
    client: Client, applicant: User, schemes: None
) -> None:
    client.force_login(applicant)
    form = {
        "scheme": "employment-bonus-2025",
        "region": "MA-03",
        "period_start": "2027-01-01",
        "period_end": "2027-12-31",
        "idempotency_key": "double-click",
    }
    first = client.post("/incentives/dossiers/new/", form)
    second = client.post("/incentives/dossiers/new/", form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Dossier.objects.count() == 1


def test_it_shows_the_form_again_with_a_clear_message(
    client: Client, applicant: User, schemes: None
) -> None:
    client.force_login(applicant)
    response = client.post(
        "/incentives/dossiers/new/",
        {
            "scheme": "employment-bonus-2025",
            "region": "MA-03",
            "period_start": "2027-12-31",
            "period_end": "2027-01-01",
            "idempotency_key": "k",
        },
    )
    assert response.status_code == 422
    assert "La période se termine avant de commencer." in response.content.decode()
    assert not Dossier.objects.exists()


def test_it_saves_hires_and_shows_the_amount_and_its_interpretations(
    client: Client, applicant: User, make_dossier: MakeDossier
) -> None:
    dossier = make_dossier("draft")
    client.force_login(applicant)
    response = client.post(
        f"/incentives/dossiers/{dossier.pk}/edit/",
        {
            "version": dossier.version,
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
            "activity": "ITO",
            "park": "fes_shore",
            "hires-TOTAL_FORMS": "2",
            "hires-INITIAL_FORMS": "0",
            "hires-0-profile": "bpo",
            "hires-0-gross_annual_salary": "60000",
            "hires-0-hire_date": "2025-09-01",
            "hires-0-count": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/incentives/dossiers/{dossier.pk}/").content.decode()
    assert "20400.00 MAD" in page  # 2 × 17 % × 60,000
    assert "offer_2025.employment_bonus.payments" in page
    assert 'id="documents-heading"' in page  # the documents block


def test_it_submits_once_on_a_double_click(
    client: Client, applicant: User, make_dossier: MakeDossier
) -> None:
    dossier = make_dossier("draft")
    client.force_login(applicant)
    form = {"version": dossier.version, "idempotency_key": f"submit-{dossier.pk}-1"}
    client.post(f"/incentives/dossiers/{dossier.pk}/submit/", form)
    client.post(f"/incentives/dossiers/{dossier.pk}/submit/", form)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED
    assert dossier.version == 2


def test_it_hides_a_dossier_from_other_companies_and_officers(
    client: Client, other_applicant: User, officer: User, make_dossier: MakeDossier
) -> None:
    dossier = make_dossier("submitted")
    for user in (other_applicant, officer):
        client.force_login(user)
        assert client.get(f"/incentives/dossiers/{dossier.pk}/").status_code == 404
        response = client.post(
            f"/incentives/dossiers/{dossier.pk}/withdraw/", {"version": dossier.version}
        )
        assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED


def test_it_lets_reviewers_filter_assign_and_decide(
    client: Client, reviewer: User, instructor: User, make_dossier: MakeDossier
) -> None:
    dossier = make_dossier("submitted")
    force_login_confirmed(client, reviewer)
    queue = client.get("/incentives/review/?scheme=employment-bonus-2025&region=MA-03")
    assert dossier.reference in queue.content.decode()
    assert dossier.reference not in client.get("/incentives/review/?region=MA-01").content.decode()
    client.post(
        "/incentives/review/assign/", {"dossier": [dossier.pk], "instructor": instructor.pk}
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.UNDER_REVIEW and dossier.instructor == instructor
    client.post(
        f"/incentives/review/{dossier.pk}/decide/",
        {"version": dossier.version, "outcome": "approved"},
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.APPROVED


def test_it_tells_a_stale_page_it_is_too_late(
    client: Client, reviewer: User, instructor: User, make_dossier: MakeDossier
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    force_login_confirmed(client, reviewer)
    response = client.post(
        f"/incentives/review/{dossier.pk}/decide/",
        {"version": dossier.version - 1, "outcome": "approved"},
        follow=True,
    )
    assert "Rechargez-le : rien n" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.UNDER_REVIEW


def test_it_keeps_expert_opinions_from_the_applicant(
    client: Client,
    applicant: User,
    analyst: User,
    reviewer: User,
    instructor: User,
    make_dossier: MakeDossier,
) -> None:
    dossier = make_dossier("under_review", instructor=instructor)
    other = make_dossier("under_review", instructor=instructor)
    force_login_confirmed(client, reviewer)
    client.post(
        f"/incentives/review/{dossier.pk}/experts/",
        {"expert": analyst.email, "question": "Is the hiring date plausible?"},
    )
    assert ExpertOpinion.objects.filter(dossier=dossier, expert=analyst).exists()
    expert = Client()
    expert.force_login(analyst)
    assert expert.get(f"/incentives/dossiers/{dossier.pk}/opinion/").status_code == 200
    assert expert.get(f"/incentives/dossiers/{other.pk}/opinion/").status_code == 404
    expert.post(f"/incentives/dossiers/{dossier.pk}/opinion/", {"opinion": "SECRET-OPINION"})
    assert "SECRET-OPINION" in client.get(f"/incentives/review/{dossier.pk}/").content.decode()
    client.force_login(applicant)
    page = client.get(f"/incentives/dossiers/{dossier.pk}/").content.decode()
    assert "SECRET-OPINION" not in page and "Is the hiring date plausible?" not in page


def test_it_carries_messages_both_ways(
    client: Client, applicant: User, reviewer: User, make_dossier: MakeDossier
) -> None:
    dossier = make_dossier("submitted")
    client.force_login(applicant)
    client.post(f"/incentives/dossiers/{dossier.pk}/messages/", {"body": "Hello reviewers"})
    force_login_confirmed(client, reviewer)
    client.post(f"/incentives/dossiers/{dossier.pk}/messages/", {"body": "Hello", "back": "review"})
    assert list(Message.objects.values_list("from_applicant", flat=True)) == [True, False]


def test_it_shows_the_public_scheme_catalogue(client: Client, schemes: None) -> None:
    page = client.get("/incentives/schemes/training-aid-2006/").content.decode()
    assert "22/2020" in page
    assert "à confirmer" in page


def test_it_links_the_dossiers_from_the_dashboard(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    page = client.get("/me/").content.decode()
    assert 'href="/incentives/dossiers/"' in page
    assert 'href="/incentives/review/"' not in page


@pytest.mark.parametrize("version", ["-1", "NaN", "1e309", "1" + "0" * 400, "<script>", "١"])
def test_it_refuses_a_damaged_version_instead_of_skipping_the_stale_check(
    client: Client, reviewer: User, instructor: User, make_dossier: MakeDossier, version: str
) -> None:
    # Found by tests/test_hostile_inputs.py: a version that was not digits read as "none
    # given", and the decision went through whatever page it was made on.
    dossier = make_dossier("under_review", instructor=instructor)
    force_login_confirmed(client, reviewer)

    response = client.post(
        f"/incentives/review/{dossier.pk}/decide/", {"version": version, "outcome": "approved"}
    )

    assert response.status_code == 422
    assert "Ce formulaire est endommagé" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.UNDER_REVIEW
