"""KPI progress comes from the observatory's published data, names the version it used, and
follows a newly published version; KPIs that could never be measured are refused clearly."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation

from jiha.accounts.models import User
from jiha.lib.errors import InvalidInput
from jiha.observatory import services as observatory
from jiha.observatory.models import Dataset, Indicator
from jiha.programme import selectors
from jiha.programme.models import Channel, Initiative, Kpi
from jiha.programme.services import kpi_add, procedure_add
from jiha.programme.tests.conftest import INDICATOR, publish

pytestmark = pytest.mark.django_db

NEXT_YEAR = dt.date.today() + dt.timedelta(days=365)  # noqa: DTZ011


def _kpi(initiative: Initiative, **changes: object) -> Kpi:
    values: dict[str, object] = {
        "actor": None,
        "initiative": initiative,
        "indicator": Indicator.objects.get(code=INDICATOR),
        "baseline_value": Decimal(2000),
        "baseline_on": dt.date(2023, 12, 31),
        "target_value": Decimal(4000),
        "deadline": NEXT_YEAR,
    }
    values.update(changes)
    return kpi_add(**values)  # type: ignore[arg-type]


def _progress(initiative: Initiative) -> selectors.Progress:
    with translation.override("fr"):  # the dataset's title in the source is localised
        return selectors.kpi_progress(initiative.kpis.all(), "MA-03")[0].progress


def test_it_computes_progress_from_the_published_value(initiative: Initiative) -> None:
    _kpi(initiative)
    progress = _progress(initiative)
    assert progress.current == Decimal(2500) and progress.period == "2024"
    assert progress.percent == 25.0  # (2500 − 2000) / (4000 − 2000)
    assert progress.source == "Emplois v1"
    assert [p.period for p in progress.trend] == ["2023", "2024"]


def test_it_recomputes_when_a_new_version_is_published(
    initiative: Initiative, jobs: Dataset
) -> None:
    _kpi(initiative)
    publish(jobs, {"2023": 2000, "2024": 2500, "2025": 3500})
    progress = _progress(initiative)
    assert progress.current == Decimal(3500) and progress.percent == 75.0
    assert progress.source == "Emplois v2"


def test_it_ignores_a_draft_version(initiative: Initiative, jobs: Dataset) -> None:
    _kpi(initiative)
    csv = b"indicator,territory,period,value\noffshoring-jobs,MA-03,2025,3900\n"
    observatory.dataset_import(
        observatory.ImportRequest(dataset=jobs, source=csv, file_name="draft.csv")
    )
    assert _progress(initiative).current == Decimal(2500)


def test_it_shows_progress_and_version_on_the_pages(client: Client, initiative: Initiative) -> None:
    _kpi(initiative)
    page = client.get(f"/en/programme/initiatives/{initiative.pk}/").content.decode()
    assert "25%" in page and "Jobs v1" in page  # English writes no space before %
    body = client.get("/api/programme/regions/MA-03").json()
    kpi = body["initiatives"][0]["kpis"][0]
    assert kpi["progress_percent"] == 25.0 and kpi["dataset_version"] in ("Emplois v1", "Jobs v1")
    assert body["convention"]["status"] == "signed" and body["convention"]["signed_on"] is None


@pytest.mark.parametrize(
    ("changes", "code", "words"),
    [
        ({"indicator": "english-literacy"}, "indicator_without_data", "no published value"),
        ({"deadline": dt.date(2024, 1, 1)}, "deadline_in_past", "in the past"),
        (
            {"baseline_on": dt.date(2030, 1, 1), "deadline": NEXT_YEAR},
            "deadline_before_baseline",
            "before the baseline",
        ),
        ({"target_value": Decimal(2000)}, "target_equals_baseline", "equals the baseline"),
    ],
)
def test_it_refuses_a_kpi_that_could_not_be_measured(
    initiative: Initiative, changes: dict[str, object], code: str, words: str
) -> None:
    if "indicator" in changes:
        changes = {**changes, "indicator": Indicator.objects.get(code=changes["indicator"])}
    with translation.override("en"), pytest.raises(InvalidInput) as refused:
        _kpi(initiative, **changes)
    assert refused.value.code == code and words in str(refused.value.message)
    assert not Kpi.objects.exists()


def test_it_shows_a_refusal_on_the_form_in_the_users_language(
    client: Client, officer: User, initiative: Initiative
) -> None:
    client.force_login(officer)
    response = client.post(
        f"/ar/programme/initiatives/{initiative.pk}/kpis/new/",
        {
            "indicator": Indicator.objects.get(code=INDICATOR).pk,
            "baseline_value": "2000",
            "baseline_on": "2023-12-31",
            "target_value": "4000",
            "deadline": "2020-01-01",
        },
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not Kpi.objects.exists()


def test_it_measures_the_online_share_of_procedures(initiative: Initiative) -> None:
    procedure_add(
        actor=None,
        initiative=initiative,
        name="Permis",
        channel_before=Channel.COUNTER,
        channel_after=Channel.ONLINE,
        volume_per_year=300,
    )
    procedure_add(
        actor=None,
        initiative=initiative,
        name="Attestation",
        channel_before=Channel.ONLINE,
        channel_after=Channel.ONLINE,
        volume_per_year=100,
    )
    initiative = selectors.initiative_get(initiative.pk)
    share = selectors.online_share(initiative.procedures.all())
    assert share is not None and share.baseline == 25 and share.current == 0  # not done yet
    Initiative.objects.filter(pk=initiative.pk).update(status=Initiative.Status.DONE)
    initiative = selectors.initiative_get(initiative.pk)
    share = selectors.online_share(initiative.procedures.all())
    assert share is not None and share.current == 100 and share.percent == 100.0
