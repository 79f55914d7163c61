"""Reads of the observatory."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet, Window
from django.db.models.expressions import RowRange
from django.db.models.functions import LastValue, RowNumber
from django.utils.translation import gettext as _

from jiha.accounts.models import Organisation, Role
from jiha.accounts.permissions import (
    is_programme_analyst,
    is_regional_officer_of,
    memberships_in_force,
)
from jiha.accounts.selectors import memberships_of
from jiha.observatory.confidentiality import Cell, protect
from jiha.observatory.models import (
    ActivityReport,
    ActivityReportLine,
    Dataset,
    DatasetVersion,
    ImportJob,
    Indicator,
    Observation,
)
from jiha.regions.selectors import region_names

# Publishing a version that drops more than this share of the published cells needs an
# explicit acknowledgement (so does one without any figure, or without any value).
REMOVED_SHARE = 0.5
REMOVAL_EXAMPLES = 5
NATIONAL = "MA"  # the territory code of Morocco as a whole


@dataclass(frozen=True)
class Removals:
    """What publishing a version would take away from the figures the site shows."""

    published: int  # cells of the dataset's current version (0: nothing published yet)
    removed: int  # of those, the ones the new version does not have
    examples: tuple[tuple[str, str, str], ...]  # (indicator, territory, period) of removed ones
    rows: int  # cells of the new version
    with_value: bool  # whether any cell of the new version has a value

    @property
    def empty(self) -> bool:
        return self.rows == 0

    @property
    def all_missing(self) -> bool:
        return self.rows > 0 and not self.with_value

    @property
    def most_removed(self) -> bool:
        return self.published > 0 and self.removed > REMOVED_SHARE * self.published

    @property
    def need_acknowledgement(self) -> bool:
        return self.empty or self.all_missing or self.most_removed

    def describe(self) -> str:
        """What would disappear, in the active language, and what to do about it."""
        sentences = []
        if self.most_removed:
            sentences.append(
                _(
                    "Publishing this version removes %(removed)s of the %(published)s published "
                    "figures, for example %(examples)s."
                )
                % {
                    "removed": self.removed,
                    "published": self.published,
                    "examples": "; ".join(" ".join(example) for example in self.examples),
                }
            )
        if self.empty:
            sentences.append(_("This version has no figures at all."))
        elif self.all_missing:
            sentences.append(_("Every value of this version is missing (withheld)."))
        sentences.append(_("Confirm that these figures may disappear before publishing."))
        return " ".join(sentences)

    def as_dict(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "removed": self.removed,
            "examples": [
                {"indicator": i, "territory": t, "period": p} for i, t, p in self.examples
            ],
            "rows": self.rows,
            "all_values_missing": self.all_missing,
        }


def version_removals(version: DatasetVersion) -> Removals:
    """The published cells that publishing ``version`` would remove (an anti-join on the
    unique index, never the versions in memory)."""
    current_id = Dataset.objects.filter(pk=version.dataset_id).values_list(
        "current_version_id", flat=True
    )[0]
    published, removed = 0, 0
    examples: tuple[tuple[str, str, str], ...] = ()
    if current_id is not None and current_id != version.pk:
        cells = Observation.objects.filter(version_id=current_id)
        kept = Observation.objects.filter(
            version=version,
            indicator_id=OuterRef("indicator_id"),
            territory=OuterRef("territory"),
            period=OuterRef("period"),
        )
        gone = cells.filter(~Exists(kept))
        published, removed = cells.count(), gone.count()
        examples = tuple(
            gone.order_by("indicator__code", "territory", "period").values_list(
                "indicator__code", "territory", "period"
            )[:REMOVAL_EXAMPLES]
        )
    with_value = Observation.objects.filter(version=version, value__isnull=False).exists()
    return Removals(published, removed, examples, version.row_count, with_value)


def uploader_organisation(user: Any) -> str:
    """The organisation shown instead of the person who loaded a version ("" if none)."""
    membership = memberships_of(user).first()
    return membership.organisation.name if membership else ""


def current_observations() -> QuerySet[Observation]:
    """Observations of the version each dataset currently publishes."""
    return Observation.objects.filter(
        version_id__in=Dataset.objects.exclude(current_version=None).values("current_version")
    )


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("theme", "code")


def indicator_names(codes: Iterable[str]) -> dict[str, str]:
    """The name of each indicator code in the active language (codes unknown are left out)."""
    return {i.code: i.name for i in Indicator.objects.filter(code__in=list(codes))}


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


def salary_indicator(profile: str) -> str:
    """The indicator of the annual gross salary of a profile of the legislation's list.

    >>> salary_indicator("it_engineer")
    'salary-it-engineer'
    """
    return "salary-" + profile.replace("_", "-")


@dataclass(frozen=True)
class LatestValue:
    """The latest published value of an indicator in one territory, and where it comes from."""

    indicator: Indicator
    territory: str
    period: str
    value: Decimal
    version: DatasetVersion


@dataclass(frozen=True)
class LatestValues:
    """The latest value of each indicator (by code) in each territory, and the versions read."""

    cells: dict[str, dict[str, LatestValue]]
    versions: tuple[int, ...]
    synthetic: bool  # some value read comes from a demo (synthetic) dataset

    def of(self, code: str) -> dict[str, float]:
        """The indicator's latest value in each territory, as floats for computations."""
        return {t: float(cell.value) for t, cell in self.cells.get(code, {}).items()}

    def value(self, code: str, territory: str) -> float | None:
        cell = self.cells.get(code, {}).get(territory)
        return None if cell is None else float(cell.value)


