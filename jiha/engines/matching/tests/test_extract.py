"""Skill extraction from free text: French and English, accents, typos, overlaps, bad input."""

from __future__ import annotations

import pytest

from jiha.engines.matching import MatchingError, extract_skills

LABELS = {
    "python": ["Python"],
    "sql": ["SQL"],
    "java": ["Java"],
    "javascript": ["JavaScript"],
    "cpp": ["C++"],
    "data-analysis": ["analyse de données", "data analysis"],
    "customer-service": ["relation client", "service client", "customer service"],
    "network-admin": ["administration réseau", "network administration"],
    "cloud": ["cloud computing", "informatique en nuage"],
    "ar-customer": ["خدمة العملاء"],
}


def skills(text: str, **kwargs: float) -> list[str]:
    return [m.skill for m in extract_skills(text, LABELS, **kwargs)]


def test_it_reads_a_french_cv_with_accents_missing_and_typos() -> None:
    text = (
        "Licence en physique. Reconversion : analyse de donnees, Pyton, SQL. "
        "Expérience en relation clients et en administration reseau."
    )
    assert skills(text, threshold=85) == [
        "data-analysis",
        "python",
        "sql",
        "customer-service",
        "network-admin",
    ]


def test_it_reads_an_english_offer_with_word_order_changes() -> None:
    text = "We need customer service agents; computing cloud skills and C++ are a plus."
    assert skills(text) == ["customer-service", "cloud", "cpp"]


def test_it_gives_spans_that_point_into_the_text() -> None:
    text = "Compétences : Data Analysis, JavaScript."
    for mention in extract_skills(text, LABELS):
        assert text[mention.start : mention.end] == mention.text
    assert [(m.skill, m.text, m.score) for m in extract_skills(text, LABELS)] == [
        ("data-analysis", "Data Analysis", 100.0),
        ("javascript", "JavaScript", 100.0),
    ]


def test_it_requires_short_labels_to_match_exactly() -> None:
    assert skills("Javas, SQLs and PostgreSQL", threshold=70) == []


def test_it_resolves_overlapping_mentions_by_best_score() -> None:
    labels = {"service": ["service client"], "client-relations": ["client relations"]}
    found = extract_skills("service client relations", labels, threshold=80)
    assert [m.skill for m in found] == ["service"]  # 100 beats "client relations" (shares "client")


def test_it_matches_arabic_labels() -> None:
    assert skills("خبرة في خدمة العملاء") == ["ar-customer"]


@pytest.mark.parametrize("bad", ["", "   \n", "\x00\x01\x02PK\x03\x04" * 10, "\ufffd" * 50 + "ab"])
def test_it_refuses_what_is_not_text(bad: str) -> None:
    with pytest.raises(MatchingError) as caught:
        extract_skills(bad, LABELS)
    assert caught.value.code in {"empty_text", "not_text"}
    assert "text" in str(caught.value)


def test_it_refuses_bytes_and_a_bad_threshold() -> None:
    with pytest.raises(MatchingError, match="not text"):
        extract_skills(b"%PDF-1.7 ...", LABELS)  # type: ignore[arg-type]
    with pytest.raises(MatchingError, match="threshold"):
        extract_skills("Python", LABELS, threshold=120)
