"""Downloads of observations: CSV, XLSX, Parquet and SDMX-CSV 2.0, safe from formula injection."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import polars as pl
from openpyxl import Workbook

from jiha.engines.tables.report import neutralise_formula

COLUMNS = ["indicator", "territory", "period", "value", "status", "dataset", "version"]
SDMX_MEDIA_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "sdmx": SDMX_MEDIA_TYPE,
}
TEXT_COLUMNS = ("indicator", "territory", "period", "status", "dataset")


def frame(rows: Iterable[Sequence[Any]], *, exact: bool = False) -> pl.DataFrame:
    """Rows (indicator, territory, period, value, status, dataset, version) as a typed frame.

    ``exact`` keeps each value as the decimal text given (see ``decimal_text``), for a CSV
    that loads back unchanged: a float would turn 12345678901234567 into …568.
    """
    table = pl.DataFrame(
        list(rows),
        schema={
            "indicator": pl.Utf8,
            "territory": pl.Utf8,
            "period": pl.Utf8,
            "value": pl.Utf8 if exact else pl.Float64,
            "status": pl.Utf8,
            "dataset": pl.Utf8,
            "version": pl.Int64,
        },
        orient="row",
    )
    # Text cells starting with = + - @ would run as formulas in a spreadsheet: neutralise them.
    return table.with_columns(
        pl.col(c).map_elements(neutralise_formula, return_dtype=pl.Utf8) for c in TEXT_COLUMNS
    )


def decimal_text(value: Decimal | None) -> str | None:
    """A stored value as plain decimal text, without exponent or trailing zeros.

    Example:
        >>> decimal_text(Decimal("4467911.000000")), decimal_text(Decimal("23.300000"))
        ('4467911', '23.3')
    """
    if value is None:
        return None
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def to_csv(table: pl.DataFrame) -> bytes:
    return table.write_csv(null_value="").encode("utf-8")


def to_parquet(table: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    table.write_parquet(buffer)
    return buffer.getvalue()


def to_xlsx(table: pl.DataFrame) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("observations")
    sheet.append(table.columns)
    for row in table.iter_rows():
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx(
    rows: Sequence[tuple[str, str]],
    guide: Sequence[Sequence[str]],
    guide_title: str,
) -> bytes:
    """A workbook to fill in: the observations sheet first (the one an upload reads) with its
    header and one row per (indicator, territory), then a labelled guide sheet.

    Text is neutralised as in every download: a cell never runs as a formula.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("observations")
    sheet.append(["indicator", "territory", "period", "value", "status"])
    for indicator, territory in rows:
        sheet.append([neutralise_formula(indicator), neutralise_formula(territory)])
    notes = workbook.create_sheet(guide_title[:31])
    for line in guide:
        notes.append([neutralise_formula(cell) for cell in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_sdmx_csv(table: pl.DataFrame, dataflow: str) -> bytes:
    """SDMX-CSV 2.0: STRUCTURE, STRUCTURE_ID, ACTION, dimensions, measure, attributes."""
    sdmx = table.select(
        pl.lit("dataflow").alias("STRUCTURE"),
        pl.lit(f"JIHA:{dataflow}(1.0)").alias("STRUCTURE_ID"),
        pl.lit("I").alias("ACTION"),
        pl.col("indicator").alias("INDICATOR"),
        pl.col("territory").alias("REF_AREA"),
        pl.col("period").alias("TIME_PERIOD"),
        pl.col("value").alias("OBS_VALUE"),
        pl.col("status")
        .replace_strict({"provisional": "P", "estimated": "E", "confidential": "C"}, default="A")
        .alias("OBS_STATUS"),
    )
    return sdmx.write_csv(null_value="").encode("utf-8")


def render(table: pl.DataFrame, fmt: str, dataflow: str = "DF_JIHA") -> bytes:
    if fmt == "csv":
        return to_csv(table)
    if fmt == "xlsx":
        return to_xlsx(table)
    if fmt == "parquet":
        return to_parquet(table)
    if fmt == "sdmx":
        return to_sdmx_csv(table, dataflow)
    raise ValueError(fmt)
