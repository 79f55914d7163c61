"""The DCAT-AP 3 catalogue of Jiha's datasets, as JSON-LD (as CKAN's /catalog.jsonld)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from jiha.observatory.exports import MEDIA_TYPES
from jiha.observatory.models import Dataset

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "spdx": "http://spdx.org/rdf/terms#",
}
FORMATS = {"csv": "CSV", "xlsx": "XLSX", "parquet": "PARQUET", "sdmx": "SDMX-CSV"}


def _distribution(base: str, dataset: Dataset, fmt: str) -> dict[str, Any]:
    url = base + reverse("observatory:download", kwargs={"slug": dataset.slug, "fmt": fmt})
    version = dataset.current_version
    distribution: dict[str, Any] = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": MEDIA_TYPES[fmt].split(";")[0],
        "dct:format": FORMATS[fmt],
        "dct:license": dataset.licence,
    }
    if version is not None:
        distribution["dct:modified"] = {
            "@value": version.created_at.date().isoformat(),
            "@type": "xsd:date",
        }
        distribution["spdx:checksum"] = {
            "@type": "spdx:Checksum",
            "spdx:algorithm": "spdx:checksumAlgorithm_sha256",
            "spdx:checksumValue": version.sha256,
        }
    return distribution


def dataset_node(base: str, dataset: Dataset) -> dict[str, Any]:
    page = base + reverse("observatory:dataset", kwargs={"slug": dataset.slug})
    node: dict[str, Any] = {
        "@id": page,
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.slug,
        "dct:title": [
            {"@value": getattr(dataset, f"title_{lang}"), "@language": lang}
            for lang in ("fr", "ar", "en")
        ],
        "dct:description": dataset.description or dataset.title_fr,
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": dataset.publisher},
        "dct:license": dataset.licence,
        "dcat:theme": dataset.theme,
        "dct:spatial": dataset.spatial_coverage,
        "dcat:landingPage": {"@id": page},
        "dcat:distribution": [_distribution(base, dataset, fmt) for fmt in FORMATS],
    }
    if dataset.source_url:
        node["dct:source"] = {"@id": dataset.source_url}
    if dataset.update_frequency:
        node["dct:accrualPeriodicity"] = dataset.update_frequency
    if dataset.temporal_start or dataset.temporal_end:
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            **(
                {
                    "dcat:startDate": {
                        "@value": dataset.temporal_start.isoformat(),
                        "@type": "xsd:date",
                    }
                }
                if dataset.temporal_start
                else {}
            ),
            **(
                {"dcat:endDate": {"@value": dataset.temporal_end.isoformat(), "@type": "xsd:date"}}
                if dataset.temporal_end
                else {}
            ),
        }
    if dataset.synthetic:
        node["dct:description"] = "SYNTHETIC DEMO DATA — " + node["dct:description"]
    return node


def catalog(base: str | None = None) -> dict[str, Any]:
    base = (base or settings.SITE_URL).rstrip("/")
    datasets = Dataset.objects.exclude(current_version=None).select_related("current_version")
    return {
        "@context": CONTEXT,
        "@id": base + "/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": [
            {"@value": "Jiha — observatoire régional de l'offshoring", "@language": "fr"},
            {"@value": "Jiha — regional offshoring observatory", "@language": "en"},
        ],
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": "Jiha programme office"},
        "dcat:dataset": [dataset_node(base, d) for d in datasets.order_by("slug")],
    }
