"""Pages: programme overview with the map, a region's programme, an initiative, its history,
the forms that change them, and the region fact sheets."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiha.audit.selectors import history_of
from jiha.lib.errors import PermissionDenied
from jiha.lib.forms import run_on_form
from jiha.programme import selectors, services
from jiha.programme.forms import InitiativeForm, KpiForm, MilestoneForm, ProcedureForm
from jiha.programme.models import Convention
from jiha.programme.services import LANGUAGES
from jiha.regions import selectors as regions

KPI_FIELDS = {
    "deadline_before_baseline": "deadline",
    "deadline_in_past": "deadline",
    "target_equals_baseline": "target_value",
    "indicator_without_data": "indicator",
}
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}


def _require(request: HttpRequest, permission: str, target: Any) -> None:
    if not request.user.has_perm(permission, target):
        raise PermissionDenied(_("You cannot change the programme in this region."))


def overview(request: HttpRequest) -> HttpResponse:
    conventions = selectors.conventions_by_region()
    status_value: dict[str, int] = {Convention.Status.SIGNED: 2, Convention.Status.PLANNED: 1}
    rows = []
    for region in regions.region_list():
        convention = conventions.get(region.code)
        rows.append(
            {
                "code": region.code,
                "name": region.name,
                "value": status_value.get(convention.status, 0) if convention else 0,
                "display": convention.get_status_display() if convention else _("No convention"),
                "url": reverse("programme:region", kwargs={"code": region.code}),
                "convention": convention,
            }
        )
    context = {
        "rows": rows,
        "map_rows": [{k: v for k, v in row.items() if k != "convention"} for row in rows],
        "workstreams": selectors.workstream_list(),
    }
    return render(request, "programme/overview.html", context)


def region(request: HttpRequest, code: str) -> HttpResponse:
    found = regions.region_get(code)
    context = selectors.region_programme(found.code)
    context["can_edit"] = request.user.has_perm("programme.add_initiative", found)
    current = selectors.current_version_ids()
    context["factsheets"] = []
    for lang in LANGUAGES:
        sheet = selectors.latest_factsheet(found.code, lang)
        outdated = sheet is not None and selectors.factsheet_outdated(sheet, current)
        context["factsheets"].append(
            {"code": lang, "name": LANGUAGE_NAMES[lang], "sheet": sheet, "outdated": outdated}
        )
    context["pending"] = selectors.pending_factsheets(found.code)
    return render(request, "programme/region.html", context)


def initiative(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.initiative_get(pk)
    context = {
        "initiative": found,
        "kpis": selectors.kpi_progress(found.kpis.all(), found.region.code),
        "online": selectors.online_share(found.procedures.all()),
        "can_edit": request.user.has_perm("programme.change_initiative", found),
    }
    return render(request, "programme/initiative.html", context)


@login_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.initiative_get(pk)
    _require(request, "programme.change_initiative", found)
    return render(
        request, "programme/history.html", {"initiative": found, "entries": history_of(found)}
    )


def _form_page(
    request: HttpRequest, form: forms.Form, *, title: str, back: str, region_name: str
) -> HttpResponse:
    return render(
        request,
        "programme/form.html",
        {"form": form, "title": title, "back": back, "region_name": region_name},
    )


@login_required
def initiative_new(request: HttpRequest, code: str) -> HttpResponse:
    found = regions.region_get(code)
    _require(request, "programme.add_initiative", found)
    form = InitiativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.initiative_create,
            actor=request.user,
            region=found,
            data=form.data_for_service(),
        )
        created = run_on_form(form, call, fields={"ends_before_start": "ends_on"})
        if created is not None:
            return redirect("programme:initiative", pk=created.pk)
    back = reverse("programme:region", kwargs={"code": found.code})
    return _form_page(request, form, title=_("New initiative"), back=back, region_name=found.name)


@login_required
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.initiative_get(pk)
    _require(request, "programme.change_initiative", found)
    form = InitiativeForm.of(found, request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = partial(
            services.initiative_update,
            actor=request.user,
            initiative=found,
            data=form.data_for_service(),
        )
        if run_on_form(form, call, fields={"ends_before_start": "ends_on"}) is not None:
            return redirect("programme:initiative", pk=found.pk)
    back = reverse("programme:initiative", kwargs={"pk": found.pk})
    return _form_page(request, form, title=found.title, back=back, region_name=found.region.name)


def _child_form(
    request: HttpRequest,
    pk: int,
    form_class: type[forms.Form],
    service: Any,
    title: str,
    fields: dict[str, str] | None = None,
) -> HttpResponse:
    found = selectors.initiative_get(pk)
    _require(request, "programme.change_initiative", found)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = partial(service, actor=request.user, initiative=found, **form.cleaned_data)
        if run_on_form(form, call, fields=fields) is not None:
            return redirect("programme:initiative", pk=found.pk)
    back = reverse("programme:initiative", kwargs={"pk": found.pk})
    return _form_page(request, form, title=title, back=back, region_name=found.region.name)


@login_required
def kpi_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_form(request, pk, KpiForm, services.kpi_add, _("New KPI"), KPI_FIELDS)


@login_required
def procedure_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_form(request, pk, ProcedureForm, services.procedure_add, _("New procedure"))


@login_required
def milestone_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _child_form(request, pk, MilestoneForm, services.milestone_add, _("New milestone"))


@require_POST
@login_required
def milestone_complete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.milestone_get(pk)
    services.milestone_complete(actor=request.user, milestone=milestone)
    return redirect("programme:initiative", pk=milestone.initiative_id)


@require_POST
@login_required
def factsheets_request(request: HttpRequest, code: str) -> HttpResponse:
    found = regions.region_get(code)
    services.factsheets_request(actor=request.user, region=found)
    return redirect("programme:region", code=found.code)


def factsheet_download(request: HttpRequest, code: str, language: str) -> HttpResponse:
    found = regions.region_get(code)
    if language not in LANGUAGES:
        raise Http404(_("Fact sheets exist in fr, ar and en."))
    pdf = selectors.factsheet_pdf(found.code, language)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="jiha-{found.code}-factsheet-{language}.pdf"'
    )
    return response
