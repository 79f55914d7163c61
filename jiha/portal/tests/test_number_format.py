"""One number formatter for every page: grouping per language, the unit always shown."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

NNBSP = "\u202f"
NBSP = "\u00a0"


def render(source: str, language: str, **context: object) -> str:
    with translation.override(language):
        return Template("{% load jiha_format %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", f"1{NNBSP}632{NNBSP}000{NBSP}MAD"),
        ("ar", f"1{NBSP}632{NBSP}000{NBSP}درهم"),
        ("en", f"1,632,000{NBSP}MAD"),
    ],
)
def test_it_groups_an_amount_per_language_and_keeps_its_unit(language: str, expected: str) -> None:
    assert render('{{ v|num:"MAD" }}', language, v="1632000.00") == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", f"12,5{NNBSP}%"), ("ar", f"12,5{NNBSP}%"), ("en", "12.5%")],
)
def test_it_fixes_the_decimals_when_asked(language: str, expected: str) -> None:
    assert render('{{ v|num:"%:1" }}', language, v=12.46) == expected


def test_it_drops_decimals_of_a_whole_number_and_keeps_two_otherwise() -> None:
    assert render("{{ a|num }} {{ b|num }}", "en", a=4467911.0, b=0.125) == "4,467,911 0.13"


def test_it_takes_the_unit_from_the_data() -> None:
    assert (
        render("{{ v|num:unit }}", "fr", v=2000000, unit="jobs")
        == f"2{NNBSP}000{NNBSP}000{NBSP}emplois"
    )


@pytest.mark.parametrize("value", [None, "", "n/a", float("nan"), float("inf")])
def test_it_shows_a_dash_for_a_missing_value_never_none(value: object) -> None:
    assert render('{{ v|num:"MAD" }}', "en", v=value) == "—"


def test_it_never_writes_minus_zero() -> None:
    assert render('{{ v|num:":1" }}', "en", v=-0.01) == "0.0"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", f"12{NNBSP}%"), ("ar", f"1{NBSP}500{NBSP}درهم"), ("en", f"3{NBSP}jobs")],
)
def test_it_writes_the_data_s_unit_in_the_reader_s_language(language: str, expected: str) -> None:
    value, unit = {"fr": (12, "percent"), "ar": (1500, "MAD"), "en": (3, "jobs")}[language]
    assert render("{{ v|num:unit }}", language, v=value, unit=unit) == expected
