"""The offshoring incentives as formulas. Framework-free: only numpy and the rules engine.

Money is int64 centimes; rates are applied exactly (``apply_ppm``). Every number and date comes
from a parameter in ``parameters/`` with its source; nothing here is a legal amount or date.
The date a scheme's formulas come into force is the first dated value of one of its parameters.

A scheme's window decides who qualifies (hiring date, joining date); the payments it opened then
run to their end, after the scheme closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from jiha.engines.rules import (
    FormulaContext,
    ParameterTree,
    Variable,
    apply_ppm,
    load_parameters,
    rate_to_ppm,
    to_centimes,
)
from jiha.engines.rules.money import round_ppm_products
from jiha.engines.rules.types import AnyArray, BoolArray, DateArray, IntArray
from jiha.legislation import PARAMETERS_DIR
from jiha.legislation.dates import add_months, one_of, shift_months, split, year_of
from jiha.legislation.vocabulary import NO_PARK, PROFILES

_PACKAGED = load_parameters(PARAMETERS_DIR)


def in_force_from(parameter: str) -> dt.date:
    """When the rules that read ``parameter`` start: its first dated value, with its source.

    >>> in_force_from("offer_2025.start")
    datetime.date(2025, 7, 1)
    """
    return _PACKAGED[parameter].values[0].start


ALWAYS = dt.date.min  # formulas with no date of their own (totals, links between entities)
OFFER_2006 = in_force_from("offer_2006.ir_cap_rate")
TRAINING_AID = in_force_from("offer_2006.training_aid.years")
CORPORATE_TAX = in_force_from("corporate_tax.exporter_rate")
OFFER_2025 = in_force_from("offer_2025.start")
CHARTER = in_force_from("investment_charter.cap")
INCOME_TAX = in_force_from("income_tax.salary_scale.rates")
variables: list[Variable] = []


F = TypeVar("F", bound=Callable[[FormulaContext], AnyArray])


def variable(
    name: str, entity: str, kind: str, label: str, reference: str = "", since: dt.date = ALWAYS
) -> Callable[[F], F]:
    """Register a formula (decorator)."""

    def register(formula: F) -> F:
        variables.append(Variable(name, entity, kind, label, reference, {since: formula}))
        return formula

    return register


def inputs(entity: str, specs: list[tuple[str, str, str]]) -> None:
    for name, kind, label in specs:
        default = "" if kind == "str" else False if kind == "bool" else 0
        variables.append(Variable(name, entity, kind, label, default=default))


inputs(
    "company",
    [
        ("region", "str", "Region (ISO code, MA-01 … MA-12)"),
        ("park", "str", "Offshoring park (a code of vocabulary.parks)"),
        ("activity", "str", "Activity line (a code of vocabulary.activities)"),
        ("charter_zone", "str", "Investment Charter zone of the province (A, B, or unknown)"),
        ("profit", "money", "Annual taxable profit"),
        ("investment", "money", "Investment programme"),
        ("investment_date", "date", "Date of the investment"),
        ("planned_jobs", "int", "Stable jobs the investment creates"),
        ("offer_2025_join_date", "date", "Date the company joined the 2025 offer"),
    ],
)
inputs(
    "employee",
    [
        ("profile", "str", "Profile (a code of vocabulary.profiles)"),
        ("gross_annual_salary", "money", "Annual gross taxable income"),
        ("hire_date", "date", "Hiring date"),
        ("exit_date", "date", "Leaving date, if any"),
        ("permanent", "bool", "Permanent contract"),
        ("moroccan", "bool", "Moroccan national"),
    ],
)
inputs(
    "training",
    [
        ("hours", "float", "Training hours"),
        ("cost", "money", "Training cost"),
        ("modality", "str", "Modality (in_person or remote)"),
        ("start_date", "date", "Training start date"),
    ],
)


def _in_period(ctx: FormulaContext, dates: AnyArray) -> BoolArray:
    start = np.datetime64(ctx.period.start.isoformat(), "D")
    stop = np.datetime64(ctx.period.stop.isoformat(), "D")
    result: BoolArray = (dates >= start) & (dates <= stop)
    return result


def _hire_parts(ctx: FormulaContext) -> tuple[IntArray, IntArray, IntArray, BoolArray]:
    """The hiring dates split into year, month, day (computed once per simulation)."""
    cache: dict[int, tuple[IntArray, IntArray, IntArray, BoolArray]] = ctx.scratch
    hire = ctx("hire_date")
    key = id(hire)
    if key not in cache:
        cache[key] = split(hire)
    return cache[key]


def _still_employed(ctx: FormulaContext, on: AnyArray) -> BoolArray:
    exit_date = ctx("exit_date")
    result: BoolArray = np.isnat(exit_date) | (exit_date >= on)
    return result


def _yearly_payment(
    ctx: FormulaContext, first_after_months: int, payments: int
) -> tuple[BoolArray, DateArray]:
    """Which members have a payment of a yearly schedule due in the period, and its date.

    The k-th payment (k = 0, 1, …, ``payments`` − 1) is due ``first_after_months`` + 12 k months
    after hiring, whatever the period's year: a right opened stays open once a scheme closes.
    """
    parts = _hire_parts(ctx)
    year, month, _, missing = parts
    k = ctx.period.year - (year + (month - 1 + first_after_months) // 12)
    due = shift_months(parts, first_after_months + 12 * np.clip(k, 0, max(payments - 1, 0)))
    paid: BoolArray = (k >= 0) & (k < payments) & _in_period(ctx, due) & ~missing
    return paid, due


def _offer_2025_open(ctx: FormulaContext) -> bool:
    """Whether the period overlaps the 2025 offer's window (it takes companies and hires)."""
    start, end = ctx.date("offer_2025.start"), ctx.date("offer_2025.end")
    period_start = np.datetime64(ctx.period.start.isoformat(), "D")
    return bool(period_start <= end and np.datetime64(ctx.period.stop.isoformat(), "D") >= start)


