"""Conventions and antennas are kept in the admin site; each change goes to the audit log."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.audit.selectors import history_of
from jiha.programme.models import Antenna, Initiative
from jiha.regions.models import Region

pytestmark = pytest.mark.django_db


def test_it_audits_an_antenna_added_in_the_admin(
    client: Client, administrator: User, initiative: Initiative
) -> None:
    administrator.is_staff = True
    administrator.save()
    force_login_confirmed(client, administrator)
    region = Region.objects.get(code="MA-03")
    response = client.post(
        "/admin/programme/antenna/add/",
        {"region": region.pk, "name": "Antenne Fès", "contact": "antenne@example.ma", "source": ""},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    antenna = Antenna.objects.get()
    entries = list(history_of(antenna))
    assert [e.action for e in entries] == ["programme.antenna.create"]
    assert entries[0].after is not None and entries[0].after["name"] == "Antenne Fès"
