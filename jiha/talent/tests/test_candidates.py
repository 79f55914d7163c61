"""Registration with consent, withdrawal, the data download and erasure (law 09-08)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from jiha.accounts.models import User
from jiha.audit.models import AuditEntry
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.talent import selectors, services
from jiha.talent.models import CandidateProfile, CandidateSkill, Consent
from jiha.talent.tests.conftest import candidate_input

pytestmark = pytest.mark.django_db


def test_it_refuses_a_profile_without_consent_and_changes_nothing(tiny: object) -> None:
    user = User.objects.create_user("c@example.ma", "pw")
    with pytest.raises(InvalidInput) as refusal:
        services.candidate_register(user=user, data=candidate_input(), consent=False)
    assert refusal.value.code == "consent"
    assert not CandidateProfile.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="talent.").exists()


def test_it_records_the_consent_text_version_and_date_with_an_audit_entry(tiny: object) -> None:
    user = User.objects.create_user("c@example.ma", "pw")
    profile = services.candidate_register(user=user, data=candidate_input(), consent=True)
    consent = Consent.objects.get(candidate=profile)
    assert consent.text_version == services.CONSENT_VERSION and consent.given_at
    entry = AuditEntry.objects.get(action="talent.candidate.register")
    assert entry.object_id == str(profile.pk)
    assert selectors.consenting_candidates().filter(pk=profile.pk).exists()


def test_it_refuses_unknown_skills_levels_and_regions(tiny: object) -> None:
    user = User.objects.create_user("c@example.ma", "pw")
    for data in (
        candidate_input(skills={"no-such-skill": 2}),
        candidate_input(skills={"t-a": 7}),
        candidate_input(region="MA-99"),
        candidate_input(languages=["xx"]),
    ):
        with pytest.raises(InvalidInput):
            services.candidate_register(user=user, data=data, consent=True)
    assert not CandidateProfile.objects.exists()


def test_it_refuses_members_of_an_organisation(tiny: object, applicant: User) -> None:
    with pytest.raises(PermissionDenied):
        services.candidate_register(user=applicant, data=candidate_input(), consent=True)


def test_it_hides_a_candidate_who_withdraws_consent(
    make_candidate: Callable[..., CandidateProfile], tiny: object
) -> None:
    profile = make_candidate("c@example.ma")
    services.consent_withdraw(profile=profile)
    assert not selectors.consenting_candidates().exists()
    assert AuditEntry.objects.filter(action="talent.consent.withdraw").count() == 1
    services.consent_give(profile=profile)
    assert selectors.consenting_candidates().filter(pk=profile.pk).exists()


def test_it_gives_a_candidate_all_their_data_as_json(
    make_candidate: Callable[..., CandidateProfile], tiny: object
) -> None:
    profile = make_candidate("c@example.ma", skills={"t-a": 3, "t-b": 1})
    client = Client()
    client.force_login(profile.user)
    response = client.get("/talent/me/data.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "c@example.ma"
    assert {s["skill"]: s["level"] for s in data["skills"]} == {"t-a": 3, "t-b": 1}
    assert data["consents"][0]["text_version"] == services.CONSENT_VERSION


def test_it_erases_a_candidate_and_keeps_no_personal_data_in_the_audit(
    make_candidate: Callable[..., CandidateProfile], tiny: object
) -> None:
    profile = make_candidate("erase.me@example.ma")
    number = profile.pk
    client = Client()
    client.force_login(profile.user)
    response = client.post("/talent/me/erase/", {"confirm": "erase"})
    assert response.status_code == 200
    assert not CandidateProfile.objects.filter(pk=number).exists()
    assert not CandidateSkill.objects.exists() and not Consent.objects.exists()
    assert not User.objects.filter(email="erase.me@example.ma").exists()
    entry = AuditEntry.objects.get(action="talent.candidate.erase")
    assert entry.object_id == str(number) and entry.actor_id is None
    everything = json.dumps([e.content() for e in AuditEntry.objects.all()])
    assert "erase.me@example.ma" not in everything


def test_it_erases_nothing_without_the_confirmation(
    make_candidate: Callable[..., CandidateProfile], tiny: object
) -> None:
    profile = make_candidate("c@example.ma")
    client = Client()
    client.force_login(profile.user)
    client.post("/talent/me/erase/", {})
    assert CandidateProfile.objects.filter(pk=profile.pk).exists()


def test_it_registers_through_the_page(tiny: object) -> None:
    user = User.objects.create_user("page@example.ma", "pw")
    client = Client()
    client.force_login(user)
    form = {
        "region": "MA-03",
        "diploma": "bac3",
        "field": "physics",
        "languages": ["fr", "ar"],
        "remote_training": "on",
        "skill_0": "t-a",
        "level_0": "3",
    }
    refused = client.post("/talent/me/register/", form)
    assert refused.status_code == 200 and not CandidateProfile.objects.exists()
    response = client.post("/talent/me/register/", {**form, "consent": "on"})
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(user=user)
    assert profile.languages == ["ar", "fr"]
    assert profile.skills.get().level == 3


def test_it_adds_the_skills_found_in_a_cv_keeping_held_levels(
    make_candidate: Callable[..., CandidateProfile], tiny: object
) -> None:
    profile = make_candidate("c@example.ma", skills={"t-a": 4})
    client = Client()
    client.force_login(profile.user)
    client.post("/talent/me/skills/", {"skill": ["t-a", "t-b"]})
    assert dict(profile.skills.values_list("skill__code", "level")) == {"t-a": 4, "t-b": 2}
    response = client.post("/talent/me/skills/", {"skill": ["nope"]})
    assert response.status_code == 422
    assert profile.skills.count() == 2
