"""``validate``: read an upload, match its header to the schema, run the checks, report.

Example:
    >>> schema = {"fields": [{"name": "region", "constraints": {"required": True}},
    ...                      {"name": "jobs", "type": "integer",
    ...                       "constraints": {"minimum": 0}}]}
    >>> report = validate(b"region;jobs\\nMA-01;1200\\nMA-02;-5\\n;7\\n", schema,
    ...                   filename="jobs.csv")
    >>> report.valid, report.row_count, [(e.row, e.column, e.code) for e in report.errors]
    (False, 3, [(3, 'jobs', 'minimum'), (4, 'region', 'required')])
    >>> report.table.rows()
    [('MA-01', 1200)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

import polars as pl

from jiha.engines.tables.checks import ROW, References, check_frame
from jiha.engines.tables.messages import DEFAULT_LANGUAGE
from jiha.engines.tables.ods import read_ods
from jiha.engines.tables.readers import FileRefused, RawTable, read_csv
from jiha.engines.tables.report import CellError, ValidationReport
from jiha.engines.tables.schema import FieldSpec, SchemaError, TableSchema, parse_schema
from jiha.engines.tables.spreadsheets import CellFormat, XlsxLimits, read_xlsx

__all__ = [
    "CSV_EXTENSIONS",
    "DEFAULT_MAX_BYTES",
    "ODS_EXTENSIONS",
    "XLSX_EXTENSIONS",
    "source_format",
    "validate",
]

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
CSV_EXTENSIONS = (".csv", ".tsv", ".txt")
XLSX_EXTENSIONS = (".xlsx",)
ODS_EXTENSIONS = (".ods",)


def validate(
    source: bytes | Path,
    schema: Mapping[str, Any] | TableSchema,
    *,
    filename: str,
    references: References | None = None,
    sheet: str | None = None,
    language: str = DEFAULT_LANGUAGE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_errors: int = 10_000,
    allow_extra_columns: bool = False,
    xlsx_limits: XlsxLimits | None = None,
) -> ValidationReport:
    """Validate a CSV, XLSX or ODS upload against a Table Schema descriptor.

    ``filename`` only chooses the reader by its extension (it is never opened); ``references``
    maps a foreign key's resource name to the allowed values. ``language`` is the default of
    ``report.messages()``. Raises ``SchemaError`` when the descriptor (or the references it
    needs) is wrong; every problem with the file itself is in the report.

    Example:
        >>> schema = {"fields": [{"name": "region"}],
        ...           "foreignKeys": [{"fields": "region",
        ...                            "reference": {"resource": "regions", "fields": "code"}}]}
        >>> report = validate(b"region\\nMA-01\\nMA-13\\n", schema, filename="r.csv",
        ...                   references={"regions": {"MA-01", "MA-02"}}, language="en")
        >>> report.messages()
        ['Row 3, column "region": "MA-13" does not exist in the reference "regions".']
    """
    table_schema = schema if isinstance(schema, TableSchema) else parse_schema(schema)
    references = references or {}
    _check_references(table_schema, references)
    kind = source_format(filename)
    try:
        if kind is None:
            _refuse_unsupported(filename)
        data = _read_bounded(source, max_bytes)
        if kind in ("xlsx", "ods"):
            read = read_xlsx if kind == "xlsx" else read_ods
            raw = read(
                data,
                filename=_display_name(filename),
                sheet=sheet,
                limits=xlsx_limits,
                formats=_cell_formats(table_schema),
                max_errors=max_errors,
            )
        else:
            raw = read_csv(data, max_errors=max_errors)
    except FileRefused as refused:
        return _refused(
            table_schema, refused.errors, kind or "unknown", language, max_errors, refused.total
        )
    return _check(
        raw, table_schema, references, kind or "csv", language, max_errors, allow_extra_columns
    )


def source_format(filename: str) -> str | None:
    """``"csv"``, ``"xlsx"`` or ``"ods"`` from a file name's extension, ``None`` if unsupported.

    Only the last component of the name counts: it is never used as a path.

    Example:
        >>> source_format("../../etc/passwd.csv"), source_format("C:\\\\up\\\\Data.XLSX")
        ('csv', 'xlsx')
        >>> source_format("report.xls") is None
        True
    """
    suffix = PurePosixPath(_last_component(filename)).suffix.lower()
    if suffix in CSV_EXTENSIONS:
        return "csv"
    if suffix in XLSX_EXTENSIONS:
        return "xlsx"
    if suffix in ODS_EXTENSIONS:
        return "ods"
    return None


def _last_component(filename: str) -> str:
    """The last component of an uploaded name, without control characters."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(char for char in name if char.isprintable())


def _display_name(filename: str) -> str:
    """The uploaded name as shown in messages: last component, at most 120 characters."""
    return _last_component(filename)[:120]


