"""Reads of the programme: conventions, a region's initiatives, KPI progress from the
observatory's published data (computed when read: decisions/0015), fact sheets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from jiha.lib.errors import NotFound
from jiha.observatory import selectors as observatory
from jiha.programme.models import (
    Antenna,
    Convention,
    FactSheet,
    Initiative,
    Kpi,
    Milestone,
    Procedure,
    Workstream,
)
from jiha.regions import selectors as regions
from jiha.regions.models import Region

DIGITAL_WORKSTREAM = "digital"  # workstream 4: regional digital transformation
TREND_POINTS = 8  # periods shown in a KPI's trend
FACTSHEET_LANGUAGES = ("fr", "ar", "en")


@dataclass(frozen=True)
class Point:
    period: str
    value: Decimal
    version: str  # "dataset vN"


@dataclass(frozen=True)
class Progress:
    """How far a measure went from its baseline towards its target, and from what data.

    ``share`` is (current − baseline) / (target − baseline): 1 means the target is reached;
    it is None when no published value exists. ``bar`` is the share kept within 0–100 for a
    progress bar; ``percent`` keeps the true figure (it may pass 100 or go below 0).

    >>> p = Progress(Decimal(10), Decimal(20), Decimal(15), "2024", "census v1")
    >>> p.share, p.percent, p.bar
    (0.5, 50.0, 50.0)
    >>> Progress(Decimal(10), Decimal(20), Decimal(5), "2024", "x").bar
    0.0
    """

    baseline: Decimal
    target: Decimal
    current: Decimal | None
    period: str
    source: str  # the dataset version the current value comes from
    trend: tuple[Point, ...] = field(default_factory=tuple)
    synthetic: bool = False

    @property
    def share(self) -> float | None:
        if self.current is None or self.target == self.baseline:
            return None
        return float((self.current - self.baseline) / (self.target - self.baseline))

    @property
    def percent(self) -> float | None:
        share = self.share
        return None if share is None else round(share * 100, 1) + 0.0  # never -0.0

    @property
    def bar(self) -> float:
        percent = self.percent
        return 0.0 if percent is None else min(100.0, max(0.0, percent))

    def sparkline(self, width: int = 120, height: int = 28) -> str:
        """The trend as SVG polyline points (empty with fewer than two points)."""
        values = [float(p.value) for p in self.trend]
        if len(values) < 2:
            return ""
        low, high = min(values), max(values)
        span = (high - low) or 1.0
        step = width / (len(values) - 1)
        return " ".join(
            f"{i * step:.1f},{height - (v - low) / span * height:.1f}" for i, v in enumerate(values)
        )


@dataclass(frozen=True)
class KpiProgress:
    kpi: Kpi
    progress: Progress


def _series(
    indicator_ids: Iterable[int], territory: str
) -> tuple[dict[int, list[Point]], set[int]]:
    """Each indicator's published values in ``territory``, oldest first, and the indicators
    read from a synthetic (demo) dataset. One query."""
    rows = (
        observatory.current_observations()
        .filter(indicator_id__in=list(indicator_ids), territory=territory, value__isnull=False)
        .select_related("version__dataset")
        .order_by("period_start", "period", "version_id")
    )
    series: dict[int, dict[str, Point]] = defaultdict(dict)
    synthetic: set[int] = set()
    for row in rows:
        assert row.value is not None  # noqa: S101 - excluded by the query
        dataset = row.version.dataset
        point = Point(row.period, row.value, f"{dataset.title} v{row.version.number}")
        series[row.indicator_id][row.period] = point  # a later version of a period wins
        if dataset.synthetic:
            synthetic.add(row.indicator_id)
    return {key: list(points.values()) for key, points in series.items()}, synthetic


def kpi_progress(kpis: Iterable[Kpi], territory: str) -> list[KpiProgress]:
    """The progress of KPIs of one region, from the observatory's current published values."""
    kpis = list(kpis)
    series, synthetic = _series({k.indicator_id for k in kpis}, territory)
    found = []
    for kpi in kpis:
        points = series.get(kpi.indicator_id, [])
        last = points[-1] if points else None
        found.append(
            KpiProgress(
                kpi,
                Progress(
                    baseline=kpi.baseline_value,
                    target=kpi.target_value,
                    current=last.value if last else None,
                    period=last.period if last else "",
                    source=last.version if last else "",
                    trend=tuple(points[-TREND_POINTS:]),
                    synthetic=kpi.indicator_id in synthetic,
                ),
            )
        )
    return found


def indicator_by_code(code: str) -> Any:
    """The observatory indicator with ``code``, or a NotFound error naming it."""
    indicator = observatory.indicator_list().filter(code=code).first()
    if indicator is None:
        raise NotFound(
            _("There is no indicator %(code)s in the observatory.") % {"code": code[:80]},
            code="unknown_indicator",
        )
    return indicator


def indicator_has_data(indicator_id: int, territory: str) -> bool:
    return (
        observatory.current_observations()
        .filter(indicator_id=indicator_id, territory=territory, value__isnull=False)
        .exists()
    )


def online_share(procedures: Iterable[Procedure]) -> Progress | None:
    """Workstream 4: the share of the yearly volume of the region's listed procedures that is
    online (an initiative done with the procedure fully online), as a progress towards all of
    them; None without any procedure. Same Progress as a KPI, so it shows the same way."""
    procedures = list(procedures)
    total = sum(p.volume_per_year for p in procedures)
    if not total:
        return None
    online = sum(p.volume_per_year for p in procedures if p.online)
    before = sum(p.volume_per_year for p in procedures if p.channel_before == "online")
    return Progress(
        baseline=Decimal(before) / total * 100,
        target=Decimal(100),
        current=Decimal(online) / total * 100,
        period="",
        source=_("the initiatives' procedures"),
        synthetic=any(p.initiative.synthetic for p in procedures),
    )


