"""Access rows of the talent app (issue 14): the supply/demand view, offers, programmes and
the skills reader are public; the candidate's space is the candidate's own (members of an
organisation are not candidates); an offer's shortlist is its company's (company B gets
"not found"); a programme's outcomes are its provider's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from jiha.accounts.models import OrganisationKind
from jiha.talent import engine_io, services
from tests.security.access import EVERYONE, Access

CANDIDATE = frozenset({"candidate"})
COMPANIES = frozenset({"applicant_a", "applicant_b"})
COMPANY_A = frozenset({"applicant_a"})
PROVIDER = frozenset({"provider"})

# Valid bodies: a persona the gate lets through gets past validation (else 422 reads as allowed).
OFFER = {"title": "API offer", "occupation": "data-analyst", "region": "MA-03"}
PROGRAMME = {
    "title": "API programme",
    "region": "MA-03",
    "start": "2030-01-01",
    "end": "2030-02-01",
    "hours": 10,
    "cost": "100",
    "seats": 5,
    "skills": ["sql"],
}

ROWS: dict[str, Access] = {
    "talent:index": Access("/talent/", EVERYONE),
    "talent:offers": Access("/talent/offers/", EVERYONE),
    "talent:programmes": Access("/talent/programmes/", EVERYONE),
    "talent:programme": Access("/talent/programmes/{talent_programme}/", EVERYONE),
    "talent:extract": Access("/talent/skills/extract/", EVERYONE),
    "talent:register": Access(
        "/talent/me/register/", CANDIDATE, note="members of an organisation are not candidates"
    ),
    "talent:profile": Access("/talent/me/", CANDIDATE),
    "talent:profile_edit": Access("/talent/me/edit/", CANDIDATE),
    "talent:path": Access("/talent/me/path/", CANDIDATE),
    "talent:consent": Access("/talent/me/consent/", CANDIDATE, method="POST"),
    "talent:add_skills": Access("/talent/me/skills/", CANDIDATE, method="POST"),
    "talent:my_data": Access("/talent/me/data.json", CANDIDATE),
    "talent:erase": Access("/talent/me/erase/", CANDIDATE),
    "talent:contact_answer": Access(
        "/talent/me/contacts/{talent_contact}/", CANDIDATE, method="POST"
    ),
    "talent:company_offers": Access("/talent/company/offers/", COMPANIES),
    "talent:shortlist": Access("/talent/company/offers/{talent_offer}/shortlist/", COMPANY_A),
    "talent:contact_request": Access(
        "/talent/company/offers/{talent_offer}/contact/", COMPANY_A, method="POST"
    ),
    "talent:provider_programmes": Access("/talent/provider/programmes/", PROVIDER),
    "talent:outcomes": Access("/talent/provider/programmes/{talent_programme}/outcomes/", PROVIDER),
    "api:talent_skills": Access("/api/talent/skills", EVERYONE),
    "api:talent_occupations": Access("/api/talent/occupations", EVERYONE),
    "api:talent_offers": Access("/api/talent/offers", EVERYONE),
    "api:talent_programmes": Access("/api/talent/programmes", EVERYONE),
    "api:talent_supply_demand": Access("/api/talent/supply-demand", EVERYONE),
    "api:talent_outlook": Access("/api/talent/outlook", EVERYONE),
    "api:talent_extract": Access("/api/talent/extract", EVERYONE, method="POST", json=True),
    "api:talent_my_matches": Access("/api/talent/me/matches", CANDIDATE),
    "api:talent_my_path": Access("/api/talent/me/path?occupation=data-analyst", CANDIDATE),
    "api:talent_my_data": Access("/api/talent/me/data", CANDIDATE),
    "api:talent_erase_me": Access("/api/talent/me/erase", CANDIDATE, method="POST", json=True),
    "api:talent_register": Access(
        "/api/talent/me",
        frozenset(EVERYONE - {"anonymous"}),
        method="POST",
        json=True,
        note="the gate is signing in; the service refuses members (403) after validation",
        checked=frozenset({"anonymous"}),
    ),
    "api:talent_consent": Access(
        "/api/talent/me/consent", CANDIDATE, method="POST", json=True, data={"consent": True}
    ),
    "api:talent_offer_create": Access(
        "/api/talent/offers", COMPANIES, method="POST", json=True, data=OFFER
    ),
    "api:talent_contact_create": Access(
        "/api/talent/offers/{talent_offer}/contacts",
        COMPANY_A,
        method="POST",
        json=True,
        data={"pseudonym": "C-NOBODY"},
    ),
    "api:talent_programme_create": Access(
        "/api/talent/programmes", PROVIDER, method="POST", json=True, data=PROGRAMME
    ),
    "api:talent_outcome_report": Access(
        "/api/talent/programmes/{talent_programme}/outcomes",
        PROVIDER,
        method="POST",
        json=True,
        data={"participant": "P1", "under_30": True, "enrolled_on": "2030-01-05"},
    ),
    "api:talent_offer_shortlist": Access("/api/talent/offers/{talent_offer}/shortlist", COMPANY_A),
}


def populate(world: Any) -> None:
    applicant = world.users["applicant_a"]
    company = applicant.memberships.get().organisation
    provider_user = world.users["provider"]
    provider = provider_user.memberships.get(
        organisation__kind=OrganisationKind.TRAINING_PROVIDER
    ).organisation
    candidate = services.candidate_register(
        user=world.users["candidate"],
        data=services.CandidateInput(
            region="MA-03",
            diploma="bac3",
            field="physics",
            languages=["fr"],
            remote_training=True,
            skills={"sql": 2},
        ),
        consent=True,
    )
    offer = services.offer_create(
        actor=applicant,
        company=company,
        data=services.OfferInput(
            title="Matrix offer",
            description="",
            occupation="data-analyst",
            region="MA-03",
            remote=False,
            languages=["fr"],
            positions=1,
        ),
    )
    programme = services.programme_create(
        actor=provider_user,
        provider=provider,
        data=services.ProgrammeInput(
            title="Matrix programme",
            description="",
            region="MA-03",
            remote=False,
            start=dt.date(2030, 1, 1),
            end=dt.date(2030, 3, 1),
            hours=100,
            cost=Decimal(1000),
            seats=10,
            skills=["sql"],
        ),
    )
    contact = services.contact_request(
        actor=applicant, offer=offer, pseudonym=engine_io.pseudonym(company.pk, candidate.pk)
    )
    world.values.update(
        talent_offer=offer.pk, talent_programme=programme.pk, talent_contact=contact.pk
    )
