"""The latest values read by one window query give exactly what reading every row did: the same
cells (value, period, version, indicator), in the same order, the same versions read and the
same synthetic flag, on data with ties, several versions, withdrawn and withheld rows."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pytest

from jiha.observatory.demo import demo_costs_create
from jiha.observatory.models import Dataset, DatasetVersion, Indicator, Observation
from jiha.observatory.selectors import (
    LatestValue,
    LatestValues,
    current_observations,
    latest_values,
    region_key_figures,
)
from jiha.observatory.services import observatory_reference_load

pytestmark = pytest.mark.usefixtures("indicators")


def reference_latest_values(
    codes: Iterable[str] | None = None,
    *,
    versions: Iterable[int] | None = None,
    national: bool = False,
) -> LatestValues:
    """The algorithm before the window query (every row read as instances, later ones
    overwriting earlier ones), with the observation's id as the last sort key: the old query left
    rows equal on (period start, period, version) in whatever order the database gave them."""
    levels = [Observation.Level.REGION] + ([Observation.Level.NATIONAL] if national else [])
    rows = (
        current_observations()
        if versions is None
        else Observation.objects.filter(version_id__in=list(versions))
    ).filter(level__in=levels, value__isnull=False)
    if codes is not None:
        rows = rows.filter(indicator__code__in=list(codes))
    cells: dict[str, dict[str, LatestValue]] = {}
    read: set[DatasetVersion] = set()
    for row in rows.select_related("indicator", "version__dataset").order_by(
        "period_start", "period", "version_id", "pk"
    ):
        assert row.value is not None
        cells.setdefault(row.indicator.code, {})[row.territory] = LatestValue(
            row.indicator, row.territory, row.period, row.value, row.version
        )
        read.add(row.version)
    return LatestValues(
        cells,
        tuple(sorted(v.pk for v in read)),
        any(v.dataset.synthetic for v in read),
    )


def _flat(latest: LatestValues) -> list[Any]:
    """Everything a caller can see, in order (values as text: 1.5 and 1.500000 differ there)."""
    return [
        latest.versions,
        latest.synthetic,
        [
            (
                code,
                [
                    (
                        territory,
                        cell.indicator.pk,
                        cell.indicator.code,
                        cell.indicator.name,
                        cell.indicator.direction,
                        cell.period,
                        str(cell.value),
                        cell.version.pk,
                        cell.version.number,
                        cell.version.dataset.slug,
                        cell.version.dataset.synthetic,
                    )
                    for territory, cell in by_territory.items()
                ],
            )
            for code, by_territory in latest.cells.items()
        ],
    ]


def _dataset(slug: str, *, synthetic: bool = False) -> Dataset:
    return Dataset.objects.create(
        slug=slug,
        title_fr=slug,
        title_ar=slug,
        title_en=slug,
        publisher="t",
        licence="t",
        theme="t",
        confidence="official",
        synthetic=synthetic,
    )


PERIOD_STARTS = {
    "2014": dt.date(2014, 1, 1),
    "2024": dt.date(2024, 1, 1),
    "2024-01": dt.date(2024, 1, 1),  # the same start as 2024 and 2024-Q1: the text decides
    "2024-Q1": dt.date(2024, 1, 1),
    "2024-07": dt.date(2024, 7, 1),
    "2024-Q3": dt.date(2024, 7, 1),
    "2025": dt.date(2025, 1, 1),
}


def _version(
    dataset: Dataset,
    number: int,
    rows: list[tuple[str, str, str, str, float | None]],
    *,
    status: str = DatasetVersion.Status.PUBLISHED,
    current: bool = False,
) -> DatasetVersion:
    """A version of ``rows`` (indicator code, level, territory, period, value; None withheld)."""
    version = DatasetVersion.objects.create(
        dataset=dataset,
        number=number,
        sha256=hashlib.sha256(f"{dataset.slug}{number}".encode()).hexdigest(),
        file_name="t.csv",
        file_size=1,
        table_schema={"fields": [{"name": "value", "type": "number"}]},
        row_count=len(rows),
        status=status,
        warnings=[{"row": 1, "message": "a warning"}],
    )
    ids = dict(Indicator.objects.values_list("code", "pk"))
    Observation.objects.bulk_create(
        Observation(
            indicator_id=ids.get(code, 999_999),  # an unknown code: a row without indicator
            version=version,
            level=level,
            territory=territory,
            period=period,
            period_start=PERIOD_STARTS[period],
            value=None if value is None else Decimal(str(value)),
            confidential=value is None,
        )
        for code, level, territory, period, value in rows
    )
    if current:
        dataset.current_version = version
        dataset.save(update_fields=["current_version"])
    return version


R, N, P = "region", "national", "province"


@pytest.fixture
def tangled() -> dict[str, DatasetVersion]:
    """Two datasets with the same indicators and periods (the later version wins a tie), one
    revised (v1 published then replaced, a v3 draft, a v4 withdrawn), periods of the same start,
    withheld values, provinces, a row of an unknown indicator, a synthetic dataset."""
    census, survey, demo = _dataset("census"), _dataset("survey"), _dataset("demo", synthetic=True)
    v1 = _version(
        census,
        1,
        [
            ("population", R, "MA-01", "2014", 10),
            ("population", R, "MA-02", "2014", 20),
            ("population", N, "MA", "2014", 100),
            ("french-literacy", R, "MA-01", "2024", 50),
        ],
    )
    v2 = _version(
        census,
        2,
        [
            ("population", R, "MA-02", "2024", 21),
            ("population", R, "MA-01", "2024", 11),
            ("population", R, "MA-03", "2014", 30),
            ("population", N, "MA", "2024", 110),
            ("population", P, "03.061", "2024", 5),
            ("french-literacy", R, "MA-01", "2024", 51.5),
            ("french-literacy", R, "MA-02", "2024", None),  # withheld: MA-02 keeps an older one
            ("french-literacy", R, "MA-02", "2014", 40),
            ("unemployment-rate-lfs", R, "MA-01", "2024-Q1", 9),
            (
                "unemployment-rate-lfs",
                R,
                "MA-01",
                "2024-01",
                8,
            ),  # same start: "2024-Q1" > "2024-01"
            ("unemployment-rate-lfs", R, "MA-01", "2024", 7),
            ("unemployment-rate-lfs", R, "MA-02", "2024-Q3", 12),
            ("unemployment-rate-lfs", R, "MA-02", "2024-07", 13),
            ("no-such-indicator", R, "MA-01", "2025", 1),
        ],
        current=True,
    )
    v3 = _version(
        census, 3, [("population", R, "MA-01", "2025", 999)], status=DatasetVersion.Status.DRAFT
    )
    v4 = _version(
        census,
        4,
        [("population", R, "MA-01", "2025", 998), ("population", R, "MA-05", "2014", 1)],
        status=DatasetVersion.Status.WITHDRAWN,
    )
    s1 = _version(
        survey,
        1,
        [
            ("population", R, "MA-01", "2024", 12),  # ties census v2 on the period: survey later
            ("population", R, "MA-04", "2024", 40),
            ("french-literacy", R, "MA-03", "2024-Q3", 60),
            ("unemployment-rate-lfs", N, "MA", "2024", 10),
        ],
        current=True,
    )
    d1 = _version(
        demo,
        1,
        [("salary-bpo", R, "MA-01", "2025", 70000), ("salary-bpo", R, "MA-02", "2025", 65000.25)],
        current=True,
    )
    return {"v1": v1, "v2": v2, "v3": v3, "v4": v4, "s1": s1, "d1": d1}


CASES: list[dict[str, Any]] = [
    {},
    {"national": True},
    {"codes": ["population"]},
    {"codes": ["population", "unemployment-rate-lfs"], "national": True},
    {"codes": ["french-literacy", "no-such-indicator"]},
    {"codes": []},
    {"codes": ["salary-bpo"]},
]


@pytest.mark.parametrize("arguments", CASES)
def test_it_gives_what_reading_every_row_gave(
    tangled: dict[str, DatasetVersion], arguments: dict[str, Any]
) -> None:
    assert _flat(latest_values(**arguments)) == _flat(reference_latest_values(**arguments))


@pytest.mark.parametrize(
    "frozen", [("v1", "v2"), ("v1", "v4"), ("v3",), ("v2", "s1", "d1"), ("v1", "v2", "v4", "s1")]
)
@pytest.mark.parametrize("national", [False, True])
def test_it_gives_the_same_for_frozen_versions_withdrawn_and_drafts_included(
    tangled: dict[str, DatasetVersion], frozen: tuple[str, ...], national: bool
) -> None:
    versions = [tangled[name].pk for name in frozen]
    assert _flat(latest_values(versions=versions, national=national)) == _flat(
        reference_latest_values(versions=versions, national=national)
    )


def test_it_keeps_the_rules_the_figures_rely_on(tangled: dict[str, DatasetVersion]) -> None:
    latest = latest_values(national=True)
    population = latest.cells["population"]
    # The later version (survey) wins a tie of periods; a withheld value leaves the older one.
    assert (population["MA-01"].value, population["MA-01"].version) == (12, tangled["s1"])
    assert latest.cells["french-literacy"]["MA-02"].period == "2014"
    assert latest.cells["unemployment-rate-lfs"]["MA-01"].period == "2024-Q1"
    assert "03.061" not in population and "MA-05" not in population  # province, withdrawn
    assert "no-such-indicator" not in latest.cells
    assert latest.synthetic
    assert latest.versions == tuple(sorted(tangled[n].pk for n in ("v2", "s1", "d1")))
    assert not latest_values(["population"]).synthetic


def test_it_gives_the_same_on_the_reference_and_demo_data(reference: None) -> None:
    observatory_reference_load()
    demo_costs_create()
    for arguments in CASES:
        assert _flat(latest_values(**arguments)) == _flat(reference_latest_values(**arguments))
    assert latest_values(national=True).cells  # the reference data has figures to compare


def test_it_reads_three_queries_whatever_the_rows(
    tangled: dict[str, DatasetVersion], django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(3):
        latest_values(national=True)
    with django_assert_num_queries(4):  # and the region names
        figures = region_key_figures("MA-01")
    with django_assert_num_queries(0):  # what the page reads of each figure is loaded
        assert all(f["version"].dataset.slug and f["indicator"].name for f in figures)
