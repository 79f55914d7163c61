"""Pages: the public incentive simulator and the parameter browser."""

from __future__ import annotations

from functools import partial
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiha.accounts.decorators import recent_reauthentication_required, staff_required
from jiha.accounts.models import User
from jiha.accounts.permissions import has_verified_second_factor, is_administrator
from jiha.engines.rules import RulesError
from jiha.incentives import engine_io, selectors, services
from jiha.incentives.assumptions import salary_sources
from jiha.incentives.forms import GROUPS, TRAININGS, ParameterValueForm, SimulatorForm
from jiha.legislation.vocabulary import PARKS, PROFILES
from jiha.lib.forms import run_on_form
from jiha.lib.i18n import current_language
from jiha.lib.ratelimit import rate_limited, retry_after, too_many_requests
from jiha.regions.models import Province, Region
from jiha.regions.selectors import region_names

# The inputs an answer restates (with the hire groups and the trainings).
INPUTS = (
    "region",
    "park",
    "province",
    "compare_region",
    "compare_park",
    "activity",
    "profit",
    "investment",
    "investment_date",
    "planned_jobs",
)

SCHEME_LABELS = {
    "employment_bonus_total": gettext_lazy("Employment bonus (2025 offer)"),
    "training_bonus_total": gettext_lazy("Training bonus (2025 offer)"),
    "is_support": gettext_lazy("Corporate-tax support (2025 offer)"),
    "training_aid_total": gettext_lazy("Training aid (2006 offer)"),
    "charter_bonus": gettext_lazy("Investment Charter bonus"),
}


@rate_limited("incentives.simulate", rate_setting="JIHA_SIMULATE_RATE")
def simulator(request: HttpRequest) -> HttpResponse:
    """The simulator. Its inputs come in the query string (a simulation is a link: it
    reproduces, survives a language switch and prints; ADR 0022); a POST still works."""
    asked = "region" in request.GET
    if asked:  # a simulation by GET counts against the rate like a POST
        seconds = retry_after(
            request, group="incentives.simulate", rate=settings.JIHA_SIMULATE_RATE
        )
        if seconds is not None:
            return too_many_requests(request, seconds)
    data = request.GET if asked else (request.POST or None)
    form = SimulatorForm(data, initial={"g0_count": 10, "g0_profile": "bpo"})
    results = []
    if form.is_bound and form.is_valid():
        project, years = form.project()
        regions = region_names()
        try:
            for loc in form.locations():
                result = engine_io.simulate(loc, project, years)
                rows = [(SCHEME_LABELS[row.name], row) for row in result.scheme_rows()]
                place = PARKS.label(loc.park, current_language())
                results.append((result, f"{regions[loc.region]} · {place}", rows))
        except RulesError as exc:
            form.add_error(None, str(exc))
    for i, source in form.salaries_prefilled.items():
        form.fields[f"g{i}_salary"].widget.attrs["placeholder"] = str(source.amount)
    query = _query(data) if data is not None else ""
    context = {
        "form": form,
        "groups": [
            [
                form[f"g{i}_{f}"]
                for f in ("count", "profile", "salary", "hire_date", "permanent", "moroccan")
            ]
            for i in range(GROUPS)
        ],
        "trainings": [
            [form[f"t{i}_{f}"] for f in ("group", "cost", "date", "modality")]
            for i in range(TRAININGS)
        ],
        "results": results,
        "error_summary": _error_summary(form),
        "assumptions": _assumptions(form) if results else None,
        "query": query,
        "share_url": request.build_absolute_uri(f"{request.path}?{query}") if results else "",
        "today": timezone.localdate(),
        "regional_salaries": _regional_salaries(),
    }
    return render(request, "incentives/simulator.html", context)


def _query(data: QueryDict) -> str:
    """The inputs as a query string: the link to this simulation (without the CSRF token, and
    without the empty fields)."""
    kept = QueryDict(mutable=True)
    for name, values in data.lists():
        if name != "csrfmiddlewaretoken" and any(values):
            kept.setlist(name, [v for v in values if v])
    return kept.urlencode()


