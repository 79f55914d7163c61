"""The controlled lists: one home (vocabulary.yaml), labelled in three languages, and in step
with the legal parameters that name their codes."""

from __future__ import annotations

import pytest

from jiha.engines.rules import ParameterError, load_parameters
from jiha.legislation import PARAMETERS_DIR
from jiha.legislation import vocabulary as vocabularies
from jiha.legislation.vocabulary import (
    ACTIVITIES,
    LANGUAGES,
    NO_PARK,
    PARKS,
    PROFILES,
    Vocabulary,
    reference_park,
)

PARAMETERS = load_parameters(PARAMETERS_DIR)


def _latest(name: str) -> list[str]:
    return list(PARAMETERS[name].values[-1].value)


@pytest.mark.parametrize("vocabulary", [ACTIVITIES, PROFILES, PARKS], ids=lambda v: v.name)
def test_it_labels_every_code_in_french_arabic_and_english_with_its_source(
    vocabulary: Vocabulary,
) -> None:
    assert vocabulary.codes
    assert all(term.label(language) for term in vocabulary for language in LANGUAGES)
    assert vocabulary.reference
    assert vocabulary.confidence in ("official", "secondary")


def test_the_covered_activity_lines_are_codes_of_the_vocabulary() -> None:
    assert set(_latest("offer_2025.activities")) <= set(ACTIVITIES.codes)
    assert set(_latest("investment_charter.sector_bonus_activities")) <= set(ACTIVITIES.codes)


def test_the_training_aid_has_a_ceiling_for_each_profile_and_no_other() -> None:
    prefix = "offer_2006.training_aid.per_profile."
    ceilings = {p.name.removeprefix(prefix) for p in PARAMETERS if p.name.startswith(prefix)}
    assert ceilings == set(PROFILES.codes)


def test_the_parks_of_the_income_tax_cap_are_parks_and_their_regions_have_one() -> None:
    parks = {term.code for term in PARKS if term.region}
    capped = _latest("offer_2025.ir_cap.premium_parks") + _latest("offer_2025.ir_cap.shore_parks")
    assert sorted(capped) == sorted(parks)
    regions = {term.region for term in PARKS if term.region}
    assert regions == set(_latest("offer_2025.ir_cap.regions_with_park"))


def test_a_region_is_compared_in_its_park_else_outside_every_park() -> None:
    assert reference_park("MA-06") == "casanearshore"
    assert reference_park("MA-01") == "tetouan_shore"
    assert reference_park("MA-12") == NO_PARK
    assert PARKS[NO_PARK].region is None


def test_an_unknown_code_names_the_list_it_is_not_in() -> None:
    with pytest.raises(KeyError, match="vocabulary.parks"):
        PARKS["anfa_shore"]


def test_a_code_without_a_label_is_refused_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    parameters, raw = vocabularies._packaged()
    labels = dict(raw["profiles"]["metadata"]["labels"])
    labels["bpo"] = {"fr": "BPO", "en": "BPO"}  # no Arabic
    broken = {**raw, "profiles": {**raw["profiles"], "metadata": {"labels": labels}}}
    monkeypatch.setattr(vocabularies, "_packaged", lambda: (parameters, broken))
    with pytest.raises(ParameterError, match="'bpo' has no label in ar"):
        vocabularies.load_vocabulary("profiles")