def _latest_first(expression: Any) -> Window:
    """``expression`` over the cells of an indicator in a territory, latest first, the whole
    partition in the frame (LastValue is then the earliest cell)."""
    return Window(
        expression,
        partition_by=[F("indicator_id"), F("territory")],
        order_by=[
            F("period_start").desc(),
            F("period").desc(),
            F("version_id").desc(),
            F("pk").desc(),
        ],
        frame=RowRange(start=None, end=None),
    )


def latest_values(
    codes: Iterable[str] | None = None,
    *,
    versions: Iterable[int] | None = None,
    national: bool = False,
) -> LatestValues:
    """The latest published regional value of each indicator in ``codes`` (all when None),
    and Morocco's with ``national``: from the version each dataset publishes now, or from
    ``versions`` (an index edition's frozen ones). Three queries, whatever the number of
    indicators, regions and periods: the latest cells (the database keeps one row per indicator
    and territory), the versions read and the indicators.

    The latest cell of an indicator in a territory is the last one by period start, then
    period, then version (which breaks a tie between two datasets); the (version, indicator,
    territory, period) key is unique, so that order is total. Indicators come in the order of
    their earliest cell in that order, and territories in the order of their own earliest cell
    (the observation's id breaks ties), as when every row was read and later ones overwrote
    earlier ones."""
    levels = [Observation.Level.REGION] + ([Observation.Level.NATIONAL] if national else [])
    rows = (
        current_observations()
        if versions is None
        else Observation.objects.filter(version_id__in=list(versions))
    ).filter(
        level__in=levels,
        value__isnull=False,
        # Inner joins, as reading the rows with their indicator and version did: a row whose
        # indicator or version no longer exists is not read.
        indicator__code__isnull=False,
        version__number__isnull=False,
    )
    if codes is not None:
        rows = rows.filter(indicator__code__in=list(codes))
    latest = (
        rows.annotate(
            place=_latest_first(RowNumber()),
            first_start=_latest_first(LastValue("period_start")),
            first_period=_latest_first(LastValue("period")),
            first_version=_latest_first(LastValue("version_id")),
            first_id=_latest_first(LastValue("pk")),
        )
        .filter(place=1)
        .order_by()
        .values_list(
            "indicator_id",
            "territory",
            "period",
            "value",
            "version_id",
            "first_start",
            "first_period",
            "first_version",
            "first_id",
        )
    )
    # (indicator, territory, period, value, version) and where its earliest cell sorts.
    found = [(row[:5], row[5:]) for row in latest]
    read = {
        v.pk: v
        for v in DatasetVersion.objects.filter(pk__in=rows.values("version_id"))
        .select_related("dataset")
        .order_by()
    }
    indicators = Indicator.objects.in_bulk({cell[0] for cell, _first in found})
    first_of_indicator: dict[int, tuple[Any, ...]] = {}
    for cell, first in found:
        known = first_of_indicator.get(cell[0])
        first_of_indicator[cell[0]] = first if known is None else min(known, first)
    found.sort(key=lambda item: (first_of_indicator[item[0][0]], item[1]))
    cells: dict[str, dict[str, LatestValue]] = {}
    for (indicator_id, territory, period, value, version_id), _first in found:
        assert value is not None  # noqa: S101 - excluded by the query
        indicator = indicators[indicator_id]
        cells.setdefault(indicator.code, {})[territory] = LatestValue(
            indicator, territory, period, value, read[version_id]
        )
    return LatestValues(
        cells,
        tuple(sorted(read)),
        any(v.dataset.synthetic for v in read.values()),
    )


