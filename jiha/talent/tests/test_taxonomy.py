from __future__ import annotations

import pytest

from jiha.legislation.vocabulary import PROFILES
from jiha.talent.models import Occupation, OccupationSkill, Skill
from jiha.talent.services import taxonomy_load
from jiha.talent.vocabulary import taxonomy

pytestmark = pytest.mark.django_db


def test_it_loads_a_few_hundred_skills_and_tens_of_occupations_by_migration() -> None:
    assert Skill.objects.count() >= 200
    assert Occupation.objects.count() >= 30
    for code in (
        "customer-relations-agent",
        "back-office-operator",
        "software-developer",
        "data-analyst",
        "cloud-technician",
        "cybersecurity-analyst",
        "engineering-designer",
    ):
        assert Occupation.objects.filter(code=code).exists(), code


def test_it_labels_everything_in_three_languages_and_gives_each_occupation_essentials() -> None:
    assert not Skill.objects.filter(name_ar="").exists()
    assert not Skill.objects.filter(name_fr="").exists()
    for occupation in Occupation.objects.all():
        assert occupation.name_ar and occupation.name_en
        assert occupation.family in PROFILES
        assert OccupationSkill.objects.filter(occupation=occupation, essential=True).exists()


def test_it_invents_no_esco_uri() -> None:
    uris = [s["esco"] for s in taxonomy()["skills"].values() if "esco" in s]
    assert all(uri.startswith("http://data.europa.eu/esco/") for uri in uris)
    assert Skill.objects.exclude(esco_uri="").count() == len(uris)


def test_it_reloads_idempotently_and_keeps_an_administrators_additions() -> None:
    Skill.objects.create(code="added", name_fr="x", name_ar="x", name_en="x", category="web")
    Skill.objects.filter(code="python").update(name_en="Changed")
    before = OccupationSkill.objects.count()
    assert taxonomy_load() == (len(taxonomy()["skills"]), len(taxonomy()["occupations"]))
    assert OccupationSkill.objects.count() == before
    assert Skill.objects.get(code="python").name_en == "Python"
    assert Skill.objects.filter(code="added").exists()
