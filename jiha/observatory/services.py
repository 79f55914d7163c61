"""Writes of the observatory: imports (all-or-nothing), publication, activity reports.

Every import, whatever its entry point (upload page, API, ``jiha import_dataset``, a background
job), is an ``ImportRequest`` run by ``dataset_import``; ``jiha.observatory.imports`` decides
whether it runs now or in the background.
"""

from __future__ import annotations

import copy
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiha.accounts.models import User
from jiha.engines.tables import ValidationReport
from jiha.lib.errors import AppError, InvalidInput, PermissionDenied
from jiha.observatory import engine_io, reference
from jiha.observatory.models import Dataset, DatasetVersion, ImportJob, Indicator, Observation
from jiha.observatory.schemas import (
    observations_schema,
    with_dataset_column,
    with_storage_bounds,
)
from jiha.observatory.selectors import (
    can_manage_dataset,
    dataset_owner_for,
    may_create_dataset,
    version_removals,
)

# step (an ImportJob.Step code) and the fraction done
Progress = Callable[[str, float], None]
BATCH = 5_000
VALUE_PLACES = Observation._meta.get_field("value").decimal_places
MAX_FILE_NAME = 150
MAX_SHEET_NAME = 31  # Excel's own limit
Source = bytes | Path


@dataclass(frozen=True, kw_only=True)
class ImportRequest:
    """One import, as every entry point describes it.

    ``source`` holds the file: its bytes, or the path of a copy on disk (a large upload, the
    file the CLI was given, or the one a background job stored). ``actor`` is None for the
    operator's command line. ``may_defer`` lets a large file go to the background worker (web
    entry points); the command line always loads in its own process.
    """

    dataset: Dataset
    source: Source
    file_name: str
    actor: User | None = None
    schema: dict[str, Any] | None = None
    sheet: str | None = None
    decimal_comma: bool = False
    note: str = ""
    language: str = "fr"
    publish: bool = False
    acknowledge_warnings: bool = False
    acknowledge_removals: bool = False
    may_defer: bool = True

    @property
    def size(self) -> int:
        source = self.source
        return len(source) if isinstance(source, bytes) else source.stat().st_size

    def read(self) -> bytes:
        """The file's bytes, one byte over the upload limit at most (the validator refuses)."""
        limit = settings.JIHA_MAX_UPLOAD_BYTES + 1
        if isinstance(self.source, bytes):
            return self.source[:limit]
        with self.source.open("rb") as stream:
            return stream.read(limit)

    def table_schema(self) -> dict[str, Any]:
        """The schema the file is checked against, with what the database can hold."""
        if self.schema is None:
            schema = observations_schema(decimal_comma=self.decimal_comma)
        else:
            schema = with_storage_bounds(
                copy.deepcopy(self.schema), decimal_comma=self.decimal_comma
            )
        return with_dataset_column(schema, self.dataset.slug)


@dataclass
class ImportOutcome:
    report: ValidationReport
    version: DatasetVersion | None = None
    warnings: list[dict[str, Any]] = field(default_factory=list)
    published: bool = False
    # Why a requested publication did not happen (the version stays a draft).
    publication_refused: AppError | None = None


def _copy_postgres(frame: pl.DataFrame, columns: list[str]) -> None:
    buffer = io.BytesIO()
    frame.select(columns).write_csv(buffer, include_header=False, null_value="")
    sql = f"COPY observatory_observation ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)"  # noqa: S608 - fixed columns
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        copy.write(buffer.getvalue())


def _insert_batches(
    frame: pl.DataFrame, version: DatasetVersion, progress: Progress | None
) -> None:
    total = frame.height
    for start in range(0, total, BATCH):
        chunk = frame.slice(start, BATCH)
        Observation.objects.bulk_create(
            [
                Observation(
                    version=version,
                    indicator_id=row["indicator_id"],
                    level=row["level"],
                    territory=row["territory"],
                    period=row["period"],
                    period_start=row["period_start"],
                    value=row["value"],
                    provisional=row["provisional"],
                    estimated=row["estimated"],
                    confidential=row["confidential"],
                )
                for row in chunk.iter_rows(named=True)
            ],
            batch_size=BATCH,
        )
        if progress:
            progress(ImportJob.Step.LOADING, min(1.0, (start + BATCH) / max(total, 1)))


