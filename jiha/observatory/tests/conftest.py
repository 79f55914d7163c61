from __future__ import annotations

import pytest
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.observatory.models import Dataset
from jiha.observatory.services import indicators_upsert
from jiha.regions.models import Confidence


@pytest.fixture
def indicators(reference: None) -> None:
    indicators_upsert()


@pytest.fixture
def dataset(indicators: None) -> Dataset:
    return Dataset.objects.create(
        slug="fes-labour",
        title_fr="Emploi Fès",
        title_ar="الشغل فاس",
        title_en="Fes labour",
        publisher="Antenne Fès-Meknès",
        licence="Licence ouverte",
        theme="labour",
        confidence=Confidence.OFFICIAL,
    )


@pytest.fixture
def analyst_client(client: Client, analyst: User, dataset: Dataset) -> Client:
    """The programme analyst, signed in with a session confirmed by TOTP (staff powers on)."""
    force_login_confirmed(client, analyst)
    return client
