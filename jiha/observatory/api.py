"""Open data API: indicators, observations (filters, cursor pagination, JSON or CSV), datasets,
uploads and publication."""

from __future__ import annotations

import base64
import json
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from jiha.accounts.permissions import API_AUTH
from jiha.engines.tables import ValidationReport
from jiha.lib.errors import InvalidInput, NotFound, PermissionDenied
from jiha.lib.i18n import current_language
from jiha.observatory import exports, imports, selectors, services
from jiha.observatory.models import Dataset, DatasetVersion, ImportJob, Observation
from jiha.observatory.schemas import PERIOD_PATTERN
from jiha.observatory.tasks import import_job_refresh

router = Router()
MAX_PAGE = 10_000
# A stored period (PERIOD_PATTERN) from year 1000: year 0 is no date (found by the fuzzer: a
# 500), and no figure predates 1000.
FILTER_PERIOD = "^" + PERIOD_PATTERN.replace("[0-9]{4}", "[1-9][0-9]{3}", 1) + "$"


class IndicatorOut(Schema):
    code: str
    names: dict[str, str]
    definition: dict[str, str]
    unit: str
    direction: str
    theme: str
    source_organisation: str


@router.get("/indicators", response=list[IndicatorOut], summary="Indicators")
def list_indicators(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "names": {lang: getattr(i, f"name_{lang}") for lang in ("fr", "ar", "en")},
            "definition": {lang: getattr(i, f"definition_{lang}") for lang in ("fr", "ar", "en")},
            "unit": i.unit,
            "direction": i.direction,
            "theme": i.theme,
            "source_organisation": i.source_organisation,
        }
        for i in selectors.indicator_list()
    ]


class ObservationFilters(Schema):
    indicator: list[str] = []
    territory: list[str] = []
    level: Literal["national", "region", "province"] | None = None
    period_from: str | None = Field(None, pattern=FILTER_PERIOD, examples=["2024-Q3"])
    period_to: str | None = Field(None, pattern=FILTER_PERIOD, examples=["2024"])
    dataset: str | None = Field(None, max_length=80, pattern=r"^[-a-zA-Z0-9_]+$")
    version: int | None = Field(None, ge=1, le=2**31 - 1)
    limit: int = Field(1000, ge=1, le=MAX_PAGE)
    cursor: str | None = Field(None, max_length=64)
    format: Literal["json", "csv"] = "json"


