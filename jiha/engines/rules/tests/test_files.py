"""File to file: columns read as a whole, parents by id, every bad cell named, nothing written
on failure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from jiha.engines.rules import (
    Entity,
    FormulaContext,
    InputError,
    Legislation,
    ParameterTree,
    Period,
    Simulation,
    Variable,
    files,
)
from jiha.engines.rules.types import AnyArray

COMPANY = Entity("company", "companies")
EMPLOYEE = Entity("employee", "employees", parent="company")


def _payroll(ctx: FormulaContext) -> AnyArray:
    return ctx.sum_children("employee", ctx("salary"))


LEGISLATION = Legislation(
    entities=(COMPANY, EMPLOYEE),
    variables={
        v.name: v
        for v in [
            Variable("salary", "employee", "money", "Salary"),
            Variable("hired", "employee", "date", "Hired"),
            Variable("sector", "company", "str", "Sector", default=""),
            Variable(
                "payroll", "company", "money", "Payroll", formulas={dt.date(2000, 1, 1): _payroll}
            ),
        ]
    },
    parameters=ParameterTree({}),
)


def situation(path: Path, **checks: files.Check) -> Simulation:
    """Rows numbered as a spreadsheet shows a CSV: the header is row 1."""
    frame = files.read_table(path, files.input_kinds(LEGISLATION))
    table = files.situation_from_table(
        LEGISLATION, frame, member="employee", required=("salary",), checks=checks, first_row=2
    )
    return Simulation(LEGISLATION, table)


def test_it_links_members_to_parents_by_id_text_or_number(tmp_path: Path) -> None:
    for ids in (["b", "a", "b"], [7, 3, 7]):
        path = tmp_path / "in.parquet"
        pl.DataFrame(
            {"company": ids, "salary": [10.5, 20, 0.01], "sector": ["x", "y", "x"]}
        ).write_parquet(path)
        simulation = situation(path)
        payroll = simulation.calculate("payroll", "2026")
        members = simulation.situation["employee"].parent_index
        assert members is not None
        assert payroll[members].tolist() == [1051, 2000, 1051]
        assert simulation.situation["company"].columns["sector"][members].tolist() == [
            "x",
            "y",
            "x",
        ]


def test_it_names_every_bad_column_with_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "company,salary,hired,sector\nc,1,2025-01-01,x\nc,abc,2025-02-30,x\nd,-1,,y\nd,2,,z\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as refused:
        situation(path, salary=files.Check(minimum=0))
    message = str(refused.value)
    assert "column 'salary', row 3: not a number" in message
    assert "column 'hired', row 3: not a date" in message
    path.write_text("company,salary,sector\nc,1,x\nd,-1,y\nd,2,z\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        situation(path, salary=files.Check(minimum=0))
    message = str(refused.value)
    assert "column 'salary', row 3: below 0" in message
    path.write_text("company,salary,sector\nc,1,x\nd,1,y\nd,2,z\n", encoding="utf-8")
    with pytest.raises(InputError, match="'sector', row 4: differs from the first row of the same"):
        situation(path)


def test_it_writes_money_as_exact_amounts_and_leaves_nothing_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    amounts = np.array([1851851837, 1, 99999999999999], dtype=np.int64)
    files.write_table({"amount": amounts / 100}, target)
    assert target.read_text(encoding="utf-8").split() == [
        "amount",
        "18518518.37",
        "0.01",
        "999999999999.99",
    ]
    with pytest.raises(InputError):
        files.write_table({"amount": amounts / 100}, tmp_path / "out.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_it_lists_the_steps_behind_a_result(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("company,salary\nc,1\n", encoding="utf-8")
    simulation = situation(path)
    assert files.explanation_steps(simulation, ["payroll"], Period.parse("2026")) == ["salary"]
