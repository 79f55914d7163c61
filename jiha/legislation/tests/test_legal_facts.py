"""Legal facts (dates, amounts, rates, legal lists) live in the dated parameter files with their
source, never as literals in the formulas."""

from __future__ import annotations

import ast
from pathlib import Path

from jiha.engines.rules import load_parameters
from jiha.legislation import PARAMETERS_DIR
from jiha.legislation import variables as formulas

# Numbers that are arithmetic, not law: nothing, one, months in a year, parts per million.
PLAIN_NUMBERS = {0, 1, 12, 1_000_000}


def _code_constants() -> list[ast.Constant]:
    tree = ast.parse(Path(formulas.__file__).read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and id(node) not in docstrings
    ]


def test_it_keeps_no_legal_date_amount_or_rate_in_the_formulas() -> None:
    found = [
        f"line {node.lineno}: {node.value!r}"
        for node in _code_constants()
        if isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
        and node.value not in PLAIN_NUMBERS
    ]
    assert found == []


def test_it_keeps_no_legal_list_in_the_formulas() -> None:
    parameters = load_parameters(PARAMETERS_DIR)
    legal_words = set(parameters["offer_2025.activities"].values[-1].value)
    legal_words |= set(parameters["offer_2025.ir_cap.premium_parks"].values[-1].value)
    legal_words |= set(parameters["offer_2025.ir_cap.regions_with_park"].values[-1].value)
    found = [
        f"line {node.lineno}: {node.value!r}"
        for node in _code_constants()
        if isinstance(node.value, str) and node.value in legal_words
    ]
    assert found == []


def test_the_schemes_start_on_the_dates_of_their_parameters() -> None:
    parameters = load_parameters(PARAMETERS_DIR)
    offer_start = parameters["offer_2025.start"].values[0]
    assert offer_start.start == formulas.OFFER_2025
    assert "lesechos" in offer_start.reference
    legislation_variable = next(v for v in formulas.variables if v.name == "employment_bonus")
    assert list(legislation_variable.formulas) == [offer_start.start]