def _refuse_unsupported(filename: str) -> NoReturn:
    error = CellError(0, "", "", "unsupported-format", (("filename", _display_name(filename)),))
    raise FileRefused([error])


def _read_bounded(source: bytes | Path, max_bytes: int) -> bytes:
    """The bytes of the upload, refusing more than ``max_bytes`` without reading them all."""
    if isinstance(source, Path):
        with source.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    else:
        data = bytes(source[: max_bytes + 1])
    if len(data) > max_bytes:
        limit_mb = round(max_bytes / 1_048_576, 1)
        raise FileRefused([CellError(0, "", "", "too-large", (("limit_mb", f"{limit_mb:g}"),))])
    return data


def _check_references(schema: TableSchema, references: References) -> None:
    for foreign_key in schema.foreign_keys:
        if foreign_key.resource and foreign_key.resource not in references:
            raise SchemaError(
                f"foreign key on {list(foreign_key.fields)} refers to resource "
                f'"{foreign_key.resource}" but no reference list of that name was passed'
            )


def _check(
    raw: RawTable,
    schema: TableSchema,
    references: References,
    kind: str,
    language: str,
    max_errors: int,
    allow_extra_columns: bool,
) -> ValidationReport:
    header_errors, frame, absent, extras = _match_header(raw, schema, allow_extra_columns)
    if any(error.code == "duplicate-header" for error in header_errors):
        return _refused(schema, header_errors, kind, language, max_errors, raw=raw)
    outcome = check_frame(
        frame,
        schema,
        references=references,
        max_errors=max(max_errors - len(header_errors), 0),
        absent=absent,
    )
    errors = (header_errors + outcome.errors)[:max_errors]
    return ValidationReport(
        valid=not header_errors and outcome.error_count == 0,
        row_count=frame.height,
        errors=errors,
        table=outcome.table,
        error_count=len(header_errors) + outcome.error_count,
        source_format=kind,
        delimiter=raw.delimiter,
        encoding=raw.encoding,
        extra_columns=extras,
        language=language,
    )


def _match_header(
    raw: RawTable, schema: TableSchema, allow_extra_columns: bool
) -> tuple[list[CellError], pl.DataFrame, tuple[str, ...], tuple[str, ...]]:
    """Match columns by name (order is free): duplicates, missing and extra columns.

    A missing optional column becomes a null column; a missing required one is an error.
    """
    errors: list[CellError] = []
    counts = Counter(raw.header)
    for name in sorted(name for name, count in counts.items() if count > 1):
        errors.append(CellError(1, name, name, "duplicate-header"))
    position = {name: index for index, name in enumerate(raw.header)}
    absent = tuple(name for name in schema.names if name not in position)
    for name in absent:
        if schema.by_name[name].required or schema.by_name[name].column_required:
            errors.append(CellError(1, name, "", "missing-column"))
    extras = tuple(name for name in raw.header if name not in schema.by_name)
    if not allow_extra_columns:
        errors += [CellError(1, name, name, "extra-column") for name in extras]
    frame = raw.frame.select(
        pl.col(ROW),
        *(
            pl.col(str(position[name])).alias(name)
            if name in position
            else pl.lit(None, dtype=pl.String).alias(name)
            for name in schema.names
        ),
    )
    return errors, frame, absent, extras


def _refused(
    schema: TableSchema,
    errors: list[CellError],
    kind: str,
    language: str,
    max_errors: int,
    total: int | None = None,
    raw: RawTable | None = None,
) -> ValidationReport:
    empty = pl.DataFrame(schema={spec.name: spec.dtype for spec in schema.fields})
    return ValidationReport(
        valid=False,
        row_count=raw.frame.height if raw is not None else 0,
        errors=errors[:max_errors],
        table=empty,
        error_count=max(len(errors), total or 0),
        source_format=kind,
        delimiter=raw.delimiter if raw is not None else None,
        encoding=raw.encoding if raw is not None else None,
        language=language,
    )


def _cell_formats(schema: TableSchema) -> Callable[[Sequence[str]], list[CellFormat]]:
    """Write native spreadsheet values (numbers, dates, booleans) in each field's own format."""

    def formats(header: Sequence[str]) -> list[CellFormat]:
        return [
            _cell_format(schema.by_name[name]) if name in schema.by_name else CellFormat()
            for name in header
        ]

    return formats


def _cell_format(spec: FieldSpec) -> CellFormat:
    custom_date = spec.type == "date" and spec.format not in ("default", "any")
    return CellFormat(
        decimal_char=spec.decimal_char if spec.type == "number" else ".",
        true_text=spec.true_values[0] if spec.type == "boolean" else "true",
        false_text=spec.false_values[0] if spec.type == "boolean" else "false",
        date_format=spec.format if custom_date else None,
    )
