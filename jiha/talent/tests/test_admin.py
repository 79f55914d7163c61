"""Administrators edit the taxonomy in the admin (TOTP-confirmed session)."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.talent.models import Occupation

pytestmark = pytest.mark.django_db


def test_it_lets_an_administrator_edit_skills_and_occupations(
    client: Client, administrator: User, applicant: User
) -> None:
    occupation = Occupation.objects.get(code="data-analyst")
    force_login_confirmed(client, administrator)
    assert client.get("/admin/talent/skill/?q=python").status_code == 200
    page = client.get(f"/admin/talent/occupation/{occupation.pk}/change/")
    assert page.status_code == 200 and "Analyse de données" in page.content.decode()
    other = Client()
    other.force_login(applicant)
    assert other.get("/admin/talent/skill/").status_code != 200
