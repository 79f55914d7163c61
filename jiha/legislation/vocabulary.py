"""The controlled lists of the legislation — activity lines, employee profiles, offshoring
parks — read from their one home, ``parameters/vocabulary.yaml``: the codes (a dated value, with
its source) and their labels in French, Arabic and English (beside them, in the metadata).

Framework-free: Django forms and models, API schemas, report templates, the simulator and the
advisor all read these objects (``jiha.lib.vocabulary`` adapts them to Django and pydantic).

>>> PROFILES.codes[0], len(PROFILES.codes)
('management', 5)
>>> PARKS.label("fes_shore", "ar"), PARKS["fes_shore"].region
('فاس شور', 'MA-03')
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from jiha.engines.rules import ParameterTree, load_parameters
from jiha.engines.rules.errors import ParameterError
from jiha.legislation import PARAMETERS_DIR

__all__ = [
    "ACTIVITIES",
    "LANGUAGES",
    "NO_PARK",
    "PARKS",
    "PROFILES",
    "Term",
    "Vocabulary",
    "load_vocabulary",
    "reference_park",
]

FILE = PARAMETERS_DIR / "vocabulary.yaml"
LANGUAGES = ("fr", "ar", "en")
NO_PARK = "none"  # a site outside every park: what the rules read for "no park"


@dataclass(frozen=True)
class Term:
    """One code of a list, its labels, and (for a park) the region it is in."""

    code: str
    labels: Mapping[str, str]
    region: str | None = None

    def label(self, language: str) -> str:
        """The label in ``language``, French when that language has none."""
        return self.labels.get(language) or self.labels["fr"]


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list, in the order the legislation gives it."""

    name: str
    terms: tuple[Term, ...]
    reference: str
    confidence: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(term.code for term in self.terms)

    def __iter__(self) -> Iterator[Term]:
        return iter(self.terms)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __getitem__(self, code: str) -> Term:
        for term in self.terms:
            if term.code == code:
                return term
        raise KeyError(f"{code!r} is not in vocabulary.{self.name}: use one of {self.codes}.")

    def label(self, code: str, language: str) -> str:
        return self[code].label(language)

    def choices(self, language: str) -> list[tuple[str, str]]:
        """(code, label) pairs in ``language``, for a form or a model field.

        >>> ACTIVITIES.choices("en")[0]
        ('ITO', 'ITO — IT outsourcing')
        """
        return [(term.code, term.label(language)) for term in self.terms]

    def in_region(self, region: str) -> tuple[Term, ...]:
        """The terms located in ``region`` (the parks of a region).

        >>> [park.code for park in PARKS.in_region("MA-06")], PARKS.in_region("MA-08")
        (['casanearshore'], ())
        """
        return tuple(term for term in self.terms if term.region == region)


def reference_park(region: str) -> str:
    """Where a project is placed to compare ``region`` with the others (site-selection advisor,
    the index's rule-based indicators): the region's first park in the list, else outside
    every park. The list's order decides, not code (decisions/0006).

    >>> reference_park("MA-03"), reference_park("MA-08")
    ('fes_shore', 'none')
    """
    parks = PARKS.in_region(region)
    return parks[0].code if parks else NO_PARK


def _labels(name: str, code: str, raw: Mapping[str, Any]) -> dict[str, str]:
    labels = {language: str(raw.get(code, {}).get(language) or "") for language in LANGUAGES}
    missing = [language for language, text in labels.items() if not text]
    if missing:
        raise ParameterError(
            f"vocabulary.{name}: {code!r} has no label in {', '.join(missing)}; add it under "
            f"metadata.labels in {FILE.name}."
        )
    return labels


@cache
def _packaged() -> tuple[ParameterTree, dict[str, Any]]:
    """The packaged parameters (the dated codes) and the raw file (the labels)."""
    return load_parameters(PARAMETERS_DIR), yaml.safe_load(FILE.read_text(encoding="utf-8"))


def load_vocabulary(name: str) -> Vocabulary:
    """The list ``name`` as the packaged files give it now (its latest dated value)."""
    parameters, raw = _packaged()
    dated = parameters[f"vocabulary.{name}"].values[-1]
    labels = raw[name].get("metadata", {}).get("labels", {})
    # A list of codes, or (parks) a mapping of each code to the region it is in.
    located = dated.value if isinstance(dated.value, dict) else dict.fromkeys(dated.value)
    terms = tuple(
        Term(str(code), _labels(name, str(code), labels), None if region is None else str(region))
        for code, region in located.items()
    )
    return Vocabulary(name, terms, dated.reference, dated.confidence)


ACTIVITIES = load_vocabulary("activities")
PROFILES = load_vocabulary("profiles")
PARKS = load_vocabulary("parks")
