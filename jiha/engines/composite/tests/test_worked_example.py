"""docs/composite-worked-example.md, reproduced number for number."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from jiha.engines.composite import (
    Framework,
    IndexResult,
    IndexSpec,
    IndicatorTable,
    Pipeline,
)

DOC = Path(__file__).resolve().parents[4] / "docs" / "composite-worked-example.md"


def block(name: str) -> list[str]:
    """The lines of the table or code block following ``<!-- worked-example:name -->``."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- worked-example:{re.escape(name)} -->\n(.*?)(?:\n\n|\Z)", text, re.S)
    assert match, f"no worked-example:{name} block in {DOC.name}"
    return match.group(1).splitlines()


def table(name: str) -> list[dict[str, str]]:
    lines = [line for line in block(name) if line.startswith("|")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    return [
        dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        for line in lines[2:]
    ]


def yaml_block(name: str) -> Any:
    lines = block(name)
    assert lines[0] == "```yaml" and lines[-1] == "```"
    return yaml.safe_load("\n".join(lines[1:-1]))


def framework() -> Framework:
    rows: list[dict[str, object]] = [dict(row) for row in table("metadata")]
    return Framework.from_records(rows)


def data() -> IndicatorTable:
    rows = table("data")
    columns: dict[str, list[object]] = {key: [row[key] for row in rows] for key in rows[0]}
    return IndicatorTable.from_columns(columns)


def assert_printed(result: IndexResult, expected: list[dict[str, str]]) -> None:
    assert [row["unit"] for row in expected] == list(result.units)
    for column in expected[0]:
        if column == "unit":
            continue
        printed = [row[column] for row in expected]
        if column == "rank":
            assert result.index_ranks.astype(int).astype(str).tolist() == printed
        else:
            assert [f"{value:.3f}" for value in result.score(column)] == printed, column


@pytest.fixture
def nominal() -> tuple[Pipeline, IndexResult]:
    pipeline = Pipeline(framework(), IndexSpec.from_dict(yaml_block("spec")))
    return pipeline, pipeline.run(data())


def test_it_reproduces_the_denomination_and_imputation(
    nominal: tuple[Pipeline, IndexResult],
) -> None:
    _, result = nominal
    assert result.prepared.imputed[:, 0].tolist() == [10.0, 20.0, 30.0, 50.0]
    assert result.prepared.imputed[2, 2] == 60.0
    assert np.isnan(result.prepared.raw[2, 2])


def test_it_reproduces_the_normalised_table(nominal: tuple[Pipeline, IndexResult]) -> None:
    assert_printed(nominal[1], table("normalised"))


def test_it_reproduces_the_scores_and_ranks(nominal: tuple[Pipeline, IndexResult]) -> None:
    assert_printed(nominal[1], table("result"))


def test_it_reproduces_the_weight_slider(nominal: tuple[Pipeline, IndexResult]) -> None:
    pipeline, result = nominal
    assert_printed(pipeline.reweight(result, yaml_block("reweight")), table("reweighted"))


def test_it_reproduces_the_geometric_index() -> None:
    spec = IndexSpec.from_dict({**yaml_block("spec"), **yaml_block("geometric")})
    assert_printed(Pipeline(framework(), spec).run(data()), table("geometric-result"))
