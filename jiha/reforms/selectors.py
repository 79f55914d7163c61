"""Reads of the reforms: saved reforms, and the parameters a reform may change."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from jiha.accounts.models import STAFF_ROLES
from jiha.accounts.permissions import is_active_superuser, user_roles
from jiha.incentives import selectors as incentives
from jiha.lib.errors import NotFound
from jiha.reforms.models import Reform

# Units of the legal parameters a reform may give a new value (numbers, not lists or dates).
NUMERIC_UNITS = frozenset({"/1", "currency-MAD", "year", "month", "job"})


@dataclass(frozen=True)
class ParameterChoice:
    name: str
    description: str
    unit: str
    current: object


def numeric_parameters() -> list[ParameterChoice]:
    """Every numeric legal parameter of the law in force, with its value today."""
    return [
        ParameterChoice(
            row.parameter.name,
            row.parameter.description,
            row.parameter.unit,
            row.current.value if row.current else None,
        )
        for row in incentives.parameter_rows()
        if row.parameter.unit in NUMERIC_UNITS
    ]


def reform_list() -> QuerySet[Reform]:
    return Reform.objects.select_related("created_by").order_by("-created_at")


def reform_get(reform_id: int) -> Reform:
    reform = Reform.objects.select_related("created_by").filter(pk=reform_id).first()
    if reform is None:
        raise NotFound(_("There is no such reform."), code="unknown_reform")
    return reform


def may_see_reforms(user: object) -> bool:
    """Staff (reviewer, analyst, administrator) in a confirmed session: reforms are internal."""
    return bool(user_roles(user) & STAFF_ROLES) or is_active_superuser(user)