def _offer_2025_join_date(ctx: FormulaContext) -> DateArray:
    """The date each company joined the 2025 offer (its first day when not given)."""
    joined: DateArray = ctx("offer_2025_join_date")
    return np.where(np.isnat(joined), ctx.date("offer_2025.start"), joined)


# --- Offre Offshoring Maroc 2025 ------------------------------------------------------------
@variable(
    "offer_2025_company",
    "company",
    "bool",
    "Company covered by the 2025 offer",
    "Offre Offshoring Maroc 2025",
    since=OFFER_2025,
)
def offer_2025_company(ctx: FormulaContext) -> BoolArray:
    """An activity line the offer covers, joined while the offer was open. This does not lapse
    when the offer closes: the payments it opened run to their end."""
    joined = _offer_2025_join_date(ctx)
    in_window = (joined >= ctx.date("offer_2025.start")) & (joined <= ctx.date("offer_2025.end"))
    activity = one_of(ctx("activity"), ctx.param("offer_2025.activities", []))
    result: BoolArray = activity & in_window
    return result


@variable(
    "offer_2025_new_hire",
    "employee",
    "bool",
    "Hired under the 2025 offer",
    "Offre Offshoring Maroc 2025",
    since=OFFER_2025,
)
def offer_2025_new_hire(ctx: FormulaContext) -> BoolArray:
    hire = ctx("hire_date")
    window = (hire >= ctx.date("offer_2025.start")) & (hire <= ctx.date("offer_2025.end"))
    return window & ctx.from_parent(ctx("offer_2025_company"))


# The cap depends only on the company's location: computed on companies, then given to each
# employee (string comparisons on a million employees cost ~80 ms; on companies, nothing).
@variable(
    "ir_cap_rate_company",
    "company",
    "float",
    "Income-tax cap of the company's employees",
    since=OFFER_2006,
)
def ir_cap_rate_2006(ctx: FormulaContext) -> AnyArray:
    in_park = ~one_of(ctx("park"), ["", NO_PARK])
    return np.where(in_park, float(ctx.param("offer_2006.ir_cap_rate", 0) or 0), 0.0)


