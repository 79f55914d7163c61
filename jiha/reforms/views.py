"""Pages of the what-if reforms: the list and the form (administrators create), one reform's
result side by side with the law in force (staff, by its link), and its export."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiha.accounts.decorators import staff_required
from jiha.accounts.models import User
from jiha.accounts.permissions import is_administrator
from jiha.lib.forms import run_on_form
from jiha.reforms import exports, selectors, services
from jiha.reforms.forms import ReformForm
from jiha.regions.selectors import region_names

FIELDS_OF_CODES = {
    "name_required": "name",
    "bad_parameter": "parameter",
    "bad_value": "value",
    "invalid_input": "value",
    "bad_amount": "bonus_amount",
    "bad_regions": "bonus_regions",
    "bad_kind": "kind",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - staff_required
    return user


@staff_required
def reform_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    may_create = is_administrator(user)
    form = ReformForm(request.POST or None) if may_create else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            reform = run_on_form(
                form,
                partial(
                    services.reform_create,
                    actor=user,
                    name=data["name"],
                    description=data["description"],
                    kind=data["kind"],
                    start=data["start"],
                    parameter=data["parameter"],
                    raw_value=data["value"],
                    bonus_amount=data["bonus_amount"],
                    bonus_regions=data["bonus_regions"],
                ),
                fields=FIELDS_OF_CODES,
            )
            if reform is not None:
                messages.success(request, _("The reform was saved and computed."))
                return redirect("reforms:detail", reform_id=reform.pk)
    context = {"reforms": selectors.reform_list(), "form": form}
    return render(request, "reforms/list.html", context)


@staff_required
def reform_detail(request: HttpRequest, reform_id: int) -> HttpResponse:
    reform = selectors.reform_get(reform_id)
    context = {
        "reform": reform,
        "rows": exports.result_rows(reform),
        "sources": (reform.result or {}).get("sources", {}),
        "region_names": region_names(),
        "may_recompute": is_administrator(_user(request)),
        "formats": exports.FORMATS,
    }
    return render(request, "reforms/detail.html", context)


@staff_required
@require_POST
def reform_recompute(request: HttpRequest, reform_id: int) -> HttpResponse:
    reform = selectors.reform_get(reform_id)
    services.reform_evaluate(actor=_user(request), reform=reform)
    messages.success(request, _("The reform was computed again against the law in force."))
    return redirect("reforms:detail", reform_id=reform.pk)


@staff_required
def reform_export(request: HttpRequest, reform_id: int, fmt: str) -> HttpResponse:
    return exports.export_response(selectors.reform_get(reform_id), fmt)