def observations_load(
    frame: pl.DataFrame, version: DatasetVersion, progress: Progress | None = None
) -> None:
    """Bulk-load observation columns into ``version`` (PostgreSQL COPY; batches on SQLite)."""
    frame = frame.with_columns(pl.lit(version.pk).alias("version_id"))
    if connection.vendor == "postgresql":
        columns = [
            "version_id",
            "indicator_id",
            "level",
            "territory",
            "period",
            "period_start",
            "value",
            "provisional",
            "estimated",
            "confidential",
        ]
        if progress:
            progress(ImportJob.Step.LOADING, 0.0)
        _copy_postgres(frame, columns)
        if progress:
            progress(ImportJob.Step.LOADING, 1.0)
    else:
        _insert_batches(frame, version, progress)


def anomaly_warnings(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """Year-on-year changes far outside what the indicator usually does.

    The threshold per indicator is 4 × the median absolute relative change seen in the published
    history (at least 50 %); without history, any change over 50 % is flagged.
    """
    from jiha.observatory.selectors import current_observations

    indicator_ids = frame["indicator_id"].unique().to_list()
    history = pl.DataFrame(
        list(
            current_observations()
            .filter(indicator_id__in=indicator_ids, value__isnull=False)
            .values_list("indicator_id", "territory", "period_start", "value")
        ),
        schema={
            "indicator_id": pl.Int64,
            "territory": pl.Utf8,
            "period_start": pl.Date,
            "value": pl.Float64,
        },
        orient="row",
    )
    if history.is_empty():
        return []
    ordered = history.sort("indicator_id", "territory", "period_start")
    changes = ordered.with_columns(
        (pl.col("value") / pl.col("value").shift(1).over("indicator_id", "territory") - 1)
        .abs()
        .alias("change")
    )
    thresholds = changes.group_by("indicator_id").agg(
        (pl.col("change").median().fill_null(0.125) * 4).clip(lower_bound=0.5).alias("threshold")
    )
    previous = ordered.group_by("indicator_id", "territory").agg(
        pl.col("period_start").last().alias("previous_start"),
        pl.col("value").last().alias("previous"),
    )
    joined = (
        frame.filter(pl.col("value").is_not_null())
        .with_columns(pl.col("value").cast(pl.Float64))  # a relative change: a float will do
        .join(previous, on=["indicator_id", "territory"])
        .join(thresholds, on="indicator_id", how="left")
        .filter(pl.col("period_start") > pl.col("previous_start"))
        .with_columns((pl.col("value") / pl.col("previous") - 1).alias("change"))
        .filter(pl.col("change").abs() > pl.col("threshold").fill_null(0.5))
    )
    return [
        {
            "indicator_id": r["indicator_id"],
            "territory": r["territory"],
            "period": r["period"],
            "value": r["value"],
            "previous": r["previous"],
            "change": round(r["change"] * 100, 1),
        }
        for r in joined.head(200).iter_rows(named=True)
    ]


def safe_filename(name: str) -> str:
    """The last path component, with only safe characters (never used as a path anyway).

    A long name is shortened before its extension, which says how the file is read.

    Example:
        >>> safe_filename("../../etc/" + "x" * 200 + ".csv")[-8:], len(safe_filename("y" * 300))
        ('xxxx.csv', 150)
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in base).strip(" .")
    stem, dot, extension = cleaned.rpartition(".")
    if len(cleaned) > MAX_FILE_NAME and stem and len(extension) < 10:
        cleaned = f"{stem[: MAX_FILE_NAME - len(extension) - 1].rstrip(' .')}{dot}{extension}"
    return cleaned[:MAX_FILE_NAME] or "upload"


def import_check(request: ImportRequest) -> None:
    """Refuse, before anything is read or stored, an import the actor may not make or whose
    sheet name or note could not be stored."""
    if request.actor is not None and not can_manage_dataset(request.actor, request.dataset):
        raise PermissionDenied(_("You cannot load data into this dataset."))
    sheet = request.sheet or ""
    if len(sheet) > MAX_SHEET_NAME or not sheet.isprintable():
        raise InvalidInput(
            _("A sheet name has at most 31 characters, none of them a control character."),
            code="invalid_sheet",
        )
    if "\x00" in request.note:
        raise InvalidInput(_("The note holds a NUL character."), code="invalid_note")


def dataset_import(
    request: ImportRequest,
    *,
    progress: Progress | None = None,
    on_loaded: Callable[[DatasetVersion], None] | None = None,
) -> ImportOutcome:
    """Validate a file and, if it has no error at all, load it as a new draft version (then
    publish it if the request asks and nothing needs acknowledging).

    All-or-nothing: any error leaves the database untouched and returns the report.
    ``on_loaded`` runs inside the loading transaction, once the rows are in: an exception
    there undoes the whole load (a background job checks it still owns its lease).
    """
    import_check(request)
    if progress:
        progress(ImportJob.Step.CHECKING, 0.0)
    data = request.read()
    schema = request.table_schema()
    report = engine_io.file_check(
        data,
        schema,
        file_name=safe_filename(request.file_name),
        references=engine_io.observation_references(),
        sheet=request.sheet or None,
        language=request.language,
    )
    if not report.valid:
        return ImportOutcome(report)
    frame = engine_io.observation_frame(report.table, engine_io.indicator_ids())
    warnings = anomaly_warnings(frame)
    with transaction.atomic():
        version = _version_create(request, data, schema, report, warnings)
        observations_load(frame, version, progress)
        if on_loaded:
            on_loaded(version)
    outcome = ImportOutcome(report, version, warnings)
    if request.publish:
        _publish_requested(request, outcome, progress)
    return outcome


def _version_create(
    request: ImportRequest,
    data: bytes,
    schema: dict[str, Any],
    report: ValidationReport,
    warnings: list[dict[str, Any]],
) -> DatasetVersion:
    locked = Dataset.objects.select_for_update().get(pk=request.dataset.pk)
    last = locked.versions.order_by("-number").values_list("number", flat=True).first() or 0
    return DatasetVersion.objects.create(
        dataset=locked,
        number=last + 1,
        sha256=hashlib.sha256(data).hexdigest(),
        file_name=safe_filename(request.file_name),
        file_size=len(data),
        table_schema=schema,
        row_count=report.row_count,
        change_note=request.note,
        warnings=warnings,
        created_by=request.actor,
    )


def _publish_requested(
    request: ImportRequest, outcome: ImportOutcome, progress: Progress | None
) -> None:
    """Publish a fresh version when asked; a refusal (something to acknowledge) keeps the
    draft and says why."""
    assert outcome.version is not None  # noqa: S101 - only called after a load
    if progress:
        progress(ImportJob.Step.PUBLISHING, 1.0)
    try:
        version_publish(
            actor=request.actor,
            version=outcome.version,
            acknowledged=request.acknowledge_warnings,
            removals_acknowledged=request.acknowledge_removals,
        )
    except InvalidInput as refusal:
        outcome.publication_refused = refusal
    else:
        outcome.published = True


@transaction.atomic
def version_publish(
    *,
    actor: User | None,
    version: DatasetVersion,
    acknowledged: bool,
    removals_acknowledged: bool = False,
) -> None:
    """Publish a draft. The uploader must acknowledge what it raised: unusual changes
    (``acknowledged``), and published figures that would disappear (``removals_acknowledged``:
    most of them, all of them, or every value missing)."""
    version = DatasetVersion.objects.select_for_update().get(pk=version.pk)
    if actor is not None and not can_manage_dataset(actor, version.dataset):
        raise PermissionDenied(_("You cannot publish this dataset."))
    if version.status != DatasetVersion.Status.DRAFT:
        raise InvalidInput(_("Only a draft can be published."), code="not_a_draft")
    if version.warnings and not acknowledged:
        raise InvalidInput(
            _("Check the unusual changes listed and confirm before publishing."),
            code="warnings_not_acknowledged",
        )
    removals = version_removals(version)
    if removals.need_acknowledgement and not removals_acknowledged:
        raise InvalidInput(
            removals.describe(), code="removals_not_acknowledged", details=removals.as_dict()
        )
    version.status = DatasetVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    if version.warnings:
        version.warnings_acknowledged_by = actor
    if removals.need_acknowledgement:
        version.removals_acknowledged_by = actor
    version.save(
        update_fields=[
            "status",
            "published_at",
            "warnings_acknowledged_by",
            "removals_acknowledged_by",
        ]
    )
    Dataset.objects.filter(pk=version.dataset_id).update(current_version=version)


@transaction.atomic
def version_withdraw(*, actor: User | None, version: DatasetVersion) -> None:
    """Withdraw a published version; the site falls back to the previous published one."""
    version = DatasetVersion.objects.select_for_update().get(pk=version.pk)
    if actor is not None and not can_manage_dataset(actor, version.dataset):
        raise PermissionDenied(_("You cannot withdraw this version."))
    if version.status != DatasetVersion.Status.PUBLISHED:
        raise InvalidInput(_("Only a published version can be withdrawn."), code="not_published")
    DatasetVersion.objects.filter(pk=version.pk).update(status=DatasetVersion.Status.WITHDRAWN)
    fallback = (
        version.dataset.versions.filter(status=DatasetVersion.Status.PUBLISHED)
        .exclude(pk=version.pk)
        .order_by("-number")
        .first()
    )
    Dataset.objects.filter(pk=version.dataset_id).update(current_version=fallback)


ROW_SCHEMA = {
    "indicator": pl.Utf8,
    "territory": pl.Utf8,
    "period": pl.Utf8,
    "value": pl.Float64,
    "status": pl.Utf8,
}


@transaction.atomic
def publish_rows(
    dataset: Dataset, rows: list[dict[str, Any]], note: str, *, file_name: str = "reference-data"
) -> DatasetVersion | None:
    """Publish computed rows (reference loaders, report aggregation) as a new version of
    ``dataset``; None when they equal the current version's (idempotent)."""
    frame = pl.DataFrame([{"status": None, **row} for row in rows], schema=ROW_SCHEMA).sort(
        "indicator", "territory", "period"
    )
    digest = hashlib.sha256(frame.write_csv().encode()).hexdigest()
    current = Dataset.objects.select_for_update().get(pk=dataset.pk).current_version
    if current and current.sha256 == digest:
        return None
    number = (
        dataset.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = DatasetVersion.objects.create(
        dataset=dataset,
        number=number,
        sha256=digest,
        file_name=file_name,
        file_size=0,
        table_schema=observations_schema(),
        row_count=frame.height,
        change_note=note,
        status=DatasetVersion.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    observations_load(engine_io.observation_frame(frame, engine_io.indicator_ids()), version)
    Dataset.objects.filter(pk=dataset.pk).update(current_version=version)
    return version


def indicators_upsert() -> dict[str, Indicator]:
    """Create or update the reference indicators (names, definitions, direction, source)."""
    found = {}
    for item in reference.indicator_definitions():
        found[item["code"]], _ = Indicator.objects.update_or_create(
            code=item["code"],
            defaults={
                **{f"name_{lang}": item["names"][lang] for lang in ("fr", "ar", "en")},
                **{f"definition_{lang}": item["definition"][lang] for lang in ("fr", "ar", "en")},
                "unit": item["unit"],
                "direction": item["direction"],
                "theme": item["theme"],
                "source_organisation": item["source"],
                "licence": reference.HCP_LICENCE if "RGPH" in item["source"] else "",
            },
        )
    return found


@transaction.atomic
def observatory_reference_load() -> int:
    """Create or refresh the reference indicators and datasets; returns how many datasets got
    a new version (idempotent: one whose content did not change gets none)."""
    indicators_upsert()
    loaded = 0
    for item in reference.reference_datasets():
        dataset, _ = Dataset.objects.update_or_create(slug=item.slug, defaults=item.fields)
        loaded += publish_rows(dataset, item.rows, item.note) is not None
    return loaded


def status_of(provisional: bool, estimated: bool, confidential: bool) -> str:
    """The single status word exports and the API show for an observation's flags."""
    if confidential:
        return "confidential"
    return "provisional" if provisional else "estimated" if estimated else ""


@transaction.atomic
def computed_dataset_publish(
    *,
    slug: str,
    dataset_fields: dict[str, Any],
    indicators: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    note: str,
) -> DatasetVersion | None:
    """Publish figures another app computed (the talent app's outcomes per region) as a new
    version of the dataset ``slug``, creating or refreshing its indicators first
    (``indicators``: Indicator fields with ``code``). None when nothing changed."""
    for item in indicators:
        fields = {key: value for key, value in item.items() if key != "code"}
        Indicator.objects.update_or_create(code=item["code"], defaults=fields)
    dataset, _ = Dataset.objects.update_or_create(slug=slug, defaults=dataset_fields)
    return publish_rows(dataset, rows, note, file_name=slug)


RESERVED_SLUGS = frozenset({"new"})  # taken by the creation page's URL


@transaction.atomic
def dataset_create(*, actor: User, fields: dict[str, Any]) -> Dataset:
    """A new dataset (no version yet) described by ``fields`` (the model's own: slug, titles,
    publisher, licence …). A regional officer's belongs to their organisation."""
    if not may_create_dataset(actor):
        raise PermissionDenied(_("You cannot create a dataset."))
    slug = fields["slug"]
    if slug in RESERVED_SLUGS or Dataset.objects.filter(slug=slug).exists():
        raise InvalidInput(
            _("A dataset already uses this identifier: choose another one."), code="slug_taken"
        )
    return Dataset.objects.create(**fields, owner=dataset_owner_for(actor))