def ir_cap_rate_2025(ctx: FormulaContext) -> AnyArray:
    park, region = ctx("park"), ctx("region")
    premium = one_of(park, ctx.param("offer_2025.ir_cap.premium_parks", []))
    shore = one_of(park, ctx.param("offer_2025.ir_cap.shore_parks", []))
    shore |= ~one_of(region, ctx.param("offer_2025.ir_cap.regions_with_park", []))
    if ctx.param("offer_2025.ir_cap.shore_rate_outside_parks", False):
        shore |= one_of(park, ["", NO_PARK])
    park_rate = float(ctx.param("offer_2025.ir_cap.park_rate"))
    shore_rate = float(ctx.param("offer_2025.ir_cap.shore_rate"))
    rate = np.where(premium, park_rate, np.where(shore, shore_rate, 0.0))
    applies = _offer_2025_open(ctx) or bool(ctx.param("offer_2025.ir_cap.after_offer_end", False))
    return np.where(ctx("offer_2025_company") & applies, rate, 0.0)


variables[-1].formulas[OFFER_2025] = ir_cap_rate_2025  # the 2025 offer replaces 2006


@variable("ir_cap_rate", "employee", "float", "Income-tax cap (share of gross taxable income)")
def ir_cap_rate(ctx: FormulaContext) -> AnyArray:
    return ctx.from_parent(ctx("ir_cap_rate_company"))


@variable("ir_capped_amount", "employee", "money", "Maximum income tax under the cap")
def ir_capped_amount(ctx: FormulaContext) -> IntArray:
    ppm = np.rint(ctx("ir_cap_rate") * 1_000_000).astype(np.int64)
    amount = apply_ppm(ctx("gross_annual_salary"), ppm)
    return np.where(ppm > 0, amount, 0)


# --- Ordinary income tax on salaries, and what the cap saves ----------------------------------
@variable(
    "professional_expenses",
    "employee",
    "money",
    "Flat deduction for professional expenses",
    "CGI art. 59-I-A",
    since=INCOME_TAX,
)
def professional_expenses(ctx: FormulaContext) -> IntArray:
    gross = ctx("gross_annual_salary")
    low = gross <= ctx.money("income_tax.professional_expenses.threshold")
    ppm = np.where(
        low,
        ctx.rate("income_tax.professional_expenses.rate"),
        ctx.rate("income_tax.professional_expenses.higher_rate"),
    )
    ceiling = ctx.money("income_tax.professional_expenses.ceiling")
    return np.minimum(apply_ppm(gross, ppm), ceiling)


@variable(
    "employee_social_contributions",
    "employee",
    "money",
    "Employee's social contributions (CNSS up to its ceiling, AMO on the whole salary)",
    "CNSS rates — cleiss.fr",
    since=INCOME_TAX,
)
def employee_social_contributions(ctx: FormulaContext) -> IntArray:
    gross = ctx("gross_annual_salary")
    # A yearly salary paid evenly over 12 months meets the monthly ceiling 12 times a year.
    ceiling = 12 * ctx.money("income_tax.social_contributions.cnss_monthly_ceiling")
    cnss = apply_ppm(
        np.minimum(gross, ceiling), ctx.rate("income_tax.social_contributions.cnss_rate")
    )
    amo = apply_ppm(gross, ctx.rate("income_tax.social_contributions.amo_rate"))
    return cnss + amo


@variable(
    "net_taxable_salary",
    "employee",
    "money",
    "Net taxable income (gross less professional expenses and social contributions)",
    "CGI art. 59",
    since=INCOME_TAX,
)
def net_taxable_salary(ctx: FormulaContext) -> IntArray:
    net = (
        ctx("gross_annual_salary")
        - ctx("professional_expenses")
        - ctx("employee_social_contributions")
    )
    result: IntArray = np.maximum(net, 0)
    return result