def rank_of(value: Decimal, peers: Iterable[Decimal], direction: str) -> int | None:
    """The place of ``value`` among ``peers`` (itself included), 1 being the best for the
    indicator's direction; ties share a place. A neutral indicator has no ranking.

    >>> from decimal import Decimal as D
    >>> values = [D(5), D(9), D(5), D(1)]
    >>> rank_of(D(5), values, "higher_better"), rank_of(D(5), values, "lower_better")
    (2, 2)
    >>> rank_of(D(1), values, "lower_better"), rank_of(D(1), values, "neutral")
    (1, None)
    """
    if direction == Indicator.Direction.HIGHER_BETTER:
        return 1 + sum(1 for peer in peers if peer > value)
    if direction == Indicator.Direction.LOWER_BETTER:
        return 1 + sum(1 for peer in peers if peer < value)
    return None


def region_key_figures(region: str, latest: LatestValues | None = None) -> list[dict[str, Any]]:
    """Each indicator's latest value in ``region``, Morocco's for the same period, and the
    region's place among the regions with a value for that period (1 is the best for the
    indicator's direction; none for a neutral indicator). ``latest``: the national and regional
    latest values when the caller already read them (a page showing several regions)."""
    figures = []
    names = region_names()
    latest = latest or latest_values(national=True)
    for cells in latest.cells.values():
        mine = cells.get(region)
        if mine is None:
            continue
        same_period = {t: c for t, c in cells.items() if t != NATIONAL and c.period == mine.period}
        peers = [c.value for c in same_period.values()]
        national = cells.get(NATIONAL)
        national_value = national.value if national and national.period == mine.period else None
        figures.append(
            {
                # What the chart next to the table draws: every region's value for the same
                # period (the region's own included) and Morocco's, as numbers.
                "chart": {
                    "regions": [
                        {"code": t, "name": names.get(t, t), "value": float(c.value)}
                        for t, c in sorted(same_period.items())
                    ],
                    "national": None
                    if national_value is None
                    else {"name": _("Morocco"), "value": float(national_value)},
                },
                "indicator": mine.indicator,
                "value": mine.value,
                "period": mine.period,
                "national": national_value,
                "rank": rank_of(mine.value, peers, mine.indicator.direction),
                "of": len(peers),
                "version": mine.version,
            }
        )
    return sorted(figures, key=lambda f: (f["indicator"].theme, f["indicator"].code))


def can_manage_dataset(user: Any, dataset: Dataset) -> bool:
    """Programme analysts manage every dataset; a regional officer, its region's ones."""
    if is_programme_analyst(user):
        return True
    owner = dataset.owner
    return bool(owner and owner.region and is_regional_officer_of(user, owner.region))