def workstream_list() -> QuerySet[Workstream]:
    return Workstream.objects.order_by("number")


def convention_list() -> QuerySet[Convention]:
    return Convention.objects.select_related("region").order_by("region__code")


def conventions_by_region() -> dict[str, Convention]:
    return {c.region.code: c for c in convention_list()}


def initiatives_of(code: str) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(region__code=code)
        .select_related("workstream", "region")
        .prefetch_related(
            Prefetch("kpis", Kpi.objects.select_related("indicator")),
            Prefetch("milestones", Milestone.objects.order_by("due_on", "pk")),
            "procedures",
        )
    )


def initiative_get(pk: int) -> Initiative:
    initiative = initiatives_of_any().filter(pk=pk).first()
    if initiative is None:
        raise NotFound(_("There is no initiative number %(pk)s.") % {"pk": pk}, code="unknown")
    return initiative


def milestone_get(pk: int) -> Milestone:
    milestone = Milestone.objects.select_related("initiative__region").filter(pk=pk).first()
    if milestone is None:
        raise NotFound(_("There is no milestone number %(pk)s.") % {"pk": pk}, code="unknown")
    return milestone


def initiatives_of_any() -> QuerySet[Initiative]:
    return Initiative.objects.select_related("workstream", "region").prefetch_related(
        Prefetch("kpis", Kpi.objects.select_related("indicator")), "milestones", "procedures"
    )


def region_programme(code: str) -> dict[str, Any]:
    """Everything the region programme page shows: convention, antennas, initiatives by
    workstream with their KPIs' progress, the online share of procedures (workstream 4)."""
    region = regions.region_get(code)
    initiatives = list(initiatives_of(region.code))
    progress = {
        kp.kpi.pk: kp
        for kp in kpi_progress([k for i in initiatives for k in i.kpis.all()], region.code)
    }
    by_workstream = [
        {
            "workstream": workstream,
            "initiatives": [
                {
                    "initiative": i,
                    "kpis": [progress[k.pk] for k in i.kpis.all()],
                }
                for i in initiatives
                if i.workstream_id == workstream.pk
            ],
        }
        for workstream in workstream_list()
    ]
    return {
        "region": region,
        "convention": Convention.objects.filter(region=region).first(),
        "antennas": list(Antenna.objects.filter(region=region)),
        "workstreams": by_workstream,
        "initiatives": initiatives,
        "online": online_share(p for i in initiatives for p in i.procedures.all()),
        "synthetic": any(i.synthetic for i in initiatives),
    }


def region_initiatives(code: str) -> dict[str, Any] | None:
    """The region page's programme section (REGION_SECTIONS): the convention and the count of
    initiatives by status; None when the programme has nothing in the region. One query."""
    statuses = Initiative.Status.values
    row = (
        Region.objects.filter(code=code)
        .annotate(
            convention_status=F("programme_convention__status"),
            convention_signed_on=F("programme_convention__signed_on"),
            synthetic_count=Count(
                "programme_initiatives", filter=Q(programme_initiatives__synthetic=True)
            ),
            **{
                f"n_{status}": Count(
                    "programme_initiatives", filter=Q(programme_initiatives__status=status)
                )
                for status in statuses
            },
            **{
                f"sheet_{language}": Exists(
                    FactSheet.objects.filter(
                        region=OuterRef("pk"), language=language, status=FactSheet.Status.DONE
                    )
                )
                for language in FACTSHEET_LANGUAGES
            },
        )
        .values(
            "convention_status",
            "convention_signed_on",
            "synthetic_count",
            *[f"n_{s}" for s in statuses],
            *[f"sheet_{language}" for language in FACTSHEET_LANGUAGES],
        )
        .first()
    )
    total = sum(row[f"n_{s}"] for s in statuses) if row else 0
    if row is None or (row["convention_status"] is None and not total):
        return None
    status = row["convention_status"]
    return {
        "convention": Convention.Status(status).label if status else None,
        "signed_on": row["convention_signed_on"],
        "total": total,
        "counts": [(label, row[f"n_{value}"]) for value, label in Initiative.Status.choices],
        "synthetic": row["synthetic_count"] > 0,
        "code": code,
        "factsheets": [lang for lang in FACTSHEET_LANGUAGES if row[f"sheet_{lang}"]],
    }


def latest_factsheet(code: str, language: str) -> FactSheet | None:
    return (
        FactSheet.objects.filter(region__code=code, language=language, status=FactSheet.Status.DONE)
        .defer("pdf")
        .order_by("-finished_at", "-pk")
        .first()
    )


def factsheet_pdf(code: str, language: str) -> bytes:
    sheet = (
        FactSheet.objects.filter(region__code=code, language=language, status=FactSheet.Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )
    if sheet is None or not sheet.pdf:
        raise NotFound(
            _("No fact sheet has been generated yet for this region in this language."),
            code="factsheet_not_ready",
        )
    return bytes(sheet.pdf)


def factsheet_outdated(sheet: FactSheet, current: set[int]) -> bool:
    """A stored sheet read a dataset version that is no longer the published one."""
    return bool(set(sheet.versions) - current)


def current_version_ids() -> set[int]:
    """The version each dataset publishes now (one query)."""
    return {
        pk
        for pk in observatory.dataset_list().values_list("current_version_id", flat=True)
        if pk is not None
    }


def pending_factsheets(code: str) -> int:
    return FactSheet.objects.filter(region__code=code, status=FactSheet.Status.QUEUED).count()
