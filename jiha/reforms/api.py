"""HTTP API of the what-if reforms (staff in a confirmed session; administrators create)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from jiha.accounts.models import User
from jiha.accounts.permissions import API_AUTH
from jiha.lib.apitypes import Cost
from jiha.lib.errors import PermissionDenied
from jiha.reforms import selectors, services
from jiha.reforms.models import Reform

router = Router()


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not selectors.may_see_reforms(user):
        raise PermissionDenied()
    return user


class ReformIn(Schema):
    name: str
    description: str = ""
    kind: Reform.Kind
    start: dt.date
    parameter: str = ""
    value: str = ""
    bonus_amount: Cost | None = None
    bonus_regions: list[str] = []


class ReformOut(Schema):
    id: int
    name: str
    description: str
    kind: str
    start: dt.date
    parameter: str
    value: Any
    bonus_amount: Decimal | None
    bonus_regions: list[str]
    evaluated_at: dt.datetime | None
    legislation_version: int | None
    result: dict[str, Any] | None


@router.get(
    "", auth=API_AUTH, response=list[ReformOut], url_name="reforms", summary="Saved what-if reforms"
)
def reform_list(request: HttpRequest) -> list[Reform]:
    _staff(request)
    return list(selectors.reform_list())


@router.post(
    "",
    auth=API_AUTH,
    response={201: ReformOut},
    url_name="reforms",
    summary="Describe a reform and compute it",
)
def reform_create(request: HttpRequest, data: ReformIn) -> Status[Reform]:
    """A new dated value of a numeric legal parameter (`kind` = `parameter`, `parameter`,
    `value`), or a bonus per hire in chosen regions (`regional_bonus`, `bonus_amount` in MAD,
    `bonus_regions`), from `start`. Computed at once against the law in force over every
    activity report and filed dossier; changes neither the law nor any dossier.
    Administrators only."""
    reform = services.reform_create(
        actor=_staff(request),
        name=data.name,
        description=data.description,
        kind=data.kind,
        start=data.start,
        parameter=data.parameter,
        raw_value=data.value,
        bonus_amount=data.bonus_amount,
        bonus_regions=data.bonus_regions,
    )
    return Status(201, reform)


@router.get(
    "/{reform_id}",
    auth=API_AUTH,
    response=ReformOut,
    url_name="reform",
    summary="A reform and its result by region",
)
def reform_get(request: HttpRequest, reform_id: int) -> Reform:
    _staff(request)
    return selectors.reform_get(reform_id)
