"""The rules engine on a toy legislation: money, parameters, laziness, cycles, reforms, traces."""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from jiha.engines.rules import (
    CycleError,
    DatedValue,
    Entity,
    FormulaContext,
    InputError,
    Legislation,
    Parameter,
    ParameterError,
    ParameterTree,
    Period,
    PeriodError,
    Simulation,
    UnknownVariableError,
    Variable,
    apply_ppm,
    load_parameters,
    situation_from_records,
    to_centimes,
)
from jiha.engines.rules.money import apply_rate
from jiha.engines.rules.scenarios import Scenario, run_scenario
from jiha.engines.rules.types import AnyArray

START = dt.date(2020, 1, 1)
ENTITIES = (Entity("company", "companies"), Entity("employee", "employees", parent="company"))


def _params() -> ParameterTree:
    return ParameterTree(
        {
            "bonus.rate": Parameter(
                "bonus.rate",
                "Bonus rate",
                "/1",
                (
                    DatedValue(START, 0.10, "Decree 1/2020", "official"),
                    DatedValue(dt.date(2025, 7, 1), 0.17, "Offer 2025", "secondary"),
                ),
            ),
            "bonus.floor": Parameter(
                "bonus.floor",
                "Floor",
                "currency-MAD",
                (DatedValue(START, None, "Annex", "to_confirm"),),
            ),
        }
    )


def _bonus(ctx: FormulaContext) -> AnyArray:
    return apply_ppm(ctx("salary"), ctx.rate("bonus.rate"))


def _total(ctx: FormulaContext) -> AnyArray:
    return ctx.sum_children("employee", ctx("bonus"))


def _floor(ctx: FormulaContext) -> AnyArray:
    return np.maximum(ctx("bonus"), ctx.money("bonus.floor"))


def _legislation(**extra: Variable) -> Legislation:
    variables = [
        Variable("salary", "employee", "money", "Salary"),
        Variable("bonus", "employee", "money", "Bonus", "Decree 1/2020", {START: _bonus}),
        Variable("company_total", "company", "money", "Total", formulas={START: _total}),
        Variable("floored", "employee", "money", "Floored bonus", formulas={START: _floor}),
    ]
    merged = {v.name: v for v in variables} | extra
    return Legislation(ENTITIES, merged, _params())


def _simulation(legislation: Legislation | None = None) -> Simulation:
    legislation = legislation or _legislation()
    situation = situation_from_records(
        ENTITIES,
        {
            "companies": [{"id": "a"}, {"id": "b"}],
            "employees": [
                {"company": "a", "salary": "1000.00"},
                {"company": "b", "salary": "123456789.12"},
                {"company": "a", "salary": "0.05"},
            ],
        },
        legislation.input_kinds(),
    )
    return Simulation(legislation, situation)


def test_it_multiplies_money_exactly_to_the_centime() -> None:
    # 123,456,789.12 × 0.15 = 18,518,518.368 → 18,518,518.37 (float32 gives 1.63 MAD off)
    centimes = np.array([to_centimes("123456789.12")], dtype=np.int64)
    assert apply_rate(centimes, "0.15").tolist() == [1_851_851_837]
    assert apply_ppm(centimes, 150_000).tolist() == [1_851_851_837]


@pytest.mark.parametrize(
    ("centimes", "ppm", "expected"),
    [(5, 100_000, 1), (-5, 100_000, -1), (4, 100_000, 0), (15, 100_000, 2), (0, 170_000, 0)],
)
def test_it_rounds_half_away_from_zero(centimes: int, ppm: int, expected: int) -> None:
    assert apply_ppm(np.array([centimes]), ppm).tolist() == [expected]


def test_it_stays_exact_beyond_int64_products() -> None:
    huge = np.array([9_000_000_000_000_000], dtype=np.int64)
    assert apply_ppm(huge, 500_000).tolist() == [4_500_000_000_000_000]


def test_it_picks_the_formula_and_parameter_in_force() -> None:
    simulation = _simulation()
    assert simulation.calculate("bonus", 2024).tolist() == [10000, 1234567891, 1]
    assert simulation.calculate("bonus", "2026").tolist()[0] == 17000


def test_it_sums_children_into_their_parent() -> None:
    simulation = _simulation()
    assert simulation.calculate("company_total", 2024).tolist() == [10001, 1234567891]