@variable(
    "ordinary_income_tax",
    "employee",
    "money",
    "Ordinary income tax on the salary (yearly scale, without any cap)",
    "CGI art. 73 — finance act 2025 scale",
    since=INCOME_TAX,
)
def ordinary_income_tax(ctx: FormulaContext) -> IntArray:
    """Each bracket's rate on the part of the yearly net taxable income inside it, summed
    exactly in centimes × parts per million and rounded once, half up (ADR 0019)."""
    bounds = ctx.param("income_tax.salary_scale.upper_bounds", None)
    rates = ctx.param("income_tax.salary_scale.rates", None)
    income = ctx("net_taxable_salary")
    if not bounds or not rates:
        return np.zeros(ctx.count, dtype=np.int64)
    uppers = [to_centimes(bound) for bound in bounds]
    lowers = [0, *uppers]
    numerator = np.zeros(ctx.count, dtype=np.int64)
    for index, rate in enumerate(rates):
        part = income - lowers[index]
        if index < len(uppers):
            part = np.minimum(part, uppers[index] - lowers[index])
        numerator += np.maximum(part, 0) * rate_to_ppm(rate)
    return round_ppm_products(numerator)


@variable(
    "income_tax_saving",
    "employee",
    "money",
    "Income-tax saving of the cap (ordinary tax less the capped tax)",
    "Offshoring offers — income-tax cap",
    since=INCOME_TAX,
)
def income_tax_saving(ctx: FormulaContext) -> IntArray:
    ordinary = ctx("ordinary_income_tax")
    capped = ctx("ir_capped_amount")
    return np.where(ctx("ir_cap_rate") > 0, np.maximum(ordinary - capped, 0), 0)


@variable(
    "income_tax_after_cap",
    "employee",
    "money",
    "Income tax due under the cap",
    "Offshoring offers — income-tax cap",
    since=INCOME_TAX,
)
def income_tax_after_cap(ctx: FormulaContext) -> IntArray:
    result: IntArray = ctx("ordinary_income_tax") - ctx("income_tax_saving")
    return result


@variable(
    "employment_bonus",
    "employee",
    "money",
    "Employment bonus (new permanent job held the minimum months)",
    "Offre Offshoring Maroc 2025 — expresstv, Nov 2025",
    since=OFFER_2025,
)
def employment_bonus(ctx: FormulaContext) -> IntArray:
    eligible = ctx("offer_2025_new_hire") & ctx("permanent")
    if not eligible.any():
        return np.zeros(ctx.count, dtype=np.int64)
    paid, due = _yearly_payment(
        ctx,
        int(ctx.param("offer_2025.employment_bonus.minimum_months")),
        int(ctx.param("offer_2025.employment_bonus.payments", 1)),
    )
    paid &= eligible & _still_employed(ctx, due)  # "held at least 18 months"
    bonus = apply_ppm(ctx("gross_annual_salary"), ctx.rate("offer_2025.employment_bonus.rate"))
    return np.where(paid, bonus, 0)


@variable(
    "training_bonus",
    "employee",
    "money",
    "Training bonus (new Moroccan hire, yearly at each hiring anniversary)",
    "Offre Offshoring Maroc 2025 — lavieeco 435101",
    since=OFFER_2025,
)
def training_bonus(ctx: FormulaContext) -> IntArray:
    eligible = ctx("offer_2025_new_hire") & ctx("moroccan")
    if not eligible.any():
        return np.zeros(ctx.count, dtype=np.int64)
    paid, due = _yearly_payment(
        ctx,
        12 * int(ctx.param("offer_2025.training_bonus.first_payment_after_years", 1)),
        int(ctx.param("offer_2025.training_bonus.years")),
    )
    paid &= eligible
    if ctx.param("offer_2025.training_bonus.requires_employment", True):
        paid &= _still_employed(ctx, due)
    bonus = apply_ppm(ctx("gross_annual_salary"), ctx.rate("offer_2025.training_bonus.rate"))
    return np.where(paid, bonus, 0)


@variable(
    "corporate_tax",
    "company",
    "money",
    "Corporate income tax (IS) before support",
    since=CORPORATE_TAX,
)
def corporate_tax(ctx: FormulaContext) -> IntArray:
    profit = np.maximum(ctx("profit"), 0)
    tax = apply_ppm(profit, ctx.rate("corporate_tax.exporter_rate"))
    if ctx.has("corporate_tax.large_profit_threshold"):
        large = profit >= ctx.money("corporate_tax.large_profit_threshold")
        if large.any():
            large_ppm = ctx.rate("corporate_tax.large_profit_rate")
            tax = np.where(large & (large_ppm > 0), apply_ppm(profit, large_ppm), tax)
    return tax


