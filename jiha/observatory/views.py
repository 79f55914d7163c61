"""Pages of the observatory: catalogue, versions, uploads, indicator explorer, sector dashboard."""

from __future__ import annotations

import json
import secrets
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiha.lib.forms import run_on_form
from jiha.lib.i18n import current_language
from jiha.observatory import catalog, exports, imports, selectors, services
from jiha.observatory.forms import DatasetForm, PublishForm, UploadForm
from jiha.observatory.models import Dataset, DatasetVersion, ImportJob, Indicator, Observation
from jiha.observatory.tasks import import_job_refresh
from jiha.regions.selectors import region_names

REPORT_TTL = 3600
REPORT_PREFIX = "import-report:"


def catalog_jsonld(request: HttpRequest) -> JsonResponse:
    base = f"{request.scheme}://{request.get_host()}"
    response = JsonResponse(catalog.catalog(base), json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    return response


def dataset_list(request: HttpRequest) -> HttpResponse:
    context = {
        "datasets": selectors.dataset_list(),
        "may_create": selectors.may_create_dataset(request.user),
    }
    return render(request, "observatory/dataset_list.html", context)


@login_required
def dataset_new(request: HttpRequest) -> HttpResponse:
    """Create a dataset (for those who manage datasets); its figures come with version 1."""
    if not selectors.may_create_dataset(request.user):
        raise PermissionDenied
    form = DatasetForm(request.POST or None)
    if request.method == "POST":
        dataset = None
        if form.is_valid():
            dataset = run_on_form(
                form,
                partial(
                    services.dataset_create,
                    actor=request.user,  # type: ignore[arg-type]
                    fields=form.cleaned_data,
                ),
                fields={"slug_taken": "slug"},
            )
        if dataset is not None:
            messages.success(
                request, _("The dataset is created: load its first version with the template.")
            )
            return redirect("observatory:dataset", slug=dataset.slug)
        return render(request, "observatory/dataset_new.html", {"form": form}, status=422)
    return render(request, "observatory/dataset_new.html", {"form": form})


def dataset_template(request: HttpRequest, slug: str) -> HttpResponse:
    """A workbook to fill in for this dataset: the columns an upload reads, one row per
    indicator and territory, and a guide with each indicator's unit and each code's name."""
    dataset = get_object_or_404(Dataset, slug=slug)
    indicators, territories = selectors.dataset_template_rows(dataset)
    guide: list[list[str]] = [
        [
            _(
                "Fill in period (2024, 2024-Q3 or 2024-07) and value on the first sheet; delete "
                "the rows you do not fill. An empty value means withheld. Status: provisional, "
                "estimated or confidential (optional)."
            )
        ],
        [],
        [_("Indicator"), _("Name"), _("Unit")],
        *([i.code, i.name, i.unit] for i in indicators),
        [],
        [_("Territory"), _("Name")],
        *([code, name] for code, name in territories),
    ]
    content = exports.template_xlsx(
        [(i.code, code) for i in indicators for code, _name in territories],
        guide,
        guide_title=_("Guide"),
    )
    response = HttpResponse(content, content_type=exports.MEDIA_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{slug}-template.xlsx"'
    return response


def _dataset_context(request: HttpRequest, dataset: Dataset, form: UploadForm) -> dict[str, Any]:
    versions = dataset.versions.select_related("created_by").order_by("-number")
    can_manage = request.user.is_authenticated and selectors.can_manage_dataset(
        request.user, dataset
    )
    if not can_manage:
        versions = versions.exclude(status=DatasetVersion.Status.DRAFT)
    return {
        "dataset": dataset,
        "versions": versions,
        "form": form,
        "can_manage": can_manage,
        "formats": ["csv", "xlsx", "parquet", "sdmx"],
    }


def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset, slug=slug)
    return render(
        request, "observatory/dataset_detail.html", _dataset_context(request, dataset, UploadForm())
    )


@login_required
@require_POST
def dataset_upload(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset, slug=slug)
    if not selectors.can_manage_dataset(request.user, dataset):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    context = _dataset_context(request, dataset, form)
    if not form.is_valid():
        return render(request, "observatory/dataset_detail.html", context, status=422)
    upload = form.cleaned_data["file"]
    import_request = services.ImportRequest(
        dataset=dataset,
        source=imports.upload_source(upload),
        file_name=upload.name,
        actor=request.user,  # type: ignore[arg-type]
        sheet=form.cleaned_data["sheet"] or None,
        decimal_comma=form.cleaned_data["decimal_comma"],
        note=form.cleaned_data["note"],
        language=current_language(),
    )
    submission = run_on_form(form, partial(imports.import_submit, import_request))
    if submission is None:
        return render(request, "observatory/dataset_detail.html", context, status=422)
    if submission.job is not None:
        return redirect("observatory:import_job", pk=submission.job.pk)
    outcome = submission.outcome
    assert outcome is not None  # noqa: S101 - a submission is one or the other
    if outcome.version is None:
        key = secrets.token_urlsafe(16)
        report = {
            "csv": outcome.report.to_csv_bytes(current_language()),
            "user": request.user.pk,
            "dataset": dataset.pk,
        }
        cache.set(f"{REPORT_PREFIX}{key}", report, REPORT_TTL)
        context.update(
            {
                "report": outcome.report,
                "report_key": key,
                "report_messages": outcome.report.messages(current_language())[:200],
            }
        )
        return render(request, "observatory/dataset_detail.html", context, status=422)
    messages.success(
        request,
        _("The file is valid: version %(n)s is ready to publish.") % {"n": outcome.version.number},
    )
    return redirect("observatory:version", slug=slug, number=outcome.version.number)


def _job_for(request: HttpRequest, pk: int) -> ImportJob:
    job = get_object_or_404(ImportJob.objects.select_related("dataset", "version"), pk=pk)
    if not selectors.may_follow_import_job(request.user, job):
        raise PermissionDenied
    return job


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = import_job_refresh(_job_for(request, pk))
    template = (
        "observatory/includes/import_job.html"
        if request.headers.get("HX-Request")
        else ("observatory/import_job.html")
    )
    return render(request, template, {"job": job})


@login_required
def import_job_errors(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    if not job.error_report:
        raise Http404
    return _csv_attachment(bytes(job.error_report))


@login_required
def error_report(request: HttpRequest, key: str) -> HttpResponse:
    """The error report of a refused upload: for its uploader and the dataset's managers."""
    report = cache.get(f"{REPORT_PREFIX}{key}")
    if report is None:
        raise Http404
    dataset = get_object_or_404(Dataset, pk=report["dataset"])
    if report["user"] != request.user.pk and not selectors.can_manage_dataset(
        request.user, dataset
    ):
        raise PermissionDenied
    return _csv_attachment(report["csv"])


def _csv_attachment(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="errors.csv"'
    return response


def _version_page(
    request: HttpRequest, version: DatasetVersion, form: PublishForm, status: int = 200
) -> HttpResponse:
    can_manage = request.user.is_authenticated and selectors.can_manage_dataset(
        request.user, version.dataset
    )
    if version.status == DatasetVersion.Status.DRAFT and not can_manage:
        raise Http404
    indicators = dict(Indicator.objects.values_list("id", "code"))
    warnings = [
        {**w, "indicator": indicators.get(w["indicator_id"], "?")} for w in version.warnings
    ]
    draft = version.status == DatasetVersion.Status.DRAFT
    context = {
        "version": version,
        "diff": selectors.version_diff(version),
        "warnings": warnings,
        "removals": selectors.version_removals(version) if draft else None,
        "can_manage": can_manage,
        # The person is shown to those who manage the dataset; others see the organisation.
        "uploader_organisation": (
            selectors.uploader_organisation(version.created_by) if version.created_by else ""
        ),
        "form": form,
        "schema": json.dumps(version.table_schema, indent=2, ensure_ascii=False),
    }
    return render(request, "observatory/version_detail.html", context, status=status)


def _version(slug: str, number: int) -> DatasetVersion:
    return get_object_or_404(
        DatasetVersion.objects.select_related("dataset", "created_by"),
        dataset__slug=slug,
        number=number,
    )


def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _version_page(request, _version(slug, number), PublishForm())


@login_required
@require_POST
def version_publish(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version(slug, number)
    form = PublishForm(request.POST)
    form.is_valid()
    run_on_form(
        form,
        partial(
            services.version_publish,
            actor=request.user,  # type: ignore[arg-type]
            version=version,
            acknowledged=bool(form.cleaned_data.get("acknowledge")),
            removals_acknowledged=bool(form.cleaned_data.get("acknowledge_removals")),
        ),
    )
    if form.errors:  # refused: the page again, with the reason above the button
        return _version_page(request, version, form, status=422)
    messages.success(request, _("Version %(n)s is published.") % {"n": number})
    return redirect("observatory:version", slug=slug, number=number)


@login_required
@require_POST
def version_withdraw(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = get_object_or_404(DatasetVersion, dataset__slug=slug, number=number)
    services.version_withdraw(actor=request.user, version=version)  # type: ignore[arg-type]
    messages.success(request, _("Version %(n)s is withdrawn.") % {"n": number})
    return redirect("observatory:version", slug=slug, number=number)


def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = get_object_or_404(Dataset, slug=slug)
    if fmt not in exports.MEDIA_TYPES or dataset.current_version is None:
        raise Http404
    rows = (
        Observation.objects.filter(version=dataset.current_version)
        .order_by("indicator__code", "territory", "period_start")
        .values_list(
            "indicator__code",
            "territory",
            "period",
            "value",
            "provisional",
            "estimated",
            "confidential",
        )
    )
    # The CSV keeps exact decimals: it loads back unchanged as the next version.
    exact = fmt == "csv"
    table = exports.frame(
        (
            (
                code,
                territory,
                period,
                exports.decimal_text(value) if exact else (None if value is None else float(value)),
                services.status_of(prov, est, conf),
                slug,
                dataset.current_version.number,
            )
            for code, territory, period, value, prov, est, conf in rows
        ),
        exact=exact,
    )
    content = exports.render(table, fmt, dataflow=f"DF_{slug.upper().replace('-', '_')}")
    response = HttpResponse(content, content_type=exports.MEDIA_TYPES[fmt])
    extension = {"sdmx": "sdmx.csv"}.get(fmt, fmt)
    response["Content-Disposition"] = (
        f'attachment; filename="{slug}-v{dataset.current_version.number}.{extension}"'
    )
    return response


def indicator_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "observatory/indicator_list.html", {"indicators": selectors.indicator_list()}
    )


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    observations = list(
        selectors.current_observations()
        .filter(indicator=indicator)
        .select_related("version__dataset")
        .order_by("period_start", "territory")
    )
    if not observations:
        raise Http404
    periods = sorted({o.period for o in observations})
    names = region_names()
    regional = [o for o in observations if o.level == Observation.Level.REGION]
    latest = max((o.period for o in regional), default=None)
    map_rows = [
        {
            "code": o.territory,
            "name": names.get(o.territory, o.territory),
            "value": float(o.value),
            "display": f"{o.value.normalize():f}",
            "url": reverse("regions:detail", kwargs={"code": o.territory}),
        }
        for o in regional
        if o.period == latest and o.value is not None
    ]
    # The regions' lines; Morocco's figure is a reference apart, never a line among them.
    series = [
        {
            "territory": o.territory,
            "name": names.get(o.territory, o.territory),
            "period": o.period,
            "value": float(o.value),
        }
        for o in regional
        if o.value is not None
    ]
    national_series = [
        {
            "territory": o.territory,
            "name": _("Morocco"),
            "period": o.period,
            "value": float(o.value),
        }
        for o in observations
        if o.value is not None and o.level == Observation.Level.NATIONAL
    ]
    if not series:  # a national-only indicator: its one line is the nation's
        series, national_series = national_series, []
    table: dict[str, dict[str, Observation]] = {}
    for o in observations:
        table.setdefault(o.territory, {})[o.period] = o
    rows = [
        (t, names.get(t, _("Morocco") if t == "MA" else t), [table[t].get(p) for p in periods])
        for t in sorted(table, key=lambda t: (t != "MA", t))
    ]
    versions = {o.version for o in observations}
    context = {
        "indicator": indicator,
        "periods": periods,
        "rows": rows,
        "map_rows": map_rows,
        "latest": latest,
        "series": series,
        "national_series": national_series,
        "versions": sorted(versions, key=str),
    }
    return render(request, "observatory/indicator_detail.html", context)


def offshoring_dashboard(request: HttpRequest) -> HttpResponse:
    codes = ["offshoring-jobs", "offshoring-exports", "offshoring-investment", "park-jobs"]
    observations = (
        selectors.current_observations()
        .filter(indicator__code__in=codes)
        .select_related("indicator", "version__dataset")
        .order_by("period_start")
    )
    national = [o for o in observations if o.territory == "MA" and o.value is not None]
    parks = [o for o in observations if o.indicator.code == "park-jobs" and o.value is not None]
    names = region_names()
    # One chart per unit: jobs and billions of MAD never share an axis.
    charts: dict[str, list[dict[str, Any]]] = {}
    for o in national:
        charts.setdefault(o.indicator.unit, []).append(
            {
                "indicator": o.indicator.name,
                "period": o.period,
                "value": float(o.value or 0),
                "unit": o.indicator.unit,
                "territory": "MA",
            }
        )
    series = [
        {"unit": unit, "id": f"sector-series-{number}", "rows": rows}
        for number, (unit, rows) in enumerate(charts.items(), start=1)
    ]
    map_rows = [
        {
            "code": o.territory,
            "name": names[o.territory],
            "value": float(o.value or 0),
            "display": f"{(o.value or 0):f}",
            "url": reverse("regions:detail", kwargs={"code": o.territory}),
        }
        for o in parks
    ]
    from jiha.observatory.reports import published_report_cells

    context = {
        "national": national,
        "parks": parks,
        "series": series,
        "map_rows": map_rows,
        "names": names,
        "report_cells": published_report_cells(),
    }
    return render(request, "observatory/offshoring.html", context)
