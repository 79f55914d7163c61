"""Pages of the exports: ask for one, follow its progress, download it."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jiha.accounts.models import User
from jiha.exports import selectors, services
from jiha.exports.forms import ExportForm
from jiha.lib.forms import run_on_form


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    return user


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    everything = selectors.may_export_all(user)
    organisations = selectors.export_organisations(user)
    form = ExportForm(request.POST or None, organisations=organisations, everything=everything)
    if request.method == "POST" and form.is_valid():
        export = run_on_form(
            form,
            partial(
                services.export_request,
                actor=user,
                fmt=form.cleaned_data["fmt"],
                organisation=form.cleaned_data["organisation"],
            ),
            fields={"bad_format": "fmt"},
        )
        if export is not None:
            return redirect("exports:detail", export_id=export.pk)
    context = {
        "form": form,
        "may_export": everything or organisations.exists(),
        "exports": selectors.exports_of(user)[:20],
    }
    return render(request, "exports/list.html", context)


@login_required
def export_detail(request: HttpRequest, export_id: int) -> HttpResponse:
    export = services.export_expire(
        export=selectors.export_get(user=_user(request), export_id=export_id)
    )
    partial_page = bool(request.headers.get("HX-Request"))
    template = "exports/includes/export.html" if partial_page else "exports/detail.html"
    return render(request, template, {"export": export})


@login_required
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    export = selectors.export_get(user=_user(request), export_id=export_id)
    path = selectors.export_path(export)
    return FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
