"""Reports: trilingual messages for every code, the error cap, and a CSV safe for Excel."""

from __future__ import annotations

import csv
import io
import string

import pytest

from jiha.engines.tables import CODES, EXPECTED, LANGUAGES, MESSAGES, CellError, validate
from jiha.engines.tables.schema import SUPPORTED_TYPES

PARAMS = {
    "row": 7,
    "column": "jobs",
    "value": "abc",
    "expected_kind": "integer",
    "example": "42",
    "minimum": "0",
    "maximum": "10",
    "min_length": "2",
    "max_length": "5",
    "enum": "a, b",
    "pattern": "[0-9]+",
    "resource": "regions",
    "reference_field": "code",
    "byte": "81",
    "offset": "12",
    "expected": "3",
    "found": "1",
    "limit_mb": "50",
    "filename": "x.xlsx",
    "sheet": "2026",
    "sheets": "a, b",
    "cell": "B7",
    "size_mb": "900",
    "ratio": "1000",
    "max_ratio": "100",
    "count": "3",
    "limit": "1000",
    "places": "6",
    "digits": "15",
}
ARABIC_LETTERS = set("ابتثجحخدذرسشصضطظعغفقكلمنهوي")


def test_it_has_a_message_for_every_code_in_every_language() -> None:
    for language in LANGUAGES:
        assert set(MESSAGES[language]) == {*CODES, "truncated"}, language
        assert set(EXPECTED[language]) >= {*SUPPORTED_TYPES, "email", "uri", "uuid"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("code", CODES)
def test_it_renders_every_message_with_its_parameters(language: str, code: str) -> None:
    params = {key: value for key, value in PARAMS.items() if key not in ("row", "column", "value")}
    error = CellError(7, "jobs", "abc", code, tuple((k, str(v)) for k, v in params.items()))

    message = error.message(language)

    assert "{" not in message and "}" not in message
    placeholders = {
        name for _, name, _, _ in string.Formatter().parse(MESSAGES[language][code]) if name
    }
    assert placeholders <= set(PARAMS) | {"expected"}
    if language == "ar":
        assert set(message) & ARABIC_LETTERS


def test_it_speaks_french_by_default_and_falls_back_to_french() -> None:
    error = CellError(3, "code", "", "required")

    assert error.message() == "Ligne 3, colonne « code » : une valeur est obligatoire ici."
    assert error.message("es") == error.message("fr")
    assert error.message("ar-MA") == "السطر 3، العمود «code»: هذه القيمة إلزامية."


def test_it_never_formats_the_user_value_as_a_template() -> None:
    error = CellError(2, "{row}", "{0.__class__}", "enum", (("enum", "a"),))

    assert "{0.__class__}" in error.message("en")


def test_it_caps_the_errors_kept_and_says_how_many_more() -> None:
    data = b"n\n" + b"x\n" * 50
    schema = {"fields": [{"name": "n", "type": "integer"}]}

    report = validate(data, schema, filename="n.csv", max_errors=10, language="en")

    assert len(report.errors) == 10 and report.error_count == 50 and report.more_errors == 40
    assert [error.row for error in report.errors] == list(range(2, 12))
    assert report.messages()[-1] == "… and 40 more error(s) not shown."


def test_it_truncates_long_values_to_200_characters() -> None:
    report = validate(
        b"n\n" + b"9" * 500 + b"x\n",
        {"fields": [{"name": "n", "type": "integer"}]},
        filename="n.csv",
    )

    assert report.errors[0].value == "9" * 200


def test_it_exports_errors_as_csv_with_formula_injection_neutralised() -> None:
    schema = {
        "fields": [
            {"name": "name", "constraints": {"maxLength": 3}},
            {"name": "jobs", "type": "integer"},
        ]
    }
    data = b'name,jobs\n"=HYPERLINK(""http://x"")",-1x\n@SUM(A1),\tcmd\n'

    report = validate(data, schema, filename="n.csv")
    rows = list(csv.reader(io.StringIO(report.to_csv_bytes("ar").decode("utf-8-sig"))))

    assert rows[0] == ["row", "column", "value", "code", "message"]
    assert [row[2] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'-1x",
        "'@SUM(A1)",
        "'\tcmd",
    ]
    assert all(not row[4].startswith(("=", "+", "-", "@")) for row in rows[1:])
    assert rows[1][4].startswith("السطر 2")
