"""What a validation returns: the errors (row, column, value, code, message) and the clean table.

Example:
    >>> error = CellError(3, "jobs", "-4", "minimum", (("minimum", "0"),))
    >>> error.message("en")
    'Row 3, column "jobs": "-4" is below the allowed minimum (0).'
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import polars as pl

from jiha.engines.tables.messages import DEFAULT_LANGUAGE, language_of, render

__all__ = ["CODES", "MAX_VALUE_CHARS", "CellError", "ValidationReport", "neutralise_formula"]

MAX_VALUE_CHARS = 200
CODES = (
    "type-error",
    "integer-overflow",
    "non-finite",
    "required",
    "minimum",
    "maximum",
    "exclusive-minimum",
    "exclusive-maximum",
    "decimal-places",
    "significant-digits",
    "number-overflow",
    "min-length",
    "max-length",
    "enum",
    "pattern",
    "unique",
    "primary-key",
    "foreign-key",
    "missing-column",
    "extra-column",
    "duplicate-header",
    "encoding",
    "formula",
    "zip-bomb",
    "not-xlsx",
    "not-ods",
    "too-many-cells",
    "missing-sheet",
    "no-visible-sheet",
    "macro-enabled",
    "external-link",
    "row-length",
    "empty-file",
    "too-large",
    "too-many-columns",
    "unsupported-format",
)
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class CellError:
    """One problem found in the file.

    ``row`` is the row number as a spreadsheet shows it: the header is row 1, the first data row
    is row 2 (file-level problems such as a missing column are reported on row 1, and a refused
    file on row 0). ``value`` is the raw text of the cell, cut to 200 characters.
    """

    row: int
    column: str
    value: str
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def message(self, language: str = DEFAULT_LANGUAGE) -> str:
        """The human message in French (default), Arabic or English.

        Example:
            >>> error = CellError(2, "region", "MA-99", "foreign-key", (("resource", "regions"),))
            >>> print(error.message())
            Ligne 2, colonne « region » : « MA-99 » n'existe pas dans la référence « regions ».
        """
        return render(
            self.code,
            language,
            row=self.row,
            column=self.column,
            value=self.value,
            **dict(self.params),
        )


@dataclass(slots=True)
class ValidationReport:
    """The outcome of ``validate``.

    ``table`` holds the rows without any error, typed per the schema (all of them when the
    file is valid); ``error_count`` counts every error found, ``errors`` keeps the first
    ``max_errors`` of them in row order, and ``more_errors`` says how many were left out.
    """

    valid: bool
    row_count: int
    errors: list[CellError]
    table: pl.DataFrame
    error_count: int = 0
    source_format: str = "csv"
    delimiter: str | None = None
    encoding: str | None = None
    extra_columns: tuple[str, ...] = field(default=())
    language: str = DEFAULT_LANGUAGE

    @property
    def more_errors(self) -> int:
        return self.error_count - len(self.errors)

    def messages(self, language: str | None = None) -> list[str]:
        """Every kept error as a sentence, plus one line saying how many were left out.

        Example:
            >>> report = ValidationReport(False, 0, [CellError(0, "", "", "empty-file")],
            ...                           pl.DataFrame(), error_count=3)
            >>> report.messages("en")
            ['The file is empty: it does not even have a header row.', '… and 2 more error(s) not shown.']
        """  # noqa: E501
        lang = language_of(language or self.language)
        lines = [error.message(lang) for error in self.errors]
        if self.more_errors > 0:
            lines.append(render("truncated", lang, count=self.more_errors))
        return lines

    def to_csv_bytes(self, language: str | None = None) -> bytes:
        """The errors as a UTF-8 CSV (row, column, value, code, message) safe to open in Excel.

        Cells that a spreadsheet would run as a formula get a leading apostrophe.

        Example:
            >>> error = CellError(5, "jobs", "=1+1", "type-error",
            ...                   (("expected_kind", "integer"), ("example", "42")))
            >>> report = ValidationReport(False, 4, [error], pl.DataFrame(), error_count=1)
            >>> report.to_csv_bytes("en").decode("utf-8-sig").splitlines()[1]
            '5,jobs,\\'=1+1,type-error,"Row 5, column ""jobs"": ""=1+1"" is not a whole number (e.g. 42)."'
        """  # noqa: E501
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["row", "column", "value", "code", "message"])
        lang = language_of(language or self.language)
        for error in self.errors:
            writer.writerow(
                [
                    error.row,
                    neutralise_formula(error.column),
                    neutralise_formula(error.value),
                    error.code,
                    neutralise_formula(error.message(lang)),
                ]
            )
        if self.more_errors > 0:
            writer.writerow(["", "", "", "", render("truncated", lang, count=self.more_errors)])
        # The BOM makes Excel open the file as UTF-8 (accents and Arabic intact).
        return buffer.getvalue().encode("utf-8-sig")


def neutralise_formula(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would evaluate as a formula.

    Example:
        >>> neutralise_formula("=HYPERLINK(\\"http://x\\")"), neutralise_formula("ok")
        ('\\'=HYPERLINK("http://x")', 'ok')
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
