"""Access rows of the what-if reforms (issue 12, item 9): staff read them by their link,
administrators describe and recompute them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiha.reforms.models import Reform
from tests.security.access import ADMIN, STAFF, Access

ROWS = {
    "reforms:list": Access("/reforms/", STAFF),
    "reforms:detail": Access("/reforms/{reform}/", STAFF),
    "reforms:recompute": Access("/reforms/{reform}/recompute/", ADMIN, method="POST"),
    "reforms:export": Access("/reforms/{reform}/export.csv", STAFF),
    "api:reforms": Access("/api/reforms", STAFF),
    "api:reform": Access("/api/reforms/{reform}", STAFF),
}


def populate(world: Any) -> None:
    reform = Reform.objects.create(
        name="Matrix",
        kind=Reform.Kind.PARAMETER,
        start=dt.date(2026, 1, 1),
        parameter="offer_2025.employment_bonus.rate",
        value=0.2,
        created_by=world.users["administrator"],
    )
    world.values["reform"] = reform.pk