@variable(
    "is_support",
    "company",
    "money",
    "State support of the corporate tax (full during the exempt years, then a share)",
    "Offre Offshoring Maroc 2025 — lesechos 391442",
    since=OFFER_2025,
)
def is_support(ctx: FormulaContext) -> IntArray:
    covered = ctx("offer_2025_company")
    if not covered.any():
        return np.zeros(ctx.count, dtype=np.int64)
    years_in = ctx.period.year - year_of(_offer_2025_join_date(ctx))
    exempt_years = int(ctx.param("offer_2025.is_support.exempt_years"))
    exempt = covered & (years_in >= 0) & (years_in < exempt_years)
    share_paid = _offer_2025_open(ctx) or bool(
        ctx.param("offer_2025.is_support.share_after_offer_end", False)
    )
    after = covered & (years_in >= exempt_years) & share_paid
    tax = ctx("corporate_tax")
    share = apply_ppm(tax, ctx.rate("offer_2025.is_support.rate"))
    return np.where(exempt, tax, np.where(after, share, 0))


# --- Offre offshoring 2006: training aid (circular 22/2020 adds remote training) ---------------
@variable(
    "training_eligible_cost",
    "training",
    "money",
    "Training cost eligible for reimbursement (remote only once the circular allows it)",
    "Circular 22/2020",
    since=TRAINING_AID,
)
def training_eligible_cost(ctx: FormulaContext) -> IntArray:
    remote_ok = bool(ctx.param("offer_2006.training_aid.remote_training_eligible", False))
    modality = ctx("modality")
    eligible = (modality == "in_person") | ((modality == "remote") & remote_ok)
    return np.where(eligible & _in_period(ctx, ctx("start_date")), ctx("cost"), 0)


@variable(
    "training_aid_ceiling",
    "employee",
    "money",
    "Training aid ceiling for the profile",
    "Offre offshoring 2006 — ANAPEC manual annex",
    since=TRAINING_AID,
)
def training_aid_ceiling(ctx: FormulaContext) -> IntArray:
    profile = ctx("profile")
    ceiling = np.zeros(ctx.count, dtype=np.int64)
    for name in PROFILES.codes:
        mask = profile == name
        if mask.any():
            ceiling[mask] = ctx.money(f"offer_2006.training_aid.per_profile.{name}")
    return ceiling


@variable(
    "training_aid",
    "employee",
    "money",
    "Training aid (2006 offer): eligible training costs within the years after hiring, "
    "up to the profile's ceiling",
    "Offre offshoring 2006",
    since=TRAINING_AID,
)
def training_aid(ctx: FormulaContext) -> IntArray:
    hire = ctx("hire_date")
    covered = (hire <= ctx.date("offer_2006.training_aid.last_hire_date")) & ~np.isnat(hire)
    costs = ctx.sum_children("training", ctx("training_eligible_cost"))
    if not (covered & (costs > 0)).any():
        return np.zeros(ctx.count, dtype=np.int64)
    window_end = add_months(hire, 12 * int(ctx.param("offer_2006.training_aid.years")))
    within = np.datetime64(ctx.period.start.isoformat(), "D") < window_end
    return np.where(covered & within, np.minimum(costs, ctx("training_aid_ceiling")), 0)


# --- Investment Charter ---------------------------------------------------------------------
@variable(
    "charter_eligible",
    "company",
    "bool",
    "Eligible for the Investment Charter",
    "Law 03-22, decree 2.23.1 — medias24",
    since=CHARTER,
)
def charter_eligible(ctx: FormulaContext) -> BoolArray:
    jobs = ctx("planned_jobs")
    big = (ctx("investment") >= ctx.money("investment_charter.eligibility.min_investment")) & (
        jobs >= int(ctx.param("investment_charter.eligibility.min_jobs_with_investment"))
    )
    result: BoolArray = big | (
        jobs >= int(ctx.param("investment_charter.eligibility.min_jobs_alone"))
    )
    return result


