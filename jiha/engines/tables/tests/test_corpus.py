"""Golden scenarios: every file of the hostile-input corpus gives exactly the expected errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from jiha.engines.tables import validate

CORPUS = Path(__file__).parent / "corpus"
SCENARIOS: dict[str, Any] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", SCENARIOS["cases"], ids=lambda case: case["file"])
def test_it_reports_the_expected_errors_for_each_corpus_file(case: dict[str, Any]) -> None:
    path = CORPUS / case["file"]

    report = validate(path, SCENARIOS["schemas"][case["schema"]], filename=path.name)

    assert [[e.row, e.column, e.code] for e in report.errors] == case["errors"]
    assert report.valid is (not case["errors"])
    for key, actual in (
        ("rows", report.row_count),
        ("delimiter", report.delimiter),
        ("encoding", report.encoding),
    ):
        if key in case:
            assert actual == case[key]


def test_it_has_a_scenario_for_every_corpus_file() -> None:
    files = {path.name for path in CORPUS.iterdir() if path.suffix == ".csv"}

    assert files == {case["file"] for case in SCENARIOS["cases"]}