def dataset_owner_for(user: Any) -> Organisation | None:
    """The organisation a new dataset of ``user`` belongs to: none for a programme analyst
    (every dataset is theirs to manage), the regional organisation of a regional officer."""
    if is_programme_analyst(user):
        return None
    membership = (
        memberships_in_force(user)
        .filter(role=Role.REGIONAL_OFFICER, organisation__region__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name")
        .first()
    )
    return membership.organisation if membership else None


def may_create_dataset(user: Any) -> bool:
    """Who manages datasets may create one: programme analysts, and regional officers (for
    their organisation, whose datasets they then manage)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_programme_analyst(user) or dataset_owner_for(user) is not None


def dataset_template_rows(dataset: Dataset) -> tuple[list[Indicator], list[tuple[str, str]]]:
    """The indicators a dataset's template lists (those of its current version, else all)
    and the territories (Morocco, then the regions) with their names."""
    indicators = Indicator.objects.order_by("code")
    if dataset.current_version_id:
        indicators = indicators.filter(
            id__in=Observation.objects.filter(version_id=dataset.current_version_id).values(
                "indicator_id"
            )
        )
    names = region_names()
    territories = [(NATIONAL, _("Morocco")), *sorted(names.items())]
    return list(indicators), territories


def may_follow_import_job(user: Any, job: ImportJob) -> bool:
    """A background import is seen by whoever started it and by the dataset's managers."""
    return job.created_by_id == user.pk or can_manage_dataset(user, job.dataset)


@dataclass(frozen=True)
class ReportLineFigures:
    """The figures of one line of a submitted activity report a what-if reform reads."""

    company: int
    year: int
    region: str
    profile: str
    headcount: int
    new_hires: int
    investment: Decimal


def activity_report_figures() -> list[ReportLineFigures]:
    """Every line of every submitted activity report (for staff computations: raw company
    figures, never shown as such). One query."""
    rows = (
        ActivityReportLine.objects.filter(report__status=ActivityReport.Status.SUBMITTED)
        .order_by("report__company_id", "report__year", "region__code", "profile")
        .values_list(
            "report__company_id",
            "report__year",
            "region__code",
            "profile",
            "headcount",
            "new_hires",
            "investment",
        )
    )
    return [ReportLineFigures(*row) for row in rows.iterator(chunk_size=5000)]


# --- For the talent app (hiring outlook, region pipeline) ------------------------------------
def protected_counts(
    contributions: dict[str, dict[str, Decimal]],
) -> tuple[dict[str, Cell], Cell]:
    """The confidentiality rules of the aggregates (``confidentiality.protect``) for another
    app's cells: ``contributions[territory][contributor] = value``."""
    return protect(contributions)


def hires_history() -> dict[tuple[str, str], dict[str, float]]:
    """New hires reported per (region, profile), per year, from the submitted activity
    reports: only the (region, profile) series whose every yearly cell the confidentiality
    rules would publish (at least 3 companies, none dominant, no secondary suppression)."""
    lines = ActivityReportLine.objects.filter(
        report__status=ActivityReport.Status.SUBMITTED
    ).values_list("report__year", "profile", "region__code", "report__company_id", "new_hires")
    by_cell: dict[tuple[int, str], dict[str, dict[str, Decimal]]] = {}
    for year, profile, region, company, hires in lines:
        contribution = by_cell.setdefault((year, profile), {}).setdefault(region, {})
        contribution[str(company)] = contribution.get(str(company), Decimal(0)) + Decimal(hires)
    series: dict[tuple[str, str], dict[str, float]] = {}
    hidden: set[tuple[str, str]] = set()
    for (year, profile), regions in by_cell.items():
        cells, _total = protect(regions)
        for region, cell in cells.items():
            if cell.suppressed:
                hidden.add((region, profile))
            else:
                series.setdefault((region, profile), {})[str(year)] = float(cell.value)
    return {key: values for key, values in series.items() if key not in hidden}
