"""Reads of the observatory."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from jiha.observatory.models import Dataset, DatasetVersion, Indicator, Observation
from jiha.regions.models import Region


def current_observations() -> QuerySet[Observation]:
    """Observations of the version each dataset currently publishes."""
    return Observation.objects.filter(
        version_id__in=Dataset.objects.exclude(current_version=None).values("current_version")
    )


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("theme", "code")


def dataset_list() -> QuerySet[Dataset]:
    return Dataset.objects.select_related("current_version").order_by("slug")


def version_diff(version: DatasetVersion) -> dict[str, int]:
    """Rows added, removed and changed against the previous published version."""
    previous = (
        version.dataset.versions.filter(number__lt=version.number, status="published")
        .order_by("-number")
        .first()
    )
    if previous is None:
        return {"added": version.row_count, "removed": 0, "changed": 0, "previous": 0}
    key = ("indicator_id", "territory", "period")

    def cells(v: DatasetVersion) -> dict[tuple[object, ...], object]:
        rows = Observation.objects.filter(version=v).values_list(*key, "value")
        return {tuple(r[:3]): r[3] for r in rows}

    old, new = cells(previous), cells(version)
    return {
        "added": len(new.keys() - old.keys()),
        "removed": len(old.keys() - new.keys()),
        "changed": sum(1 for k in new.keys() & old.keys() if new[k] != old[k]),
        "previous": previous.number,
    }


def region_key_figures(region: Region) -> list[dict[str, Any]]:
    """Each indicator's latest regional value, the national value and the region's rank
    (one query for every indicator)."""
    cells = list(
        current_observations()
        .filter(level__in=["region", "national"], value__isnull=False)
        .select_related("indicator", "version__dataset")
    )
    latest: dict[int, Any] = {}
    for cell in cells:
        latest[cell.indicator_id] = max(
            latest.get(cell.indicator_id, cell.period_start), cell.period_start
        )
    by_indicator: dict[int, list[Observation]] = {}
    for cell in cells:
        if cell.period_start == latest[cell.indicator_id]:
            by_indicator.setdefault(cell.indicator_id, []).append(cell)
    figures = []
    for group in by_indicator.values():
        mine = next((c for c in group if c.territory == region.code), None)
        if mine is None:
            continue
        national = next((c for c in group if c.territory == "MA"), None)
        regional = sorted(
            (c for c in group if c.level == "region"), key=lambda c: c.value or 0, reverse=True
        )
        figures.append(
            {
                "indicator": mine.indicator,
                "value": mine.value,
                "period": mine.period,
                "national": national.value if national else None,
                "rank": [c.territory for c in regional].index(region.code) + 1,
                "of": len(regional),
                "version": mine.version,
            }
        )
    return sorted(figures, key=lambda f: (f["indicator"].theme, f["indicator"].code))