def _decode_cursor(cursor: str) -> int:
    try:
        return int(base64.urlsafe_b64decode(cursor.encode()).decode().removeprefix("id:"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            _("This cursor is not valid: use the one the previous page gave."),
            code="invalid_cursor",
        ) from exc


def _encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode()


def _period_start(text: str) -> str:
    import re

    if not re.fullmatch(FILTER_PERIOD, text):
        raise InvalidInput(
            _("A period is written 2024, 2024-Q3 or 2024-07."), code="invalid_period"
        )
    year, _sep, rest = text.partition("-")
    month = (int(rest[1]) - 1) * 3 + 1 if rest.startswith("Q") else int(rest or 1)
    return f"{year}-{month:02d}-01"


def observation_queryset(filters: ObservationFilters) -> QuerySet[Observation]:
    if filters.version is not None:
        # A version number, as the datasets and downloads give it (v2), not a database id.
        queryset = Observation.objects.filter(
            version__number=filters.version, version__status=DatasetVersion.Status.PUBLISHED
        )
    else:
        queryset = selectors.current_observations()
    if filters.dataset:
        queryset = queryset.filter(version__dataset__slug=filters.dataset)
    if filters.indicator:
        queryset = queryset.filter(indicator__code__in=filters.indicator)
    if filters.territory:
        queryset = queryset.filter(territory__in=filters.territory)
    if filters.level:
        queryset = queryset.filter(level=filters.level)
    if filters.period_from:
        queryset = queryset.filter(period_start__gte=_period_start(filters.period_from))
    if filters.period_to:
        queryset = queryset.filter(period_start__lte=_period_start(filters.period_to))
    return queryset


FIELDS = (
    "id",
    "indicator__code",
    "territory",
    "period",
    "value",
    "provisional",
    "estimated",
    "confidential",
    "version__dataset__slug",
    "version__number",
)


def _status(row: tuple[Any, ...]) -> str:
    return services.status_of(row[5], row[6], row[7])


@router.get("/observations", summary="Observations (filters, cursor pagination, JSON or CSV)")
def list_observations(request: HttpRequest, filters: Query[ObservationFilters]) -> HttpResponse:
    """Published observations. Filters combine; ``indicator`` and ``territory`` repeat
    (``?indicator=population&territory=MA-03&territory=MA-04``). ``version`` is a dataset's
    version number (with ``dataset``, one published version of one dataset: ``?dataset=
    census&version=2``); each row's ``version`` is that number. Pages hold up to 10,000 rows;
    follow ``next`` (a cursor) for the next one. ``format=csv`` returns CSV."""
    if not 1 <= filters.limit <= MAX_PAGE:
        raise InvalidInput(_("limit goes from 1 to 10,000."), code="invalid_limit")
    queryset = observation_queryset(filters).order_by("id")
    if filters.cursor:
        queryset = queryset.filter(id__gt=_decode_cursor(filters.cursor))
    rows = list(queryset.values_list(*FIELDS)[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    next_cursor = _encode_cursor(rows[-1][0]) if more else None
    if filters.format == "csv":
        table = exports.frame(
            (r[1], r[2], r[3], None if r[4] is None else float(r[4]), _status(r), r[8], r[9])
            for r in rows
        )
        response = HttpResponse(exports.to_csv(table), content_type=exports.MEDIA_TYPES["csv"])
        if next_cursor:
            response["Link"] = f'<?cursor={next_cursor}>; rel="next"'
        return response
    body = {
        "columns": ["indicator", "territory", "period", "value", "status", "dataset", "version"],
        "rows": [
            [r[1], r[2], r[3], None if r[4] is None else float(r[4]), _status(r), r[8], r[9]]
            for r in rows
        ],
        "next": next_cursor,
    }
    return HttpResponse(json.dumps(body, separators=(",", ":")), content_type="application/json")


class VersionOut(Schema):
    number: int
    status: str
    sha256: str
    row_count: int
    created_at: str
    change_note: str


class DatasetOut(Schema):
    slug: str
    title: str
    publisher: str
    licence: str
    theme: str
    confidence: str
    synthetic: bool
    source_url: str
    current_version: int | None
    versions: list[VersionOut]


def dataset_payload(dataset: Dataset) -> dict[str, Any]:
    return {
        "slug": dataset.slug,
        "title": dataset.title,
        "publisher": dataset.publisher,
        "licence": dataset.licence,
        "theme": dataset.theme,
        "confidence": dataset.confidence,
        "synthetic": dataset.synthetic,
        "source_url": dataset.source_url,
        "current_version": dataset.current_version.number if dataset.current_version else None,
        "versions": [
            {
                "number": v.number,
                "status": v.status,
                "sha256": v.sha256,
                "row_count": v.row_count,
                "created_at": v.created_at.isoformat(),
                "change_note": v.change_note,
            }
            for v in dataset.versions.exclude(status=DatasetVersion.Status.DRAFT).order_by("number")
        ],
    }


@router.get("/datasets", response=list[DatasetOut], summary="Datasets and their versions")
def list_datasets(request: HttpRequest) -> list[dict[str, Any]]:
    return [dataset_payload(d) for d in selectors.dataset_list().prefetch_related("versions")]


@router.get("/datasets/{slug}", response=DatasetOut, summary="One dataset")
def get_dataset(request: HttpRequest, slug: str) -> dict[str, Any]:
    return dataset_payload(get_object_or_404(Dataset, slug=slug))


@router.post(
    "/datasets/{slug}/versions",
    auth=API_AUTH,
    summary="Upload a new version",
    response={201: dict[str, Any], 202: dict[str, Any]},
)
def upload_version(
    request: HttpRequest,
    slug: str,
    file: File[UploadedFile],
    note: Form[str] = "",
    decimal_comma: Form[bool] = False,
    sheet: Form[str] = "",
    publish: Form[bool] = False,
    acknowledge_warnings: Form[bool] = False,
    acknowledge_removals: Form[bool] = False,
) -> HttpResponse:
    """Validate a CSV, XLSX or ODS file against the observations schema. Any error: nothing is
    loaded and the answer (422, the error shape with ``error_count`` and ``errors``, one per
    cell: row, column, value, code, message) lists every error. Otherwise a draft version is
    created (201), published if ``publish`` is set and nothing needs acknowledging. ``sheet``
    names the sheet of a workbook (default: the one it opens on; hidden sheets only by name).
    A file larger than ``JIHA_IMPORT_ASYNC_BYTES`` is checked by the background worker: the
    answer is 202 with the job's URL (``GET /api/import-jobs/{id}``)."""
    dataset = get_object_or_404(Dataset, slug=slug)
    language = current_language()
    submission = imports.import_submit(
        services.ImportRequest(
            dataset=dataset,
            source=imports.upload_source(file),
            file_name=file.name or "upload.csv",
            actor=request.user,  # type: ignore[arg-type]
            sheet=sheet or None,
            decimal_comma=decimal_comma,
            note=note,
            language=language,
            publish=publish,
            acknowledge_warnings=acknowledge_warnings,
            acknowledge_removals=acknowledge_removals,
        )
    )
    if submission.job is not None:
        body = import_job_payload(submission.job)
        response = _json(body, status=202)
        response["Location"] = body["url"]
        return response
    outcome = submission.outcome
    assert outcome is not None  # noqa: S101 - a submission is one or the other
    if outcome.version is None:
        return _json(_refusal(outcome.report, language), status=422)
    refused = outcome.publication_refused
    body = {
        "version": outcome.version.number,
        "status": "published" if outcome.published else outcome.version.status,
        "rows": outcome.version.row_count,
        "warnings": outcome.warnings,
        "publication_refused": refused.as_dict() if refused else None,
    }
    return _json(body, status=201)


def _refusal(report: ValidationReport, language: str) -> dict[str, Any]:
    return {
        "code": "invalid_file",
        "message": _("The file has errors: nothing was loaded."),
        "error_count": report.error_count,
        "errors": [
            {
                "row": e.row,
                "column": e.column,
                "value": e.value,
                "code": e.code,
                "message": e.message(language),
            }
            for e in report.errors
        ],
    }


@router.get("/import-jobs/{job_id}", auth=API_AUTH, summary="A background import")
def get_import_job(request: HttpRequest, job_id: int) -> dict[str, Any]:
    """Status, progress and errors of a background import, for whoever started it and the
    dataset's managers. Poll it until ``status`` is ``done`` or ``failed``."""
    job = ImportJob.objects.select_related("dataset", "version").filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("No such import job."))
    if not selectors.may_follow_import_job(request.user, job):
        raise PermissionDenied(_("This import job belongs to someone else."))
    return import_job_payload(import_job_refresh(job))


def import_job_payload(job: ImportJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "url": f"/api/import-jobs/{job.pk}",
        "dataset": job.dataset.slug,
        "file_name": job.file_name,
        "sheet": job.sheet,
        "status": job.status,
        "step": job.step,
        "step_label": job.get_step_display(),
        "progress": job.progress,
        "version": job.version.number if job.version else None,
        "error_count": job.error_count,
        "messages": job.messages,
        "created_at": job.created_at.isoformat(),
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


def _json(body: dict[str, Any], *, status: int) -> HttpResponse:
    return HttpResponse(json.dumps(body), status=status, content_type="application/json")


@router.post(
    "/datasets/{slug}/versions/{number}/publish",
    auth=API_AUTH,
    summary="Publish a draft version",
)
def publish_version(
    request: HttpRequest,
    slug: str,
    number: int,
    acknowledge_warnings: bool = False,
    acknowledge_removals: bool = False,
) -> dict[str, Any]:
    """Publish a draft. It is refused (422) until the unusual changes it raised are
    acknowledged (``acknowledge_warnings``), and when it would remove most of the published
    figures, or has none or no value at all, until that is acknowledged
    (``acknowledge_removals``; the refusal's ``details`` say what would disappear)."""
    version = get_object_or_404(DatasetVersion, dataset__slug=slug, number=number)
    services.version_publish(
        actor=request.user,  # type: ignore[arg-type]
        version=version,
        acknowledged=acknowledge_warnings,
        removals_acknowledged=acknowledge_removals,
    )
    return {"version": number, "status": "published"}
