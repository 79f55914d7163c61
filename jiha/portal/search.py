"""Site search: regions, indicators, datasets and legal parameters, in the three languages.

The corpus is small (hundreds of entries), so it is matched in Python after folding accents,
case and Arabic spelling variants (see ``fold``): "fes" finds "Fès", "فاس" finds "فاس",
the same on SQLite and PostgreSQL, with no database extension. See ADR 0029.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jiha.incentives.selectors import parameter_rows
from jiha.observatory import selectors as observatory
from jiha.regions.models import Region

MAX_QUERY = 100
MIN_QUERY = 2
MAX_PER_KIND = 20
# Arabic letters written in several ways: each maps to one form.
ARABIC_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)
# Accents (combining diacritics), Arabic vowel marks and Quranic annotations, tatweel.
MARKS = re.compile("[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")


@functools.lru_cache(maxsize=16_384)  # the catalogue's texts come back at every search
def fold(text: str) -> str:
    """Text as search compares it: no case, no accents, no Arabic vowel marks or tatweel,
    one spelling of the Arabic letters written several ways, single spaces.

    Examples:
        >>> fold("Fès-Meknès"), fold("  Laâyoune   Sakia ")
        ('fes-meknes', 'laayoune sakia')
        >>> fold("الدَّار البيضاء") == fold("الدار البيضاء"), fold("جهة") == fold("جهه")
        (True, True)
    """
    kept = MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return " ".join(kept.translate(ARABIC_VARIANTS).split())


@dataclass(frozen=True)
class Hit:
    kind: str
    label: str  # in the user's language
    detail: str
    url: str


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _matches(needle: str, *texts: str) -> bool:
    """Does a word of one of ``texts`` start with ``needle`` (folded)? "fes" finds "Fès-Meknès",
    not "professional"."""
    pattern = _word_start(needle)
    return any(pattern.search(fold(text)) for text in texts if text)


@functools.lru_cache(maxsize=64)
def _word_start(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(needle))


def _regions(needle: str) -> list[Hit]:
    return [
        Hit("region", r.name, r.code, reverse("regions:detail", kwargs={"code": r.code}))
        for r in Region.objects.order_by("code")
        if _matches(needle, r.code, r.name_fr, r.name_ar, r.name_en)
    ]


def _indicators(needle: str) -> list[Hit]:
    return [
        Hit("indicator", i.name, i.unit, reverse("observatory:indicator", kwargs={"code": i.code}))
        for i in observatory.indicator_list()
        if _matches(needle, i.code, i.name_fr, i.name_ar, i.name_en, i.theme)
    ]


def _datasets(needle: str) -> list[Hit]:
    return [
        Hit(
            "dataset", d.title, d.publisher, reverse("observatory:dataset", kwargs={"slug": d.slug})
        )
        for d in observatory.dataset_list()
        if _matches(needle, d.slug, d.title_fr, d.title_ar, d.title_en, d.description)
    ]


def _parameters(needle: str) -> list[Hit]:
    rows = parameter_rows()
    descriptions: dict[str, list[str]] = {row.parameter.name: [] for row in rows}
    for language in _languages():  # descriptions are English msgids, translated
        with translation.override(language):
            for row in rows:
                descriptions[row.parameter.name].append(_(row.parameter.description))
    return [
        Hit(
            "parameter",
            _(row.parameter.description) if row.parameter.description else row.parameter.name,
            row.parameter.name,
            reverse("incentives:parameter", kwargs={"name": row.parameter.name}),
        )
        for row in rows
        if _matches(needle, row.parameter.name, *descriptions[row.parameter.name])
    ]


KINDS = (
    ("region", _regions),
    ("indicator", _indicators),
    ("dataset", _datasets),
    ("parameter", _parameters),
)


def site_search(query: str) -> dict[str, list[Hit]]:
    """Hits per kind (regions, indicators, datasets, legal parameters), labelled in the
    active language, at most ``MAX_PER_KIND`` each; a query shorter than two characters once
    folded finds nothing."""
    needle = fold(query[:MAX_QUERY])
    if len(needle) < MIN_QUERY:
        return {}
    return {kind: find(needle)[:MAX_PER_KIND] for kind, find in KINDS}
