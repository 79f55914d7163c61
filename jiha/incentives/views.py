"""Pages: the public incentive simulator and the parameter browser."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiha.accounts.decorators import recent_reauthentication_required, staff_required
from jiha.accounts.models import User
from jiha.accounts.permissions import has_verified_second_factor, is_administrator
from jiha.engines.rules import RulesError
from jiha.incentives import engine_io, selectors, services
from jiha.incentives.forms import GROUPS, TRAININGS, ParameterValueForm, SimulatorForm
from jiha.legislation.vocabulary import PARKS
from jiha.lib.forms import run_on_form
from jiha.lib.i18n import current_language
from jiha.lib.ratelimit import rate_limited
from jiha.regions.selectors import region_names

SCHEME_LABELS = {
    "employment_bonus_total": gettext_lazy("Employment bonus (2025 offer)"),
    "training_bonus_total": gettext_lazy("Training bonus (2025 offer)"),
    "is_support": gettext_lazy("Corporate-tax support (2025 offer)"),
    "training_aid_total": gettext_lazy("Training aid (2006 offer)"),
    "charter_bonus": gettext_lazy("Investment Charter bonus"),
}


@rate_limited("incentives.simulate", rate_setting="JIHA_SIMULATE_RATE")
def simulator(request: HttpRequest) -> HttpResponse:
    form = SimulatorForm(request.POST or None, initial={"g0_count": 10, "g0_profile": "bpo"})
    results = []
    if request.method == "POST" and form.is_valid():
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
    }
    return render(request, "incentives/simulator.html", context)


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
