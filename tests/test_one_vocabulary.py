"""Each controlled list has one home: the legal lists in the legislation's parameters
(``jiha/legislation/parameters/vocabulary.yaml``), the territories in the regions app. Everything
else reads them from there, so their codes never stand together anywhere else in ``jiha/``.

Data files, migrations (history), translations, tests and golden scenarios are not sources of a
list and are not scanned.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import jiha
from jiha.legislation.vocabulary import ACTIVITIES, NO_PARK, PARKS, PROFILES
from jiha.talent.vocabulary import DIPLOMA_LEVELS, SCHEMES

ROOT = Path(jiha.__file__).parent
HOMES = {
    ROOT / "legislation" / "parameters",  # the legal lists and the legal facts that use them
    ROOT / "regions",  # the territories: reference data, its loader and selectors
}
NOT_SOURCES = {"tests", "migrations", "locale", "data", "scenarios", "dist", "__pycache__"}
SUFFIXES = {".py", ".html", ".yaml", ".json", ".js", ".txt"}
REGIONS = json.loads((ROOT / "regions" / "data" / "regions.json").read_text(encoding="utf-8"))


def _list(words: list[str], least: int) -> tuple[list[str], int]:
    return words, least


# A list, and how many of its words standing in one file make a copy of it.
LISTS = {
    "activities": _list([c for c in ACTIVITIES.codes if c != "other"], 3),
    "profiles": _list(list(PROFILES.codes), 3),
    "parks": _list([c for c in PARKS.codes if c != NO_PARK], 3),
    "region codes": _list([f"MA-{r['hcp_code']}" for r in REGIONS["regions"]], 6),
    "talent diploma levels": _list([c for c in DIPLOMA_LEVELS.codes if c != "none"], 3),
    "talent schemes": _list(list(SCHEMES.codes), 2),
    "region names": _list(
        [r[f"name_{lang}"] for r in REGIONS["regions"] for lang in ("fr", "en")], 3
    ),
}


def _sources() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*")
        if path.suffix in SUFFIXES
        and not NOT_SOURCES & set(path.relative_to(ROOT).parts)
        and not any(path.is_relative_to(home) for home in HOMES)
    ]


def copies(text: str, words: list[str], least: int) -> list[str]:
    """The words of a list found in ``text`` when at least ``least`` of them are there.

    >>> copies('CHOICES = ["ITO", "CRM", "BPO"]', ["ITO", "CRM", "BPO", "ESO"], 3)
    ['ITO', 'CRM', 'BPO']
    >>> copies('activity = "BPO"  # or ITO', ["ITO", "CRM", "BPO", "ESO"], 3)
    []
    """
    found = [w for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    return found if len(found) >= least else []


def test_the_scanner_reads_the_sources_outside_the_homes() -> None:
    sources = {str(path.relative_to(ROOT)) for path in _sources()}
    assert "incentives/forms.py" in sources
    assert "observatory/models.py" in sources
    assert "legislation/vocabulary.py" in sources  # the reader, not the home
    assert not any(s.startswith(("regions/", "legislation/parameters/")) for s in sources)


@pytest.mark.parametrize("name", LISTS)
def test_no_list_is_copied_outside_its_home(name: str) -> None:
    words, least = LISTS[name]
    found = {
        str(path.relative_to(ROOT)): hits
        for path in _sources()
        if (hits := copies(path.read_text(encoding="utf-8"), words, least))
    }
    assert found == {}, f"a second copy of the {name}: read it from its home instead"


def test_no_region_name_map_is_built_outside_the_regions_selectors() -> None:
    pattern = re.compile(r"\{\s*(\w+)\.code\s*:\s*\1\.name\s+for\s+\1\s+in\s+[^}]*[Rr]egion")
    found = [
        str(path.relative_to(ROOT))
        for path in _sources()
        if path.suffix == ".py" and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