def test_it_computes_lazily_and_caches() -> None:
    simulation = _simulation()
    simulation.calculate("bonus", 2024)
    assert ("company_total", Period(2024)) not in simulation.trace
    first = simulation.calculate("bonus", 2024)
    assert simulation.calculate("bonus", 2024) is first


def test_it_names_the_cycle_in_a_readable_error() -> None:
    def a(ctx: FormulaContext) -> AnyArray:
        return ctx("b")

    def b(ctx: FormulaContext) -> AnyArray:
        return ctx("a")

    legislation = _legislation(
        a=Variable("a", "employee", "money", "A", formulas={START: a}),
        b=Variable("b", "employee", "money", "B", formulas={START: b}),
    )
    with pytest.raises(CycleError) as error:
        _simulation(legislation).calculate("a", 2024)
    assert "a → b → a" in str(error.value)
    assert error.value.cycle == ["a", "b", "a"]


def test_it_flags_results_that_depend_on_an_unconfirmed_parameter() -> None:
    simulation = _simulation()
    assert simulation.calculate("floored", 2024).tolist() == [10000, 1234567891, 1]
    assert simulation.unconfirmed("floored", 2024) == {"bonus.floor"}
    assert simulation.unconfirmed("bonus", 2024) == set()


def test_a_reform_changes_parameters_without_touching_the_baseline() -> None:
    baseline = _legislation()
    reform = baseline.reform("higher", parameters={"bonus.rate": {"2024-01-01": 0.5}})
    assert _simulation(reform).calculate("bonus", 2024).tolist()[0] == 50000
    assert _simulation(baseline).calculate("bonus", 2024).tolist()[0] == 10000


def test_a_reform_can_replace_a_variable() -> None:
    def flat(ctx: FormulaContext) -> AnyArray:
        return np.full(ctx.count, 100, dtype=np.int64)

    reform = _legislation().reform(
        "flat", variables=[Variable("bonus", "employee", "money", "Flat", formulas={START: flat})]
    )
    assert _simulation(reform).calculate("company_total", 2024).tolist() == [200, 100]


def test_the_explanation_lists_values_parameters_and_sources() -> None:
    explanation = _simulation().explain("bonus", 2026, 1)
    assert explanation.value == "20987654.15"
    [parameter] = explanation.parameters
    assert (parameter.name, parameter.value, parameter.start) == (
        "bonus.rate",
        0.17,
        dt.date(2025, 7, 1),
    )
    assert parameter.reference == "Offer 2025"
    assert explanation.inputs[0].variable == "salary"
    assert explanation.inputs[0].value == "123456789.12"
    assert "bonus.rate = 0.17" in "\n".join(explanation.lines())


def test_the_explanation_of_a_parent_shows_its_children() -> None:
    explanation = _simulation().explain("company_total", 2024, 0)
    assert explanation.value == "100.01"
    assert explanation.inputs[0].indices == [0, 2]


def test_it_refuses_a_parent_that_does_not_exist() -> None:
    with pytest.raises(InputError) as error:
        situation_from_records(
            ENTITIES, {"companies": [{"id": "a"}], "employees": [{"company": "zz"}]}, {}
        )
    assert error.value.field == "employees.company"


def test_it_refuses_a_malformed_amount() -> None:
    with pytest.raises(InputError):
        situation_from_records(
            ENTITIES,
            {"companies": [{"id": "a"}], "employees": [{"company": "a", "salary": "12,5x"}]},
            {"employee": {"salary": "money"}},
        )


def test_it_refuses_unknown_variables_and_dates_before_the_legislation() -> None:
    with pytest.raises(UnknownVariableError):
        _simulation().calculate("nope", 2024)
    assert _simulation().calculate("bonus", 2019).tolist() == [0, 0, 0]  # not yet in force
    early = Variable("early", "employee", "money", "Early", formulas={dt.date(2010, 1, 1): _bonus})
    with pytest.raises(ParameterError, match="does not cover"):
        _simulation(_legislation(early=early)).calculate("early", 2019)
    with pytest.raises(PeriodError):
        Period.parse("2024-13")


