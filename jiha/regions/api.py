"""HTTP API for the reference geography: /api/regions and /api/regions/{code}."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from jiha.regions import selectors
from jiha.regions.models import Province, ReferenceSource, Region

router = Router()


class TranslatedText(Schema):
    fr: str
    ar: str
    en: str


class SourceOut(Schema):
    key: str
    title: str
    publisher: str
    url: str
    date: dt.date | None
    licence: str
    confidence: str


class ProvinceOut(Schema):
    code: str
    kind: str
    names: TranslatedText
    population_2014: int | None
    population_2024: int
    households_2024: int


class RegionOut(Schema):
    code: str
    hcp_code: str
    names: TranslatedText
    capital: TranslatedText
    population_2014: int
    population_2024: int
    households_2024: int
    url: str
    sources: dict[str, SourceOut]


class RegionDetailOut(RegionOut):
    provinces: list[ProvinceOut]


def _names(obj: Region | Province) -> dict[str, str]:
    return {"fr": obj.name_fr, "ar": obj.name_ar, "en": obj.name_en}


def _source(source: ReferenceSource) -> dict[str, Any]:
    return {
        "key": source.key,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "date": source.date,
        "licence": source.licence,
        "confidence": source.confidence,
    }


def region_payload(region: Region) -> dict[str, Any]:
    return {
        "code": region.code,
        "hcp_code": region.hcp_code,
        "names": _names(region),
        "capital": {"fr": region.capital_fr, "ar": region.capital_ar, "en": region.capital_en},
        "population_2014": region.population_2014,
        "population_2024": region.population_2024,
        "households_2024": region.households_2024,
        "url": reverse("regions:detail", kwargs={"code": region.code}),
        "sources": {
            "names": _source(region.names_source),
            "census_2024": _source(region.census_2024_source),
            "census_2014": _source(region.census_2014_source),
        },
    }


@router.get("", response=list[RegionOut], summary="The 12 regions")
def list_regions(
    request: HttpRequest,
    order: Literal["code", "population_2024", "-population_2024"] = "code",
) -> list[dict[str, Any]]:
    """The 12 regions (2015 division) with their names in French, Arabic and English, capital,
    census population (2014, 2024) and the source of each figure."""
    return [region_payload(r) for r in selectors.region_list().order_by(order)]


@router.get("/boundaries", summary="Simplified region boundaries (GeoJSON)")
def region_boundaries(request: HttpRequest) -> dict[str, Any]:
    """A FeatureCollection of the 12 regions, simplified for maps (see its attribution)."""
    return selectors.region_geojson()


@router.get("/{code}", response=RegionDetailOut, summary="One region")
def get_region(request: HttpRequest, code: str) -> dict[str, Any]:
    """One region by its ISO 3166-2 code (MA-01 … MA-12), with its provinces and prefectures."""
    region = selectors.region_get(code)
    payload = region_payload(region)
    payload["provinces"] = [
        {
            "code": p.code,
            "kind": p.kind,
            "names": _names(p),
            "population_2014": p.population_2014,
            "population_2024": p.population_2024,
            "households_2024": p.households_2024,
        }
        for p in region.provinces.order_by("code")
    ]
    return payload