@variable(
    "charter_bonus_rate",
    "company",
    "float",
    "Investment Charter bonus rate (territorial + sector, capped)",
    "Law 03-22, decree 2.23.1 — medias24",
    since=CHARTER,
)
def charter_bonus_rate(ctx: FormulaContext) -> AnyArray:
    zone = ctx("charter_zone")
    territorial = np.select(
        [zone == "A", zone == "B"],
        [
            float(ctx.param("investment_charter.territorial_bonus.zone_a")),
            float(ctx.param("investment_charter.territorial_bonus.zone_b")),
        ],
        0.0,
    )
    sector = np.where(
        one_of(ctx("activity"), ctx.param("investment_charter.sector_bonus_activities", [])),
        float(ctx.param("investment_charter.sector_bonus")),
        0.0,
    )
    rate: AnyArray = np.minimum(territorial + sector, float(ctx.param("investment_charter.cap")))
    return rate


@variable(
    "charter_bonus",
    "company",
    "money",
    "Investment Charter bonus (paid on the investment)",
    "Law 03-22, decree 2.23.1 — medias24",
    since=CHARTER,
)
def charter_bonus(ctx: FormulaContext) -> IntArray:
    eligible = ctx("charter_eligible") & _in_period(ctx, ctx("investment_date"))
    if (eligible & ~one_of(ctx("charter_zone"), ["A", "B"])).any():
        # The province's zone is not loaded yet: the territorial part is still to be confirmed.
        ctx.param("investment_charter.territorial_bonus.unknown_zone")
    ppm = np.rint(ctx("charter_bonus_rate") * 1_000_000).astype(np.int64)
    return np.where(eligible, apply_ppm(ctx("investment"), ppm), 0)


# --- Totals per company ---------------------------------------------------------------------
def _total(name: str, label: str) -> None:
    def formula(ctx: FormulaContext) -> IntArray:
        return ctx.sum_children("employee", ctx(name)).astype(np.int64)

    variables.append(
        Variable(f"{name}_total", "company", "money", label, formulas={ALWAYS: formula})
    )


_total("employment_bonus", "Employment bonuses of the company's employees")
_total("training_bonus", "Training bonuses of the company's employees")
_total("training_aid", "Training aid for the company's employees")
_total("income_tax_saving", "Income-tax saving of the company's employees")
_total("ordinary_income_tax", "Ordinary income tax of the company's employees")


@variable("total_incentives", "company", "money", "All incentives paid or granted in the year")
def total_incentives(ctx: FormulaContext) -> IntArray:
    return (
        ctx("employment_bonus_total")
        + ctx("training_bonus_total")
        + ctx("training_aid_total")
        + ctx("is_support")
        + ctx("charter_bonus")
    )


SCHEMES = {
    "employment_bonus_total": "offer_2025",
    "training_bonus_total": "offer_2025",
    "is_support": "offer_2025",
    "training_aid_total": "offer_2006",
    "charter_bonus": "investment_charter",
}


def _value_at(parameters: ParameterTree, name: str, day: dt.date) -> Any:
    dated = parameters[name].at(day)
    return None if dated is None else dated.value


def years_covered(parameters: ParameterTree) -> range:
    """The years a simulation answers for, from the parameters in force.

    From the first full year of the oldest scheme encoded (the 2006 offer; yearly results use the
    rules in force on 1 January) to the last year a right acquired under the 2025 offer can fall
    due: a hire on the offer's last day, paid on the schedule of each bonus, or a company joining
    on that day, through its exempt years.

    >>> years_covered(_PACKAGED)
    range(2007, 2036)
    """
    first = OFFER_2006.year + (OFFER_2006.timetuple().tm_yday > 1)
    end = dt.date.fromisoformat(str(_value_at(parameters, "offer_2025.end", OFFER_2025)))

    def months(*names: str) -> int:
        return sum(int(_value_at(parameters, f"offer_2025.{n}", end) or 0) for n in names)

    last_due_after_months = [
        months("employment_bonus.minimum_months") + 12 * (months("employment_bonus.payments") - 1),
        12 * (months("training_bonus.first_payment_after_years", "training_bonus.years") - 1),
        12 * (months("is_support.exempt_years") - 1),
    ]
    last = max(end.year + (end.month - 1 + m) // 12 for m in last_due_after_months)
    return range(first, last + 1)
