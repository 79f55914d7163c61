"""Writes of the reforms: save a reform (administrators), evaluate it (its result only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import User
from jiha.accounts.permissions import is_administrator
from jiha.incentives import engine_io
from jiha.incentives import services as incentives
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.reforms import selectors
from jiha.reforms.evaluation import reform_result
from jiha.reforms.models import Reform
from jiha.regions import selectors as regions

# A bonus per hire typed by an administrator: at most this many MAD (a typing error guard).
BONUS_CEILING = Decimal("10000000")


def _check_administrator(actor: Any) -> None:
    if not is_administrator(actor):
        raise PermissionDenied(_("Only programme administrators can describe a reform."))


def _parameter_value(parameter: str, raw_value: str) -> Any:
    units = {choice.name: choice.unit for choice in selectors.numeric_parameters()}
    if parameter not in units:
        raise InvalidInput(
            _("Choose a numeric legal parameter of the law in force."), code="bad_parameter"
        )
    value = incentives.parse_parameter_value(units[parameter], raw_value)
    if value is None:
        raise InvalidInput(_("Give the parameter's new value."), code="bad_value")
    return value


def _bonus(raw_amount: Any, bonus_regions: Sequence[str]) -> tuple[Decimal, list[str]]:
    try:
        amount = Decimal(str(raw_amount).replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        amount = Decimal(-1)
    if not amount.is_finite() or not Decimal(0) < amount <= BONUS_CEILING:
        raise InvalidInput(
            _("The bonus per hire is an amount in dirhams, above 0 and at most %(ceiling)s.")
            % {"ceiling": BONUS_CEILING},
            code="bad_amount",
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise InvalidInput(_("An amount has at most 2 decimal places."), code="bad_amount")
    known = set(regions.region_codes())
    chosen = sorted(set(bonus_regions))
    if not chosen or not set(chosen) <= known:
        raise InvalidInput(_("Choose at least one region of the list."), code="bad_regions")
    return amount, chosen


@transaction.atomic
def reform_create(
    *,
    actor: User,
    name: str,
    kind: str,
    start: dt.date,
    description: str = "",
    parameter: str = "",
    raw_value: str = "",
    bonus_amount: Any = None,
    bonus_regions: Sequence[str] = (),
) -> Reform:
    """Save a reform and evaluate it. It changes no law and no dossier: only itself."""
    _check_administrator(actor)
    if not name.strip():
        raise InvalidInput(_("Give the reform a name."), code="name_required")
    reform = Reform(
        name=name.strip(), description=description.strip(), kind=kind, start=start, created_by=actor
    )
    if kind == Reform.Kind.PARAMETER:
        reform.parameter = parameter
        reform.value = _parameter_value(parameter, raw_value)
    elif kind == Reform.Kind.REGIONAL_BONUS:
        reform.bonus_amount, reform.bonus_regions = _bonus(bonus_amount, bonus_regions)
    else:
        raise InvalidInput(_("Unknown kind of reform."), code="bad_kind")
    reform.save()
    return reform_evaluate(actor=actor, reform=reform)


@transaction.atomic
def reform_evaluate(*, actor: User, reform: Reform) -> Reform:
    """Compute the reform against the law in force now, and keep the result on the reform."""
    _check_administrator(actor)
    reform.result = reform_result(reform)
    reform.evaluated_at = timezone.now()
    reform.legislation_version = engine_io.legislation_version()
    reform.save(update_fields=["result", "evaluated_at", "legislation_version"])
    return reform
