"""``jiha simulate``: a file of employees in, their results out; a bad file changes nothing."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

HEADER = "id,company,region,park,activity,profile,gross_annual_salary,hire_date,permanent"
ROWS = [
    "e1,c1,MA-06,casanearshore,ITO,it_engineer,600000,2025-09-01,true",
    "e2,c1,MA-06,casanearshore,ITO,bpo,120000,2025-09-01,yes",
    "e3,c2,MA-03,fes_shore,BPO,call_centre,600000,2025-07-01,1",
]


def write_csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def simulate(source: Path, target: Path, *extra: str) -> None:
    call_command("simulate", "--input", str(source), "--output", str(target), *extra)


@pytest.mark.django_db
def test_it_writes_each_employees_results_and_saving_to_csv(
    reference: None, tmp_path: Path
) -> None:
    target = tmp_path / "out.csv"
    simulate(write_csv(tmp_path / "in.csv", ROWS), target, "--year", "2027")
    out = pl.read_csv(target)
    assert out.get_column("id").to_list() == ["e1", "e2", "e3"]
    # hand-computed in jiha/legislation/scenarios/income_tax.yaml
    assert out.get_column("ordinary_income_tax").to_list() == [175439.33, 7218.72, 175439.33]
    assert out.get_column("income_tax_saving").to_list() == [55439.33, 0.0, 115439.33]
    assert out.get_column("employment_bonus").to_list() == [102000.0, 20400.0, 102000.0]
    # a company's total on each of its employees' rows
    assert out.get_column("total_incentives").to_list() == [122400.0, 122400.0, 102000.0]


@pytest.mark.django_db
def test_it_reads_parquet_and_writes_parquet_and_xlsx(reference: None, tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pl.read_csv(write_csv(tmp_path / "in.csv", ROWS)).write_parquet(source)
    simulate(source, tmp_path / "out.parquet", "--year", "2027")
    simulate(source, tmp_path / "out.xlsx", "--year", "2027")
    parquet = pl.read_parquet(tmp_path / "out.parquet")
    assert parquet.get_column("income_tax_saving").to_list() == [55439.33, 0.0, 115439.33]
    sheet = load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.values)
    saving = rows[0].index("income_tax_saving")
    assert [row[saving] for row in rows[1:]] == [55439.33, 0, 115439.33]


@pytest.mark.django_db
def test_it_adds_the_steps_behind_a_result_when_asked(reference: None, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    simulate(
        write_csv(tmp_path / "in.csv", ROWS),
        target,
        "--year",
        "2027",
        "--explain",
        "income_tax_saving",
    )
    out = pl.read_csv(target)
    for step in ("net_taxable_salary", "professional_expenses", "ir_capped_amount"):
        assert step in out.columns
    assert out.get_column("net_taxable_salary").to_list()[0] == 548214.40


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("e4,c3,MA-06,none,ITO,bpo,90000,2025-13-01,true", ["hire_date", "row 5", "date"]),
        ("e4,c3,MA-99,none,ITO,bpo,90000,2025-10-01,true", ["region", "row 5", "MA-99"]),
        ("e4,c3,MA-06,none,ITO,pilot,90000,2025-10-01,true", ["profile", "row 5", "pilot"]),
        ("e4,c3,MA-06,none,ITO,bpo,-5,2025-10-01,true", ["gross_annual_salary", "row 5"]),
        ("e4,c3,MA-06,none,ITO,bpo,ninety,2025-10-01,true", ["gross_annual_salary", "number"]),
        ("e4,c3,MA-06,none,ITO,bpo,90000.123,2025-10-01,true", ["2 decimal places"]),
        ("e4,c3,MA-06,none,ITO,bpo,90000,2025-10-01,maybe", ["permanent", "yes/no"]),
        ("e4,c1,MA-03,none,ITO,bpo,90000,2025-10-01,true", ["region", "row 5", "same company"]),
        ("e4,,MA-06,none,ITO,bpo,90000,2025-10-01,true", ["company", "row 5"]),
    ],
)
@pytest.mark.django_db
def test_it_names_the_column_and_row_of_a_bad_cell_and_writes_nothing(
    reference: None, tmp_path: Path, row: str, words: list[str]
) -> None:
    target = tmp_path / "out.csv"
    with pytest.raises(CommandError) as refused:
        simulate(write_csv(tmp_path / "in.csv", [*ROWS, row]), target, "--year", "2027")
    for word in words:
        assert word in str(refused.value)
    assert list(tmp_path.iterdir()) == [tmp_path / "in.csv"]


@pytest.mark.django_db
def test_it_refuses_a_file_without_a_required_column(reference: None, tmp_path: Path) -> None:
    header = HEADER.replace("hire_date", "hired")
    with pytest.raises(CommandError, match="Missing column.*hire_date"):
        simulate(write_csv(tmp_path / "in.csv", ROWS, header), tmp_path / "out.csv")


@pytest.mark.django_db
def test_it_refuses_an_unknown_explanation_a_year_out_of_range_and_a_bad_extension(
    reference: None, tmp_path: Path
) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    with pytest.raises(CommandError, match="unknown result 'bonus'"):
        simulate(source, tmp_path / "out.csv", "--year", "2027", "--explain", "bonus")
    with pytest.raises(CommandError, match="1990"):
        simulate(source, tmp_path / "out.csv", "--year", "1990")
    with pytest.raises(CommandError, match=r"\.csv, \.parquet or \.xlsx"):
        simulate(source, tmp_path / "out.json", "--year", "2027")
    assert list(tmp_path.iterdir()) == [source]


@pytest.mark.django_db
def test_it_refuses_an_output_folder_that_does_not_exist(reference: None, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", ROWS)
    with pytest.raises(CommandError):
        simulate(source, tmp_path / "missing" / "out.csv", "--year", "2027")
    assert list(tmp_path.iterdir()) == [source]
