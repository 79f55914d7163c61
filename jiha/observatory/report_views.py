"""Pages for company activity reports: file one (form or template), see one's own, and — for
programme administrators — publish the protected aggregates."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiha.accounts.decorators import staff_required
from jiha.accounts.models import Organisation, Role, User
from jiha.accounts.permissions import is_administrator
from jiha.lib.forms import BootstrapFormMixin, run_on_form
from jiha.lib.i18n import current_language
from jiha.observatory.report_forms import COLUMNS, ROWS, ReportForm, lines_from_file, template_xlsx
from jiha.observatory.reports import (
    LineInput,
    report_submit,
    reports_publish,
    reports_visible_to,
)


class TemplateUploadForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    file = forms.FileField(label=gettext_lazy("Filled template (XLSX or CSV)"))


def _companies(user: User) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            memberships__user=user, memberships__role=Role.APPLICANT
        ).distinct()
    )


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    context = {
        "reports": reports_visible_to(request.user).order_by("-year"),
        "companies": _companies(request.user),  # type: ignore[arg-type]
        "is_admin": is_administrator(request.user),
    }
    return render(request, "observatory/report_list.html", context)


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required
    companies = _companies(user)
    if not companies:
        raise PermissionDenied
    company = companies[0]
    mode = request.POST.get("mode")
    form = ReportForm((request.POST or None) if mode == "form" else None)
    upload = TemplateUploadForm(
        (request.POST or None) if mode == "file" else None, request.FILES or None
    )
    errors: list[str] = []
    if mode == "file" and upload.is_valid():
        file = upload.cleaned_data["file"]
        lines, report = lines_from_file(file.read(), file.name, current_language())
        errors = report.messages()[:100] if report.errors else []
        if not errors and _filed(upload, user, company, upload.cleaned_data["year"], lines):
            return _done(request)
    elif (
        mode == "form"
        and form.is_valid()
        and _filed(form, user, company, form.cleaned_data["year"], form.lines())
    ):
        return _done(request)
    errors += [*form.non_field_errors(), *upload.non_field_errors()]
    rows = [[form[f"r{i}_{name}"] for name in COLUMNS] for i in range(ROWS)]
    context = {"form": form, "upload": upload, "rows": rows, "company": company, "errors": errors}
    return render(request, "observatory/report_new.html", context, status=422 if errors else 200)


def _filed(
    form: forms.Form, user: User, company: Organisation, year: int, lines: list[LineInput]
) -> bool:
    """File the report; a refusal (a duplicated line, a report already filed…) goes on
    ``form``."""
    report = run_on_form(
        form,
        partial(
            report_submit,
            actor=user,
            company=company,
            year=year,
            lines=lines,
            synthetic=company.synthetic,
        ),
    )
    return report is not None


def _done(request: HttpRequest) -> HttpResponse:
    messages.success(request, _("Your report is filed."))
    return redirect("observatory:reports")


def report_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_xlsx(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="jiha-activity-report.xlsx"'
    return response


@require_POST
@staff_required
def report_publish(request: HttpRequest) -> HttpResponse:
    if not is_administrator(request.user):
        raise PermissionDenied
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("Give a year."))
        return redirect("observatory:reports")
    version = reports_publish(year)
    if version is None:
        messages.warning(request, _("No report was filed for %(year)s.") % {"year": year})
    else:
        messages.success(
            request,
            _("The %(year)s aggregates are published (withheld cells marked confidential).")
            % {"year": year},
        )
    return redirect("observatory:reports")
