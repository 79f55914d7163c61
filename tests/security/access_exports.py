"""Access rows of the exports of dossiers (issue 12, item 8): whoever asked for an export alone
follows and downloads it; staff may export every dossier, a company its own."""

from __future__ import annotations

from typing import Any

from jiha.exports import services
from tests.security.access import SIGNED_IN, Access

OWNER = frozenset({"applicant_a"})

ROWS = {
    "exports:list": Access("/exports/", SIGNED_IN),
    "exports:detail": Access("/exports/{export_a}/", OWNER),
    "exports:download": Access("/exports/{export_a}/download/", OWNER),
    "api:export_create": Access("/api/exports", SIGNED_IN, method="POST", json=True),
    "api:export": Access("/api/exports/{export_a}", OWNER),
    "api:export_download": Access("/api/exports/{export_a}/download", OWNER),
}


def populate(world: Any) -> None:
    applicant = world.users["applicant_a"]
    export = services.export_request(
        actor=applicant, fmt="csv", organisation=applicant.memberships.get().organisation
    )
    world.values["export_a"] = export.pk
