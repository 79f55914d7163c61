"""What-if reforms that add a rule: a regional bonus per hire. Framework-free.

A reform that only changes a parameter's value needs nothing here
(``Legislation.reform(parameters=...)``). A regional bonus is a new scheme: an amount per
employee hired, from the reform's start, by a company in one of the chosen regions. Its amount
and regions are parameters of the reformed legislation (so explanations show them, with the
reform as their source); they are what the administrator typed, never a legal figure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal

import numpy as np

from jiha.engines.rules import (
    DatedValue,
    FormulaContext,
    Legislation,
    Parameter,
    ParameterTree,
    Variable,
)
from jiha.engines.rules.types import IntArray
from jiha.legislation.dates import one_of

BONUS = "reform_regional_bonus"
BONUS_TOTAL = "reform_regional_bonus_total"
AMOUNT = "reform.regional_bonus.amount"
REGIONS = "reform.regional_bonus.regions"


def _bonus_formula(since: dt.date) -> Callable[[FormulaContext], IntArray]:
    def bonus(ctx: FormulaContext) -> IntArray:
        """The bonus of each employee hired in the period, from the reform's start, by a
        company of a chosen region (paid once, in the hiring year)."""
        if not ctx.has(AMOUNT):
            return np.zeros(ctx.count, dtype=np.int64)
        hire = ctx("hire_date")
        start = max(np.datetime64(ctx.period.start.isoformat(), "D"), np.datetime64(since, "D"))
        stop = np.datetime64(ctx.period.stop.isoformat(), "D")
        hired = ~np.isnat(hire) & (hire >= start) & (hire <= stop)
        in_region = ctx.from_parent(one_of(ctx("region"), list(ctx.param(REGIONS, []))))
        result: IntArray = np.where(hired & in_region, ctx.money(AMOUNT), 0).astype(np.int64)
        return result

    return bonus


def _bonus_total(ctx: FormulaContext) -> IntArray:
    result: IntArray = ctx.sum_children("employee", ctx(BONUS)).astype(np.int64)
    return result


def _total_with_bonus(ctx: FormulaContext) -> IntArray:
    result: IntArray = (
        ctx("employment_bonus_total")
        + ctx("training_bonus_total")
        + ctx("training_aid_total")
        + ctx("is_support")
        + ctx("charter_bonus")
        + ctx(BONUS_TOTAL)
    )
    return result


def with_regional_bonus(
    legislation: Legislation,
    *,
    name: str,
    start: dt.date,
    amount: Decimal,
    regions: Sequence[str],
) -> Legislation:
    """``legislation`` plus a bonus of ``amount`` MAD per hire from ``start`` in ``regions``.

    >>> from jiha.legislation import build_legislation
    >>> reformed = with_regional_bonus(build_legislation(), name="r", start=dt.date(2026, 1, 1),
    ...                                amount=Decimal(5000), regions=["MA-03"])
    >>> reformed.parameters[AMOUNT].at(dt.date(2026, 6, 1)).value
    5000.0
    """
    source = f"Reform {name} (amount typed by an administrator: not a legal figure)"

    # Dated from the 1st of January of the start's year: yearly results read parameters on that
    # day; the formula itself counts hires from ``start`` only.
    in_force = dt.date(start.year, 1, 1)

    def parameter(key: str, description: str, unit: str, value: object) -> Parameter:
        dated = DatedValue(in_force, value, source, "to_confirm")
        return Parameter(key, description, unit, (dated,))

    parameters = dict(legislation.parameters.parameters)
    parameters[AMOUNT] = parameter(AMOUNT, "Regional bonus per hire", "currency-MAD", float(amount))
    parameters[REGIONS] = parameter(REGIONS, "Regions of the bonus", "list", sorted(regions))
    reformed = legislation.reform(
        name,
        variables=[
            Variable(
                BONUS,
                "employee",
                "money",
                "Regional bonus per hire (reform)",
                source,
                {dt.date.min: _bonus_formula(start)},
            ),
            Variable(
                BONUS_TOTAL,
                "company",
                "money",
                "Regional bonuses of the company (reform)",
                source,
                {dt.date.min: _bonus_total},
            ),
            Variable(
                "total_incentives",
                "company",
                "money",
                "All incentives paid or granted in the year (with the reform's bonus)",
                formulas={dt.date.min: _total_with_bonus},
            ),
        ],
    )
    return replace(reformed, parameters=ParameterTree(parameters))
