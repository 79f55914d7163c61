"""The talent app's controlled lists, read from their one home, ``data/taxonomy.yaml``:
languages, diploma levels, fields of study, the skill categories and the training schemes.
Forms, model fields, API schemas and templates read them from here (never a second copy).

>>> DIPLOMA_LEVELS.codes[:3]
('none', 'bac', 'bac2')
>>> LANGUAGES.label("ar", "en"), "fr" in LANGUAGES
('Arabic', True)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from jiha.legislation.vocabulary import Term, Vocabulary
from jiha.lib.i18n import current_language

__all__ = [
    "CATEGORIES",
    "DIPLOMA_LEVELS",
    "FIELDS",
    "LANGUAGES",
    "SCHEMES",
    "TAXONOMY_FILE",
    "category_choices",
    "choices",
    "diploma_choices",
    "field_choices",
    "taxonomy",
]

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"


@cache
def taxonomy() -> dict[str, Any]:
    """The whole data file: the lists below, the skills and the occupations."""
    loaded: dict[str, Any] = yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))
    return loaded


def _vocabulary(name: str) -> Vocabulary:
    raw: Mapping[str, Mapping[str, str]] = taxonomy()[name]
    terms = tuple(Term(str(code), dict(labels)) for code, labels in raw.items())
    return Vocabulary(name, terms, f"{TAXONOMY_FILE.name} {taxonomy()['version']}", "official")


LANGUAGES = _vocabulary("languages")
DIPLOMA_LEVELS = _vocabulary("diploma_levels")
FIELDS = _vocabulary("fields")
CATEGORIES = _vocabulary("categories")
SCHEMES = _vocabulary("schemes")


def choices(vocabulary: Vocabulary) -> Callable[[], list[tuple[str, str]]]:
    """A form field's choices in the language active when shown."""
    return lambda: vocabulary.choices(current_language())


# Named functions for model fields (a migration names them).
def diploma_choices() -> list[tuple[str, str]]:
    return DIPLOMA_LEVELS.choices(current_language())


def field_choices() -> list[tuple[str, str]]:
    return FIELDS.choices(current_language())


def category_choices() -> list[tuple[str, str]]:
    return CATEGORIES.choices(current_language())
