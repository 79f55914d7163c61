"""Access rows of the regional programme (issue 13): everyone reads the programme and its
published progress; a region's officers and the programme office change it; the history of
changes is for the same editors. The world's officer belongs to Fès-Meknès (MA-03), where
the initiative below is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from jiha.programme.models import FactSheet, Initiative, Milestone, Workstream
from jiha.regions.models import Region
from tests.security.access import EVERYONE, Access

EDITORS = frozenset({"officer", "analyst", "administrator"})
# A valid body, so that the request reaches the permission check (not the schema's 422).
INITIATIVE: dict[str, object] = {
    "workstream": "digital",
    "title": "x",
    "objective": "x",
    "starts_on": "2026-01-01",
    "ends_on": "2027-01-01",
    "owner": "x",
}

ROWS: dict[str, Access] = {
    "programme:overview": Access("/programme/", EVERYONE),
    "programme:region": Access("/programme/regions/MA-03/", EVERYONE),
    "programme:initiative": Access("/programme/initiatives/{initiative}/", EVERYONE),
    "programme:factsheet": Access("/programme/regions/MA-03/factsheet-fr.pdf", EVERYONE),
    "programme:initiative_new": Access("/programme/regions/MA-03/initiatives/new/", EDITORS),
    "programme:initiative_edit": Access("/programme/initiatives/{initiative}/edit/", EDITORS),
    "programme:history": Access("/programme/initiatives/{initiative}/history/", EDITORS),
    "programme:kpi_new": Access("/programme/initiatives/{initiative}/kpis/new/", EDITORS),
    "programme:procedure_new": Access(
        "/programme/initiatives/{initiative}/procedures/new/", EDITORS
    ),
    "programme:milestone_new": Access(
        "/programme/initiatives/{initiative}/milestones/new/", EDITORS
    ),
    "programme:milestone_complete": Access(
        "/programme/milestones/{milestone}/done/", EDITORS, method="POST"
    ),
    "programme:factsheets_request": Access(
        "/programme/regions/MA-03/factsheets/", EDITORS, method="POST"
    ),
    "api:list_conventions": Access("/api/programme/regions", EVERYONE),
    "api:region_programme": Access("/api/programme/regions/MA-03", EVERYONE),
    "api:factsheet": Access("/api/programme/regions/MA-03/factsheet?lang=fr", EVERYONE),
    "api:factsheets_request": Access(
        "/api/programme/regions/MA-03/factsheets",
        EDITORS,
        method="POST",
        json=True,
    ),
    "api:complete_milestone": Access(
        "/api/programme/milestones/{milestone}/done", EDITORS, method="POST", json=True
    ),
    "api:get_initiative": Access("/api/programme/initiatives/{initiative}", EVERYONE),
    "api:create_initiative": Access(
        "/api/programme/regions/MA-03/initiatives",
        EDITORS,
        method="POST",
        json=True,
        data=INITIATIVE,
    ),
    "api:update_initiative": Access(
        "/api/programme/initiatives/{initiative}", EDITORS, method="PUT", json=True, data=INITIATIVE
    ),
    "api:create_kpi": Access(
        "/api/programme/initiatives/{initiative}/kpis",
        EDITORS,
        method="POST",
        json=True,
        data={
            "indicator": "population",
            "baseline_value": 1,
            "baseline_on": "2024-01-01",
            "target_value": 2,
            "deadline": "2099-01-01",
        },
    ),
    "api:create_procedure": Access(
        "/api/programme/initiatives/{initiative}/procedures",
        EDITORS,
        method="POST",
        json=True,
        data={
            "name": "x",
            "channel_before": "counter",
            "channel_after": "online",
            "volume_per_year": 1,
        },
    ),
    "api:create_milestone": Access(
        "/api/programme/initiatives/{initiative}/milestones",
        EDITORS,
        method="POST",
        json=True,
        data={"title": "x", "due_on": "2027-01-01"},
    ),
}


def populate(world: Any) -> None:
    region = Region.objects.get(code="MA-03")
    initiative = Initiative.objects.create(
        region=region,
        workstream=Workstream.objects.get(code="digital"),
        title="Matrix initiative",
        objective="x",
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2027, 1, 1),
        owner="x",
        synthetic=True,
    )
    FactSheet.objects.create(
        region=region,
        language="fr",
        status=FactSheet.Status.DONE,
        pdf=b"%PDF-1.7 matrix",
        finished_at=timezone.now(),
    )
    world.values["initiative"] = initiative.pk
    world.values["milestone"] = Milestone.objects.create(
        initiative=initiative, title="x", due_on=dt.date(2026, 6, 1)
    ).pk