def _error_summary(form: SimulatorForm) -> list[tuple[str, str]]:
    """Each error of the form and the id of the field it concerns (the GOV.UK error summary:
    a link to each field at the top of the page)."""
    if not form.is_bound or not form.errors:
        return []
    found = [("", str(error)) for error in form.non_field_errors()]
    for field in form:
        for error in field.errors:
            found.append((field.id_for_label, f"{form.field_name(field.name)}: {error}"))
    return found


def _assumptions(form: SimulatorForm) -> dict[str, Any]:
    """What the answer assumes: each group's salary and where it comes from, the years, the
    place (ADR 0021)."""
    data = form.cleaned_data
    project, years = form.project()
    chosen = [i for i in range(GROUPS) if data.get(f"g{i}_count")]
    salaries = [
        {
            "group": i + 1,
            "count": group.count,
            "profile": PROFILES.label(group.profile, current_language()),
            "amount": group.gross_annual_salary,
            "source": form.salaries_prefilled.get(i),
            "hire_date": group.hire_date,
        }
        for i, group in zip(chosen, project.groups, strict=True)
    ]
    inputs = []
    for name in INPUTS:
        value = data.get(name)
        if value in (None, "") or (name == "compare_park" and not data.get("compare_region")):
            continue  # (a second park means nothing without a second region)
        field = form[name]
        if hasattr(field.field, "choices") and not isinstance(value, Region | Province):
            value = dict(cast(Any, field.field.choices)).get(value, value)
        inputs.append((str(field.label), value))
    trainings = [
        (
            _("Training %(n)s") % {"n": i + 1},
            f"#{data[f't{i}_group'] + 1} · {data[f't{i}_cost']} MAD · "
            f"{data.get(f't{i}_date') or ''} · {data.get(f't{i}_modality') or ''}",
        )
        for i in range(TRAININGS)
        if data.get(f"t{i}_group") is not None and data.get(f"t{i}_cost")
    ]
    return {
        "salaries": salaries,
        "first_year": years[0],
        "last_year": years[-1],
        "inputs": inputs + trainings,
    }


def _regional_salaries() -> dict[str, dict[str, str]]:
    """The observatory's salary of each profile in each region: the page pre-fills the
    salaries left empty with them (frontend/src/simulator.js)."""
    found: dict[str, dict[str, str]] = {}
    for (region, profile), source in salary_sources(None, PROFILES.codes).items():
        found.setdefault(region, {})[profile] = str(source.amount)
    return found


def parameter_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.parameter_rows()
    return render(request, "incentives/parameter_list.html", {"rows": rows})


def parameter_detail(request: HttpRequest, name: str) -> HttpResponse:
    parameter = selectors.parameter_get(name)
    can_edit = is_administrator(request.user) and has_verified_second_factor(request)
    context = {"parameter": parameter, "form": ParameterValueForm(), "can_edit": can_edit}
    return render(request, "incentives/parameter_detail.html", context)


@require_POST
@staff_required
@recent_reauthentication_required
def parameter_add_value(request: HttpRequest, name: str) -> HttpResponse:
    services.parameter_change_check(request.user)
    form = ParameterValueForm(request.POST)
    if form.is_valid():
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - staff_required
        recorded = run_on_form(
            form,
            partial(
                services.parameter_value_add,
                actor=user,
                parameter=name,
                start=form.cleaned_data["start"],
                raw_value=form.cleaned_data["value"],
                reference=form.cleaned_data["reference"],
                confidence=form.cleaned_data["confidence"],
                note=form.cleaned_data["note"],
            ),
        )
        if recorded is not None:
            messages.success(request, _("The new value is recorded; the simulator uses it now."))
            return redirect("incentives:parameter", name=name)
    parameter = selectors.parameter_get(name)
    return render(
        request,
        "incentives/parameter_detail.html",
        {"parameter": parameter, "form": form, "can_edit": True},
        status=422,
    )
