"""Programme fixtures: indicators, one published dataset, an initiative in Fès-Meknès."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiha.observatory.models import Dataset, DatasetVersion
from jiha.observatory.services import indicators_upsert, publish_rows
from jiha.programme.models import Initiative, Workstream
from jiha.programme.services import InitiativeData, initiative_create, programme_reference_load
from jiha.regions.models import Region

INDICATOR = "offshoring-jobs"


def publish(dataset: Dataset, values: dict[str, float], code: str = INDICATOR) -> DatasetVersion:
    """Publish ``values`` ({period: value} for MA-03) as a new version of ``dataset``."""
    version = publish_rows(
        dataset,
        [
            {"indicator": code, "territory": "MA-03", "period": period, "value": value}
            for period, value in values.items()
        ],
        "test",
    )
    assert version is not None
    return version


@pytest.fixture
def jobs(reference: None) -> Dataset:
    indicators_upsert()
    programme_reference_load()
    dataset = Dataset.objects.create(
        slug="jobs",
        title_fr="Emplois",
        title_ar="مناصب الشغل",
        title_en="Jobs",
        publisher="t",
        licence="t",
        theme="t",
        confidence="official",
    )
    publish(dataset, {"2023": 2000, "2024": 2500})
    return dataset


def initiative_data(**changes: object) -> InitiativeData:
    values: dict[str, object] = {
        "workstream": Workstream.objects.get(code="training"),
        "title": "Reconversion bootcamp",
        "objective": "Train science graduates",
        "budget": Decimal("1000000"),
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": dt.date(2028, 12, 31),
        "owner": "Antenne Fès-Meknès",
    }
    values.update(changes)
    return InitiativeData(**values)  # type: ignore[arg-type]


@pytest.fixture
def initiative(jobs: Dataset) -> Initiative:
    return initiative_create(
        actor=None, region=Region.objects.get(code="MA-03"), data=initiative_data()
    )