def test_it_loads_openfisca_style_yaml(tmp_path: Path) -> None:
    (tmp_path / "offer").mkdir()
    (tmp_path / "offer" / "ir.yaml").write_text(
        "cap:\n  description: Cap\n  metadata: {unit: /1, reference: Law 1}\n"
        "  values:\n    2006-07-17: {value: 0.2}\n"
        "    2025-07-01: {value: 0.1, confidence: official}\n"
    )
    tree = load_parameters(tmp_path)
    cap = tree["offer.ir.cap"]
    assert cap.at(dt.date(2025, 6, 30)).value == 0.2  # type: ignore[union-attr]
    assert cap.at(dt.date(2025, 7, 1)).confidence == "official"  # type: ignore[union-attr]
    assert cap.values[0].reference == "Law 1"
    with pytest.raises(ParameterError, match="Unknown parameter"):
        tree["offer.nope"]


def test_it_rejects_an_unknown_confidence(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("values:\n  2020-01-01: {value: 1, confidence: maybe}\n")
    with pytest.raises(ParameterError, match="confidence"):
        load_parameters(tmp_path)


def test_company_sums_stay_exact_beyond_float_precision() -> None:
    # bincount sums in float64; past 2**53 centimes the engine switches to integer sums.
    def total(ctx: FormulaContext) -> AnyArray:
        return ctx.sum_children("employee", ctx("salary"))

    legislation = _legislation(
        big_total=Variable("big_total", "company", "money", "Total", formulas={START: total})
    )
    situation = situation_from_records(
        ENTITIES,
        {
            "companies": [{"id": "a"}],
            "employees": [
                {"company": "a", "salary": str(2**60 // 100)},
                {"company": "a", "salary": "0.01"},
            ],
        },
        legislation.input_kinds(),
    )
    result = Simulation(legislation, situation).calculate("big_total", 2024)
    assert result.tolist() == [(2**60 // 100) * 100 + 1]


def test_it_flags_results_that_rest_on_an_interpretation() -> None:
    def once(ctx: FormulaContext) -> AnyArray:
        return ctx("bonus") * int(ctx.param("bonus.payments"))

    tree = _params()
    tree.parameters["bonus.payments"] = Parameter(
        "bonus.payments",
        "Payments",
        "year",
        (DatedValue(START, 1, "Reading of Decree 1/2020", "interpretation"),),
    )
    legislation = replace(
        _legislation(once=Variable("once", "employee", "money", "Once", formulas={START: once})),
        parameters=tree,
    )
    simulation = _simulation(legislation)
    assert simulation.interpretations("once", 2024) == {"bonus.payments"}
    assert simulation.interpretations("bonus", 2024) == set()


def test_a_formula_can_ask_whether_a_parameter_is_in_force_yet() -> None:
    def later(ctx: FormulaContext) -> AnyArray:
        return np.full(ctx.count, ctx.has("bonus.rate"), dtype=np.bool_)

    legislation = _legislation(
        later=Variable("later", "employee", "bool", "Later", formulas={dt.date(2010, 1, 1): later})
    )
    assert _simulation(legislation).calculate("later", 2019).tolist() == [False] * 3
    assert _simulation(legislation).calculate("later", 2020).tolist() == [True] * 3


def test_a_scenario_can_follow_an_output_across_periods() -> None:
    scenario = Scenario(
        name="bonus over the years",
        period="2024",
        inputs={"companies": [{"id": "a"}], "employees": [{"company": "a", "salary": 1000}]},
        outputs={"bonus": {2024: [100], 2026: [170], 2019: [1]}},
        margin=0,
        reforms={},
    )
    assert run_scenario(_legislation(), scenario) == ["bonus 2019[0]: expected 1, got 0"]


def test_the_engine_modules_import_bottom_up_without_a_circle() -> None:
    package = Path(__file__).resolve().parent.parent
    graph = {
        path.stem: {
            module.rsplit(".", 1)[-1]
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.ImportFrom)
            and (module := node.module or "").startswith("jiha.engines.rules.")
        }
        for path in package.glob("*.py")
        if path.stem != "__init__"
    }
    done: list[str] = []
    while len(done) < len(graph):
        ready = sorted(m for m, deps in graph.items() if m not in done and deps <= set(done))
        assert ready, f"import circle among {sorted(set(graph) - set(done))}"
        done.extend(ready)
