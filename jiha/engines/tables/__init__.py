"""Table Schema validation of CSV and XLSX uploads, vectorised with polars.

The contract is a Frictionless Table Schema descriptor; ``validate`` reads the upload as text
(no type guessing), refuses hostile files (bad encodings, ragged rows, formulas, zip bombs,
oversized files), checks every rule column-wise and returns a ``ValidationReport`` with
row/column errors in French, Arabic or English and the typed clean table.

Example:
    >>> from jiha.engines.tables import validate
    >>> schema = {"fields": [{"name": "code", "constraints": {"pattern": "MA-[0-9]{2}"}}],
    ...           "primaryKey": "code"}
    >>> report = validate(b"code\\nMA-01\\nMA-01\\n", schema, filename="regions.csv")
    >>> [(e.row, e.code) for e in report.errors]
    [(2, 'primary-key'), (3, 'primary-key')]
"""

from __future__ import annotations

from jiha.engines.tables.casting import DECIMAL_PRECISION
from jiha.engines.tables.checks import References
from jiha.engines.tables.messages import EXPECTED, LANGUAGES, MESSAGES
from jiha.engines.tables.readers import DELIMITERS
from jiha.engines.tables.report import CODES, CellError, ValidationReport
from jiha.engines.tables.schema import (
    SUPPORTED_TYPES,
    FieldSpec,
    SchemaError,
    TableSchema,
    parse_schema,
)
from jiha.engines.tables.spreadsheets import XlsxLimits
from jiha.engines.tables.validate import DEFAULT_MAX_BYTES, source_format, validate

__all__ = [
    "CODES",
    "DECIMAL_PRECISION",
    "DEFAULT_MAX_BYTES",
    "DELIMITERS",
    "EXPECTED",
    "LANGUAGES",
    "MESSAGES",
    "SUPPORTED_TYPES",
    "CellError",
    "FieldSpec",
    "References",
    "SchemaError",
    "TableSchema",
    "ValidationReport",
    "XlsxLimits",
    "parse_schema",
    "source_format",
    "validate",
]
