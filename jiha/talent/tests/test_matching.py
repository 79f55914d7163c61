"""Matching through the app on a tiny taxonomy (rankings checked by hand), and what a company
sees of candidates: consenting ones only, under a stable pseudonym, until they accept."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from jiha.accounts.models import Organisation, User
from jiha.audit.models import AuditEntry
from jiha.talent import engine_io, selectors, services
from jiha.talent.models import CandidateProfile, ContactRequest
from jiha.talent.tests.conftest import offer_input

pytestmark = pytest.mark.django_db


def test_it_ranks_offers_as_checked_by_hand(
    tiny: object,
    applicant: User,
    company: Organisation,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    me = make_candidate("c@example.ma", skills={"t-a": 3, "t-b": 2})
    # coverage 4/5, fits: 0.7 × 0.8 + 0.3 = 0.86
    best = services.offer_create(actor=applicant, company=company, data=offer_input(title="1"))
    # t-a, t-d essential, the occupation's t-c optional (none given): coverage 2/5,
    # fits: 0.7 × 0.4 + 0.3 = 0.58
    middle = services.offer_create(
        actor=applicant,
        company=company,
        data=offer_input(title="2", essential=["t-a", "t-d"], optional=[]),
    )
    # coverage 4/5 but English only, in another region: 0.7 × 0.8 = 0.56
    last = services.offer_create(
        actor=applicant,
        company=company,
        data=offer_input(title="3", languages=["en"], region="MA-06"),
    )
    ranked = engine_io.candidate_matches(me, selectors.open_offers())
    assert [m.offer.pk for m in ranked] == [best.pk, middle.pk, last.pk]
    assert [m.match.score for m in ranked] == pytest.approx([0.86, 0.58, 0.56])
    assert [s.code for s in ranked[0].missing_optional] == ["t-c"]
    assert [s.code for s in ranked[1].missing_essential] == ["t-d"]
    assert [s.code for s in ranked[1].missing_optional] == ["t-c"]
    assert not ranked[2].match.language_fit and not ranked[2].match.location_fit


def test_it_shows_companies_only_consenting_candidates_under_pseudonyms(
    tiny: object,
    applicant: User,
    company: Organisation,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    strong = make_candidate("strong@example.ma", skills={"t-a": 3, "t-b": 3, "t-c": 2})
    weak = make_candidate("weak@example.ma", skills={"t-a": 1})
    gone = make_candidate("gone@example.ma", skills={"t-a": 4, "t-b": 4, "t-c": 4})
    services.consent_withdraw(profile=gone)
    offer = services.offer_create(actor=applicant, company=company, data=offer_input())
    shortlist = engine_io.offer_shortlist(offer, selectors.consenting_candidates())
    assert [e.candidate_id for e in shortlist] == [strong.pk, weak.pk]
    assert shortlist[0].pseudonym == engine_io.pseudonym(company.pk, strong.pk)
    assert all(e.pseudonym.startswith("C-") for e in shortlist)
    # Stable for the company across its offers, different for another company.
    other = services.offer_create(actor=applicant, company=company, data=offer_input(title="b"))
    again = engine_io.offer_shortlist(other, selectors.consenting_candidates())
    assert again[0].pseudonym == shortlist[0].pseudonym
    assert engine_io.pseudonym(company.pk + 1, strong.pk) != shortlist[0].pseudonym

    client = Client()
    client.force_login(applicant)
    page = client.get(f"/talent/company/offers/{offer.pk}/shortlist/").content.decode()
    assert shortlist[0].pseudonym in page
    assert "strong@example.ma" not in page and "gone@example.ma" not in page


def test_it_reveals_the_candidate_only_after_they_accept_contact(
    tiny: object,
    applicant: User,
    company: Organisation,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    me = make_candidate("me@example.ma", skills={"t-a": 3})
    offer = services.offer_create(actor=applicant, company=company, data=offer_input())
    client = Client()
    client.force_login(applicant)
    pseudonym = engine_io.pseudonym(company.pk, me.pk)
    client.post(f"/talent/company/offers/{offer.pk}/contact/", {"pseudonym": pseudonym})
    contact = ContactRequest.objects.get()
    page = client.get(f"/talent/company/offers/{offer.pk}/shortlist/").content.decode()
    assert "me@example.ma" not in page

    candidate = Client()
    candidate.force_login(me.user)
    assert offer.title in candidate.get("/talent/me/").content.decode()
    candidate.post(f"/talent/me/contacts/{contact.pk}/", {"answer": "accept"})
    page = client.get(f"/talent/company/offers/{offer.pk}/shortlist/").content.decode()
    assert "me@example.ma" in page
    assert AuditEntry.objects.filter(action="talent.contact.answer").count() == 1


def test_it_refuses_another_companys_shortlist_and_unknown_pseudonyms(
    tiny: object,
    applicant: User,
    other_applicant: User,
    company: Organisation,
) -> None:
    offer = services.offer_create(actor=applicant, company=company, data=offer_input())
    client = Client()
    client.force_login(other_applicant)
    assert client.get(f"/talent/company/offers/{offer.pk}/shortlist/").status_code == 404
    assert client.get(f"/api/talent/offers/{offer.pk}/shortlist").status_code == 404
    own = Client()
    own.force_login(applicant)
    response = own.post(f"/talent/company/offers/{offer.pk}/contact/", {"pseudonym": "C-NOPE"})
    assert response.status_code == 422
    assert not ContactRequest.objects.exists()


def test_it_refuses_offers_with_unknown_skills_without_a_500(
    tiny: object,
    applicant: User,
    company: Organisation,
) -> None:
    from jiha.lib.errors import InvalidInput

    with pytest.raises(InvalidInput) as refusal:
        services.offer_create(
            actor=applicant, company=company, data=offer_input(essential=["nope"])
        )
    assert refusal.value.code == "unknown_skills"


def test_it_gives_no_matches_to_a_candidate_without_consent(
    tiny: object,
    applicant: User,
    company: Organisation,
    make_candidate: Callable[..., CandidateProfile],
) -> None:
    me = make_candidate("c@example.ma")
    services.offer_create(actor=applicant, company=company, data=offer_input())
    services.consent_withdraw(profile=me)
    client = Client()
    client.force_login(me.user)
    assert client.get("/api/talent/me/matches").json() == []
