"""Talent test helpers: a tiny taxonomy whose rankings are checked by hand, people, offers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from jiha.accounts.models import Organisation, OrganisationKind, Role, User
from jiha.engines import matching
from jiha.talent import services
from jiha.talent.models import CandidateProfile, Occupation, OccupationSkill, Skill


def _works(call: Callable[[], Any]) -> bool:
    try:
        call()
    except NotImplementedError:
        return False
    except Exception:  # noqa: BLE001, S110 - implemented, refuses our probe: fine
        return True
    return True


PATHS_READY = _works(lambda: matching.reconversion_path([], [], [], region=None))
EXTRACT_READY = _works(lambda: matching.extract_skills("python", {"py": ["Python"]}))
FORECAST_READY = _works(lambda: matching.forecast_hires([]))
needs_paths = pytest.mark.skipif(
    not PATHS_READY, reason="matching engine: reconversion_path not implemented yet (skeleton)"
)
needs_extract = pytest.mark.skipif(
    not EXTRACT_READY, reason="matching engine: extract_skills not implemented yet (skeleton)"
)
needs_forecast = pytest.mark.skipif(
    not FORECAST_READY, reason="matching engine: forecast_hires not implemented yet (skeleton)"
)


@pytest.fixture
def tiny(reference: None) -> Occupation:
    """Skills t-a … t-e; occupation t-job needs t-a, t-b (essential) and t-c (optional)."""
    for code in ("t-a", "t-b", "t-c", "t-d", "t-e"):
        Skill.objects.create(
            code=code,
            name_fr=f"Fr {code}",
            name_ar=f"Ar {code}",
            name_en=f"En {code}",
            category="programming",
        )
    job = Occupation.objects.create(
        code="t-job", name_fr="Métier", name_ar="مهنة", name_en="Job", family="it_engineer"
    )
    for code, essential in (("t-a", True), ("t-b", True), ("t-c", False)):
        OccupationSkill.objects.create(
            occupation=job, skill=Skill.objects.get(code=code), essential=essential
        )
    return job


def candidate_input(**changes: Any) -> services.CandidateInput:
    values: dict[str, Any] = {
        "region": "MA-03",
        "diploma": "bac3",
        "field": "physics",
        "languages": ["fr"],
        "remote_training": True,
        "skills": {"t-a": 3},
        **changes,
    }
    return services.CandidateInput(**values)


@pytest.fixture
def make_candidate(reference: None) -> Callable[..., CandidateProfile]:
    def make(email: str, **changes: Any) -> CandidateProfile:
        user = User.objects.create_user(email, "pw-for-tests")
        return services.candidate_register(user=user, data=candidate_input(**changes), consent=True)

    return make


@pytest.fixture
def company(applicant: User) -> Organisation:
    return applicant.memberships.get().organisation


@pytest.fixture
def provider_user(make_member: Callable[..., User]) -> User:
    return make_member(
        "trainer@school.example", OrganisationKind.TRAINING_PROVIDER, Role.TRAINING_PROVIDER
    )


def offer_input(**changes: Any) -> services.OfferInput:
    values: dict[str, Any] = {
        "title": "Offer",
        "description": "",
        "occupation": "t-job",
        "region": "MA-03",
        "remote": False,
        "languages": ["fr"],
        "positions": 1,
        **changes,
    }
    return services.OfferInput(**values)


def programme_input(**changes: Any) -> services.ProgrammeInput:
    values: dict[str, Any] = {
        "title": "Course",
        "description": "",
        "region": "MA-03",
        "remote": False,
        "start": dt.date(2031, 1, 1),
        "end": dt.date(2031, 2, 1),
        "hours": 100,
        "cost": Decimal(1000),
        "seats": 10,
        "skills": ["t-a"],
        **changes,
    }
    return services.ProgrammeInput(**values)
