"""The one adapter between the observatory and the tables engine: a file and its Table Schema
in, the engine's row/column/message report out (checked against the indicators and territories
the database knows), and a valid table turned into observation columns for loading."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings
from django.utils.translation import gettext as _

from jiha.engines.tables import DECIMAL_PRECISION, SchemaError, ValidationReport, validate
from jiha.lib.errors import InvalidInput
from jiha.observatory.models import Indicator, Observation
from jiha.regions.models import Province, Region

VALUE_PLACES = Observation._meta.get_field("value").decimal_places


def file_check(
    data: bytes,
    schema: dict[str, Any],
    *,
    file_name: str,
    references: dict[str, set[str]],
    language: str,
    sheet: str | None = None,
) -> ValidationReport:
    """The tables engine's report on ``data`` against ``schema`` (and, when valid, the
    table); a schema the engine cannot read is the caller's error, with the reason."""
    try:
        return validate(
            data,
            schema,
            filename=file_name,
            references=references,
            sheet=sheet,
            language=language,
            max_bytes=settings.JIHA_MAX_UPLOAD_BYTES,
        )
    except SchemaError as exc:
        raise InvalidInput(
            _("The Table Schema is not valid: %(reason)s.") % {"reason": exc},
            code="invalid_schema",
        ) from exc


def indicator_ids() -> dict[str, int]:
    return dict(Indicator.objects.values_list("code", "id"))


def observation_references() -> dict[str, set[str]]:
    """What an observations file's foreign keys are checked against."""
    return {
        "indicators": set(Indicator.objects.values_list("code", flat=True)),
        "territories": set(territory_levels()),
    }


def territory_levels() -> dict[str, str]:
    levels: dict[str, str] = {"MA": Observation.Level.NATIONAL}
    levels.update(
        {code: Observation.Level.REGION for code in Region.objects.values_list("code", flat=True)}
    )
    levels.update(
        {
            code: Observation.Level.PROVINCE
            for code in Province.objects.values_list("code", flat=True)
        }
    )
    return levels


def _period_start(period: pl.Expr) -> pl.Expr:
    year = period.str.slice(0, 4)
    month = (
        pl.when(period.str.contains("-Q"))
        .then((period.str.slice(6, 1).cast(pl.Int32) - 1) * 3 + 1)
        .when(period.str.len_chars() == 7)
        .then(period.str.slice(5, 2).cast(pl.Int32))
        .otherwise(1)
    )
    return pl.date(year.cast(pl.Int32), month, 1)


def observation_frame(table: pl.DataFrame, indicator_ids: dict[str, int]) -> pl.DataFrame:
    """The validated table as observation columns (vectorised)."""
    unknown = set(table["indicator"].unique().to_list()) - set(indicator_ids)
    if unknown:
        raise InvalidInput(_("Unknown indicators: %s.") % ", ".join(sorted(unknown)))
    levels = territory_levels()
    status = pl.col("status").fill_null("")
    return table.select(
        pl.col("indicator")
        .replace_strict(indicator_ids, return_dtype=pl.Int64)
        .alias("indicator_id"),
        pl.col("territory").replace_strict(levels, return_dtype=pl.Utf8).alias("level"),
        pl.col("territory"),
        pl.col("period"),
        _period_start(pl.col("period")).alias("period_start"),
        # An exact decimal all the way to the database: a float would turn
        # 12345678901234567 into …568.
        pl.col("value").cast(pl.Decimal(DECIMAL_PRECISION, VALUE_PLACES)).alias("value"),
        (status == "provisional").alias("provisional"),
        (status == "estimated").alias("estimated"),
        ((status == "confidential") | pl.col("value").is_null()).alias("confidential"),
    )
