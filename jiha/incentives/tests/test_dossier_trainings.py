"""Training-reimbursement dossiers: lines typed on the page, remote trainings reimbursed from
circular 22/2020's transitional period, each employee's ceiling applied once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from jiha.accounts.models import User
from jiha.incentives import services
from jiha.incentives.engine_io import _cache
from jiha.incentives.models import Dossier
from jiha.incentives.tests.conftest import training_line

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
MakeDossier = Callable[..., Dossier]


@pytest.fixture
def known_ceiling(administrator: User) -> None:
    """A test value for the IT-engineer ceiling, which our sources leave to be confirmed."""
    _cache["version"] = None  # ids restart after a rolled-back test: rebuild the rules
    services.parameter_value_add(
        actor=administrator,
        parameter="offer_2006.training_aid.per_profile.it_engineer",
        start=dt.date(2007, 1, 1),
        raw_value="20000",
        reference="Test value (synthetic), not a legal figure",
        confidence="secondary",
    )


def _lines_form(dossier: Dossier, lines: list[dict[str, str]]) -> dict[str, object]:
    form: dict[str, object] = {
        "version": dossier.version,
        "period_start": "2022-01-01",
        "period_end": "2022-12-31",
        "activity": "ITO",
        "park": "fes_shore",
        "lines-TOTAL_FORMS": str(len(lines) + 1),
        "lines-INITIAL_FORMS": "0",
    }
    for i, line in enumerate(lines):
        form.update({f"lines-{i}-{k}": v for k, v in line.items()})
    return form


LINE = {
    "employee": "Salma B.",
    "profile": "it_engineer",
    "hire_date": "2022-03-01",
    "programme": "Cloud fundamentals",
    "provider": "Institut Fès Digital",
    "start_date": "2022-09-01",
    "hours": "40",
    "cost": "12000",
    "modality": "remote",
    "attendance_proof": "connection log",
}


def test_it_reimburses_a_remote_training_since_circular_22_2020(
    client: Client, applicant: User, make_dossier: MakeDossier, known_ceiling: None
) -> None:
    dossier = make_dossier("draft", scheme="training-aid-2006")
    client.force_login(applicant)
    second = {**LINE, "programme": "Security basics", "cost": "15000", "modality": "in_person"}
    response = client.post(
        f"/incentives/dossiers/{dossier.pk}/edit/", _lines_form(dossier, [LINE, second])
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    dossier.refresh_from_db()
    assert dossier.training_lines.count() == 2
    # 12,000 remote + 15,000 in person for one employee, capped at the 20,000 ceiling.
    assert dossier.computed_amount == Decimal("20000.00")
    page = client.get(f"/incentives/dossiers/{dossier.pk}/").content.decode()
    assert "20000.00 MAD" in page and "Security basics" in page


def test_it_does_not_reimburse_a_remote_training_before_2021(
    applicant: User, make_dossier: MakeDossier, known_ceiling: None
) -> None:
    dossier = make_dossier("draft", scheme="training-aid-2006")
    changed = services.dossier_update(
        actor=applicant,
        dossier_id=dossier.pk,
        version=dossier.version,
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2020, 12, 31),
        training_lines=[
            training_line(hire_date=dt.date(2020, 1, 6), start_date=dt.date(2020, 6, 1))
        ],
    )
    assert changed.computed_amount == Decimal("0.00")
