"""Jiha's rules engine and OpenFisca-core side by side, same machine, same run (run by hand).

OpenFisca is a peer, never a dependency of Jiha: install it in a venv of its own, with what
Jiha's engine needs (it imports without Django), and run this file from the repository root:

    python3 -m venv /tmp/ofvenv
    /tmp/ofvenv/bin/pip install openfisca-core numpy pyyaml
    /tmp/ofvenv/bin/python bench/bench_rules_vs_openfisca.py

Without openfisca-core installed it measures Jiha's half only and says so.

The same toy system is written in each engine with its own API:
- OpenFisca: a ``person`` entity (1,000,000) in a ``company`` group entity (10,000, role
  ``employee``); Jiha: ``company`` (10,000) and ``Entity("employee", "employees",
  parent="company")`` (1,000,000);
- one input ``salary`` (money), one parameter ``rate`` = 0.15 in force from 2025-01-01, read by
  both engines from the same OpenFisca-format YAML file; ``bonus = salary × rate`` per person and
  ``company_bonus`` = the sum of its employees' bonuses.

Measured (timings are the best of 3, median in brackets, garbage collector off during a timed
call as in ``timeit``; the machine may be shared):
1. build of a 1,000,000-person simulation from numpy arrays (arrays made beforehand, each engine
   given its native type: float MAD for OpenFisca, int64 centimes for Jiha);
2. compute of ``bonus`` + ``company_bonus`` for 2026 on a freshly built simulation;
3. the money error on 123,456,789.12 × 0.15 (exact: 18,518,518.368 → 18,518,518.37), and the
   error over all 1,000,000 bonuses against exact integer arithmetic;
4. the build from JSON-like dicts for N = 1,000 … 20,000 persons (100 per company):
   ``SimulationBuilder().build_from_entities`` vs ``situation_from_records``, with the growth
   exponent k of time ∝ N^k (fitted on all sizes, and between the two largest; on wall time and
   on this process's CPU time, which a shared machine disturbs less); OpenFisca's series stops
   after a size that takes more than 60 s;
5. end to end, file to file (``--e2e``, issue 11): a CSV of 1,000,000 persons (``id``,
   ``company``, ``salary`` in MAD) in, a CSV of ``id``, ``company``, ``bonus``, ``company_bonus``
   out, each run in a subprocess of its own (interpreter start and imports included) timed from
   outside, with its peak resident memory (``os.wait4``'s ``ru_maxrss``). Jiha runs the path of
   ``jiha simulate`` (``jiha.engines.rules.files``: polars reads the CSV as text, every column
   checked as a whole, arrays to the engine, polars writes); OpenFisca runs its usual table path,
   pandas ``read_csv`` → ``SimulationBuilder`` → ``to_csv``, and, to show what is the reader's and
   what is the engine's, the same with polars reading and writing. Best of 3 and median,
   alternating the tools. The peer venv then needs ``pandas polars`` too:

       /tmp/ofvenv/bin/pip install openfisca-core numpy pyyaml pandas polars
       /tmp/ofvenv/bin/python bench/bench_rules_vs_openfisca.py --e2e
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jiha.engines.rules import (  # noqa: E402
    Entity,
    FormulaContext,
    Legislation,
    Population,
    Simulation,
    Situation,
    Variable,
    apply_ppm,
    from_centimes,
    load_parameters,
    situation_from_records,
)
from jiha.engines.rules.types import AnyArray  # noqa: E402

# The Jiha child of the end-to-end run (``--run jiha``) does not load the peer at all, so that
# its time and memory are Jiha's alone.
JIHA_CHILD = sys.argv[1:3] == ["--run", "jiha"]
try:
    if JIHA_CHILD:
        raise ImportError("not loaded in Jiha's own run")
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable as OFVariable

    HAVE_OPENFISCA = True
except ImportError:  # the file stays importable (and lintable) without the peer
    HAVE_OPENFISCA = False

PERSONS = 1_000_000
COMPANIES = 10_000
PERIOD = "2026"
REPEAT = 3
JSON_SIZES = (1_000, 5_000, 10_000, 20_000)
JSON_LIMIT_S = 60.0
EXACT_SALARY = 123_456_789.12
EXACT_BONUS = Decimal("18518518.37")  # 18,518,518.368 to the centime

RATE_YAML = """\
description: Bonus rate (toy system shared by both engines)
metadata:
  unit: /1
values:
  2025-01-01:
    value: 0.15
"""

Row = tuple[str, str, str]
T = TypeVar("T")


# --- timing ------------------------------------------------------------------------------------
@dataclass
class Timing:
    """Wall and CPU (this process only) seconds of repeated calls."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.wall)

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_best(self) -> float:
        return min(self.cpu)

    def wall_text(self) -> str:
        return f"{duration(self.best)} [{duration(self.median)}]"


def duration(value: float) -> str:
    if value < 0.001:
        return f"{value * 1e6:,.0f} µs"
    if value < 1:
        return f"{value * 1000:,.1f} ms"
    return f"{value:,.2f} s"


def timed(function: Callable[[], T], timing: Timing) -> T:
    """Call ``function`` once and add its wall and CPU time to ``timing``. The garbage collector
    is emptied first and off during the call (as in ``timeit``), so that neither engine pays for
    the other's leftover objects."""
    gc.collect()
    gc.disable()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        timing.cpu.append(time.process_time() - cpu)
        timing.wall.append(time.perf_counter() - wall)
        return result
    finally:
        gc.enable()


def repeat_timed(
    function: Callable[[], T], limit: float = math.inf, repeat: int = REPEAT
) -> tuple[Timing, T]:
    """Best-of-``repeat`` timing (fewer calls once one takes more than ``limit`` seconds)."""
    timing = Timing()
    result = timed(function, timing)
    while len(timing.wall) < repeat and timing.wall[-1] <= limit:
        result = timed(function, timing)
    return timing, result


def build_then_compute(
    build: Callable[[], Any], compute: Callable[[Any], object]
) -> tuple[Timing, Timing, Any]:
    """Best-of-``REPEAT`` build, and best-of-``REPEAT`` compute, each on a fresh simulation."""
    build_timing, compute_timing = Timing(), Timing()
    simulation: Any = None
    for _ in range(REPEAT):
        simulation = timed(build, build_timing)
        timed(lambda: compute(simulation), compute_timing)  # noqa: B023 - called at once
    return build_timing, compute_timing, simulation


def growth_exponent(sizes: list[int], times: list[float]) -> float:
    """Least-squares slope of log(time) against log(N): 1 is linear, 2 quadratic."""
    xs = [math.log(n) for n in sizes]
    ys = [math.log(t) for t in times]
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    num = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    den = sum((x - mean_x) ** 2 for x in xs)
    return num / den


# --- shared data -------------------------------------------------------------------------------
class Data:
    """The 1,000,000 persons in 10,000 companies, in each engine's native form."""

    def __init__(self) -> None:
        rng = np.random.default_rng(42)
        # 60,000.00 – 600,000.00 MAD a year, to the centime.
        self.salary_centimes = rng.integers(6_000_000, 60_000_000, PERSONS, dtype=np.int64)
        self.salary_mad = self.salary_centimes / 100  # float64; OpenFisca stores it as float32
        self.company_of_person = np.sort(rng.integers(0, COMPANIES, PERSONS)).astype(np.int64)
        self.person_ids = np.arange(PERSONS)
        self.company_ids = np.arange(COMPANIES)
        self.roles = np.zeros(PERSONS, dtype=np.int64)  # index into the group's roles: employee
        # Exact bonuses, half away from zero, in plain integers (salaries are positive).
        self.exact_bonus = (self.salary_centimes * 15 + 50) // 100
        # Float64 sums of integers far below 2**53 are exact.
        self.exact_company = np.bincount(
            self.company_of_person, weights=self.exact_bonus, minlength=COMPANIES
        ).astype(np.int64)


def json_records(n: int, seed: int = 7) -> tuple[list[str], list[str], list[float], list[int]]:
    """Ids, company ids, salaries (float MAD, as a JSON body carries them) and memberships."""
    rng = np.random.default_rng(seed)
    companies = max(1, n // 100)
    salaries = (rng.integers(6_000_000, 60_000_000, n) / 100).tolist()
    membership = np.sort(rng.integers(0, companies, n)).tolist()
    return (
        [f"p{i}" for i in range(n)],
        [f"c{j}" for j in range(companies)],
        salaries,
        membership,
    )


# --- Jiha ----------------------------------------------------------------------------------------
COMPANY = Entity("company", "companies")
EMPLOYEE = Entity("employee", "employees", parent="company")


def _bonus(ctx: FormulaContext) -> AnyArray:
    return apply_ppm(ctx("salary"), ctx.rate("rate"))


def _company_bonus(ctx: FormulaContext) -> AnyArray:
    return ctx.sum_children("employee", ctx("bonus"))


def jiha_legislation(parameters_dir: Path) -> Legislation:
    start = dt.date(2025, 1, 1)
    variables = [
        Variable("salary", "employee", "money", "Gross annual salary"),
        Variable("bonus", "employee", "money", "Bonus", formulas={start: _bonus}),
        Variable(
            "company_bonus",
            "company",
            "money",
            "Bonuses of the company's employees",
            formulas={start: _company_bonus},
        ),
    ]
    return Legislation(
        entities=(COMPANY, EMPLOYEE),
        variables={v.name: v for v in variables},
        parameters=load_parameters(parameters_dir),
    )


def jiha_from_arrays(legislation: Legislation, data: Data) -> Simulation:
    company = Population(COMPANY, COMPANIES)
    staff = Population(
        EMPLOYEE,
        PERSONS,
        columns={"salary": data.salary_centimes},
        parent_index=data.company_of_person,
    )
    return Simulation(legislation, Situation({"company": company, "employee": staff}))


def jiha_compute(simulation: Simulation) -> None:
    simulation.calculate("bonus", PERIOD)
    simulation.calculate("company_bonus", PERIOD)


def jiha_records_dict(
    people: list[str], companies: list[str], salaries: list[float], membership: list[int]
) -> dict[str, list[dict[str, Any]]]:
    return {
        "companies": [{"id": c} for c in companies],
        "employees": [
            {"id": p, "company": companies[m], "salary": s}
            for p, m, s in zip(people, membership, salaries, strict=True)
        ],
    }


# --- OpenFisca -----------------------------------------------------------------------------------
def openfisca_system(parameters_dir: Path) -> Any:
    """The toy system with OpenFisca's own API: entities, Variable classes, YAML parameters."""
    person = build_entity("person", "persons", "A person", is_person=True)
    company = build_entity(
        "company",
        "companies",
        "A company",
        roles=[{"key": "employee", "plural": "employees", "label": "Employees"}],
    )

    class salary(OFVariable):  # OpenFisca names a variable after its class
        value_type = float
        entity = person
        definition_period = DateUnit.YEAR
        label = "Gross annual salary"

    class bonus(OFVariable):
        value_type = float
        entity = person
        definition_period = DateUnit.YEAR
        label = "Bonus"

        def formula_2025_01_01(person: Any, period: Any, parameters: Any) -> Any:
            return person("salary", period) * parameters(period).rate

    class company_bonus(OFVariable):
        value_type = float
        entity = company
        definition_period = DateUnit.YEAR
        label = "Bonuses of the company's employees"

        def formula_2025_01_01(company: Any, period: Any) -> Any:
            return company.sum(company.members("bonus", period))

    class ToySystem(TaxBenefitSystem):
        def __init__(self) -> None:
            super().__init__([person, company])
            self.load_parameters(str(parameters_dir))
            self.add_variables(salary, bonus, company_bonus)

    return ToySystem()


def openfisca_from_arrays(system: Any, data: Data) -> Any:
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", data.person_ids)
    companies = builder.declare_entity("company", data.company_ids)
    builder.join_with_persons(companies, data.company_of_person, data.roles)
    simulation = builder.build(system)
    simulation.set_input("salary", PERIOD, data.salary_mad)
    return simulation


def openfisca_compute(simulation: Any) -> None:
    simulation.calculate("bonus", PERIOD)
    simulation.calculate("company_bonus", PERIOD)


def openfisca_situation(
    people: list[str], companies: list[str], salaries: list[float], membership: list[int]
) -> dict[str, Any]:
    employees: dict[str, list[str]] = {c: [] for c in companies}
    for p, m in zip(people, membership, strict=True):
        employees[companies[m]].append(p)
    return {
        "persons": {p: {"salary": {PERIOD: s}} for p, s in zip(people, salaries, strict=True)},
        "companies": {c: {"employees": members} for c, members in employees.items()},
    }


# --- the benchmark -------------------------------------------------------------------------------
def versions() -> str:
    of = metadata.version("openfisca-core") if HAVE_OPENFISCA else "not installed"
    return (
        f"Python {platform.python_version()}, numpy {np.__version__}, openfisca-core {of}, "
        f"{os.cpu_count()} CPUs"
    )


def money_error(value: float | Decimal) -> Decimal:
    return (Decimal(repr(float(value))) - EXACT_BONUS).copy_abs()


def bench_arrays(rows: list[Row], data: Data, legislation: Legislation, system: Any) -> None:
    size = f"{PERSONS:,} persons / {COMPANIES:,} companies"
    build, compute, simulation = build_then_compute(
        lambda: jiha_from_arrays(legislation, data), jiha_compute
    )
    bonus = simulation.calculate("bonus", PERIOD)
    totals = simulation.calculate("company_bonus", PERIOD)
    jiha_results = {
        "centimes": bonus,
        "companies": totals,
    }
    of_results: dict[str, AnyArray] = {}
    of_times: tuple[Timing, Timing] | None = None
    if system is not None:
        of_build, of_compute, of_simulation = build_then_compute(
            lambda: openfisca_from_arrays(system, data), openfisca_compute
        )
        of_times = (of_build, of_compute)
        of_bonus = of_simulation.calculate("bonus", PERIOD).astype(np.float64)
        of_totals = of_simulation.calculate("company_bonus", PERIOD).astype(np.float64)
        if of_totals.shape != (COMPANIES,) or of_bonus.shape != (PERSONS,):
            raise SystemExit("OpenFisca returned arrays of unexpected shapes.")
        # float MAD → centimes, rounded to the nearest centime (the kindest reading of float32).
        of_results = {
            "centimes": np.rint(of_bonus * 100).astype(np.int64),
            "companies": np.rint(of_totals * 100).astype(np.int64),
        }

    rows.append(("Jiha", f"build from arrays, {size}", build.wall_text()))
    if of_times:
        rows.append(("OpenFisca", f"build from arrays, {size}", of_times[0].wall_text()))
    rows.append(("Jiha", "compute bonus + company sum", compute.wall_text()))
    if of_times:
        rows.append(("OpenFisca", "compute bonus + company sum", of_times[1].wall_text()))
    for tool, results in (("Jiha", jiha_results), ("OpenFisca", of_results)):
        if not results:
            continue
        off = np.abs(results["centimes"] - data.exact_bonus)
        company_off = np.abs(results["companies"] - data.exact_company)
        total_off = abs(int(results["companies"].sum()) - int(data.exact_company.sum()))
        rows.append(
            (tool, f"bonuses not exact (of {PERSONS:,})", f"{int(np.count_nonzero(off)):,}")
        )
        rows.append((tool, "largest error, one bonus", f"{from_centimes(int(off.max()))} MAD"))
        rows.append(
            (
                tool,
                f"company sums not exact (of {COMPANIES:,})",
                f"{int(np.count_nonzero(company_off)):,}",
            )
        )
        rows.append(
            (tool, "largest error, one company sum", f"{from_centimes(int(company_off.max()))} MAD")
        )
        rows.append((tool, "error on the grand total", f"{from_centimes(total_off):,} MAD"))
    exact_total = from_centimes(int(data.exact_company.sum()))
    rows.append(("reference", "exact grand total", f"{exact_total:,} MAD"))


def bench_money(rows: list[Row], legislation: Legislation, system: Any) -> None:
    records: dict[str, list[dict[str, Any]]] = {
        "companies": [{"id": "c"}],
        "employees": [{"id": "p", "company": "c", "salary": EXACT_SALARY}],
    }
    simulation = Simulation(
        legislation,
        situation_from_records(legislation.entities, records, legislation.input_kinds()),
    )
    value = from_centimes(int(simulation.calculate("bonus", PERIOD)[0]))
    rows.append(("Jiha", "123,456,789.12 × 0.15", f"{value:,} (error {money_error(value)} MAD)"))
    if system is None:
        return
    situation = {
        "persons": {"p": {"salary": {PERIOD: EXACT_SALARY}}},
        "companies": {"c": {"employees": ["p"]}},
    }
    of_simulation = SimulationBuilder().build_from_entities(system, situation)
    of_value = float(of_simulation.calculate("bonus", PERIOD)[0])
    rows.append(
        (
            "OpenFisca",
            "123,456,789.12 × 0.15",
            f"{of_value:,.2f} (error {money_error(of_value):.2f} MAD)",
        )
    )


def bench_json(rows: list[Row], legislation: Legislation, system: Any) -> None:
    """Build from JSON-like dicts at growing N. The growth exponent is fitted on CPU time too:
    on a shared machine it moves less than wall time."""
    series: dict[str, tuple[list[int], list[Timing]]] = {"Jiha": ([], []), "OpenFisca": ([], [])}
    of_stopped = system is None
    kinds = legislation.input_kinds()
    for n in JSON_SIZES:
        people, companies, salaries, membership = json_records(n)
        records = jiha_records_dict(people, companies, salaries, membership)

        def jiha_build(records: dict[str, list[dict[str, Any]]] = records) -> Simulation:
            situation = situation_from_records(legislation.entities, records, kinds)
            return Simulation(legislation, situation)

        timing, simulation = repeat_timed(jiha_build)
        series["Jiha"][0].append(n)
        series["Jiha"][1].append(timing)
        if of_stopped:
            continue
        situation = openfisca_situation(people, companies, salaries, membership)
        of_timing, of_simulation = repeat_timed(
            lambda: SimulationBuilder().build_from_entities(system, situation),  # noqa: B023
            limit=JSON_LIMIT_S,
        )
        series["OpenFisca"][0].append(n)
        series["OpenFisca"][1].append(of_timing)
        # Both engines built the same situation: their company totals agree (to float32).
        if n == JSON_SIZES[0]:
            ours = simulation.calculate("company_bonus", PERIOD).sum() / 100
            theirs = float(of_simulation.calculate("company_bonus", PERIOD).astype(float).sum())
            if abs(ours - theirs) > 1e-5 * ours:
                raise SystemExit(f"The engines disagree at N = {n}: {ours} vs {theirs}.")
        of_stopped = max(of_timing.wall) > JSON_LIMIT_S

    for tool, (sizes, timings) in series.items():
        for n, timing in zip(sizes, timings, strict=True):
            value = f"{timing.wall_text()}, CPU {duration(timing.cpu_best)}"
            rows.append((tool, f"build from dicts, N = {n:,}", value))
        if of_stopped and tool == "OpenFisca" and sizes and sizes[-1] != JSON_SIZES[-1]:
            rows.append(
                (
                    tool,
                    "build from dicts",
                    f"stopped after N = {sizes[-1]:,} (> {JSON_LIMIT_S:.0f} s)",
                )
            )
    for tool, (sizes, timings) in series.items():
        if len(sizes) < 2:
            continue
        wall = [t.best for t in timings]
        cpu = [t.cpu_best for t in timings]
        rows.append(
            (
                tool,
                "growth exponent k, all sizes (wall; CPU)",
                f"{growth_exponent(sizes, wall):.2f}; {growth_exponent(sizes, cpu):.2f}",
            )
        )
        rows.append(
            (
                tool,
                f"growth exponent k, {sizes[-2]:,} → {sizes[-1]:,} (wall; CPU)",
                f"{growth_exponent(sizes[-2:], wall[-2:]):.2f}; "
                f"{growth_exponent(sizes[-2:], cpu[-2:]):.2f}",
            )
        )


def print_table(rows: list[Row]) -> None:
    widths = [max(len(row[i]) for row in [("tool", "metric", "value"), *rows]) for i in range(3)]
    header = ("tool", "metric", "value")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


# --- end to end, file to file (issue 11) ---------------------------------------------------------
E2E_RUNNERS = ("jiha", "openfisca-pandas", "openfisca-polars")


def e2e_input(path: Path) -> tuple[int, int]:
    """The 1,000,000 persons as a CSV (salaries to the centime), and the exact grand total of
    the company bonuses in centimes (for the check of each tool's output)."""
    import polars as pl

    data = Data()
    pl.DataFrame(
        {
            "id": data.person_ids,
            "company": data.company_of_person,
            "salary": data.salary_centimes / 100,
        }
    ).write_csv(path)
    return path.stat().st_size, int(data.exact_company.sum())


def e2e_jiha(source: Path, target: Path, parameters_dir: Path) -> None:
    """What ``jiha simulate`` does, on the toy legislation."""
    from jiha.engines.rules import Period, files

    legislation = jiha_legislation(parameters_dir)
    frame = files.read_table(source, files.input_kinds(legislation))
    situation = files.situation_from_table(
        legislation,
        frame,
        member="employee",
        required=("salary",),
        checks={"salary": files.Check(minimum=0, maximum=100_000_000)},
        first_row=2,
    )
    columns: dict[str, Any] = {"id": frame.get_column("id"), "company": frame.get_column("company")}
    del frame  # the inputs now live in the situation
    simulation = Simulation(legislation, situation)
    columns.update(
        files.result_columns(
            simulation, ["bonus", "company_bonus"], Period.parse(PERIOD), member="employee"
        )
    )
    files.write_table(columns, target)


def e2e_openfisca(source: Path, target: Path, parameters_dir: Path, reader: str) -> None:
    """OpenFisca's table path: a data frame in, arrays to ``SimulationBuilder``, a frame out."""
    system = openfisca_system(parameters_dir)
    if reader == "pandas":
        import pandas as pd

        frame = pd.read_csv(source)
        ids, companies, salary = (frame[c].to_numpy() for c in ("id", "company", "salary"))
    else:
        import polars as pl

        frame = pl.read_csv(source)
        ids, companies, salary = (
            frame.get_column(c).to_numpy() for c in ("id", "company", "salary")
        )
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", ids)
    group = builder.declare_entity("company", np.unique(companies))
    builder.join_with_persons(group, companies, np.zeros(len(ids), dtype=np.int64))
    simulation = builder.build(system)
    simulation.set_input("salary", PERIOD, salary)
    bonus = simulation.calculate("bonus", PERIOD)
    company_bonus = simulation.populations["company"].project(
        simulation.calculate("company_bonus", PERIOD)
    )
    if reader == "pandas":
        out = pd.DataFrame(
            {"id": ids, "company": companies, "bonus": bonus, "company_bonus": company_bonus}
        )
        out.to_csv(target, index=False, float_format="%.2f")
    else:
        pl.DataFrame(
            {
                "id": ids,
                "company": companies,
                "bonus": pl.Series(bonus).cast(pl.Float64).round(2),
                "company_bonus": pl.Series(company_bonus).cast(pl.Float64).round(2),
            }
        ).write_csv(target)


def e2e_child(runner: str, source: Path, target: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="jiha-e2e-") as tmp:
        parameters_dir = Path(tmp)
        (parameters_dir / "rate.yaml").write_text(RATE_YAML, encoding="utf-8")
        if runner == "jiha":
            e2e_jiha(source, target, parameters_dir)
        else:
            e2e_openfisca(source, target, parameters_dir, runner.split("-")[1])


def e2e_once(runner: str, source: Path, target: Path) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one run in a fresh subprocess."""
    from jiha.engines.rules.files import ALLOCATOR_ENVIRONMENT

    # Jiha's run gets the environment ``jiha simulate`` sets for itself (jiha/cli.py).
    env = {**os.environ, **(ALLOCATOR_ENVIRONMENT if runner == "jiha" else {})}
    started = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603 - this very file, with fixed arguments
        [sys.executable, __file__, "--run", runner, str(source), str(target)], env=env
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{runner} failed (exit {child.returncode}).")
    return wall, usage.ru_maxrss


def e2e_total(target: Path) -> int:
    """The grand total of the company bonuses in the output, in centimes (each person carries
    the company's; summed per distinct company)."""
    import polars as pl

    frame = pl.read_csv(target, schema_overrides={"company_bonus": pl.String})
    per_company = frame.group_by("company").agg(pl.col("company_bonus").first())
    return sum(int(Decimal(v) * 100) for v in per_company.get_column("company_bonus"))


def bench_e2e(rows: list[Row]) -> None:
    runners = [r for r in E2E_RUNNERS if r == "jiha" or HAVE_OPENFISCA]
    with tempfile.TemporaryDirectory(prefix="jiha-e2e-") as tmp:
        source = Path(tmp) / "persons.csv"
        size, exact = e2e_input(source)
        rows.append(
            ("input", f"{PERSONS:,} persons, {COMPANIES:,} companies", f"{size / 1e6:.1f} MB CSV")
        )
        runs: dict[str, list[tuple[float, int]]] = {r: [] for r in runners}
        for _ in range(REPEAT):
            for runner in runners:
                target = Path(tmp) / f"{runner}.csv"
                runs[runner].append(e2e_once(runner, source, target))
        for runner in runners:
            walls = [w for w, _ in runs[runner]]
            peak = max(m for _, m in runs[runner]) / 1024
            target = Path(tmp) / f"{runner}.csv"
            error = abs(e2e_total(target) - exact)
            rows.append(
                (
                    runner,
                    "CSV → CSV end to end, subprocess",
                    f"{duration(min(walls))} [{duration(statistics.median(walls))}], "
                    f"peak RSS {peak:,.0f} MiB, output {target.stat().st_size / 1e6:.1f} MB, "
                    f"error on the grand total {from_centimes(error):,} MAD",
                )
            )
        if "openfisca-pandas" in runs:
            ours = min(w for w, _ in runs["jiha"])
            for peer in runners[1:]:
                theirs = min(w for w, _ in runs[peer])
                rows.append((peer, "time ÷ Jiha's (best of each)", f"{theirs / ours:.1f}×"))


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--run":
        e2e_child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    if sys.argv[1:] == ["--e2e"]:
        print(versions())
        rows: list[Row] = []
        bench_e2e(rows)
        print()
        print_table(rows)
        return
    print(versions())
    if not HAVE_OPENFISCA:
        print("openfisca-core is not importable here: measuring Jiha only.")
    with tempfile.TemporaryDirectory(prefix="jiha-vs-openfisca-") as tmp:
        parameters_dir = Path(tmp)
        (parameters_dir / "rate.yaml").write_text(RATE_YAML, encoding="utf-8")
        legislation = jiha_legislation(parameters_dir)
        system = openfisca_system(parameters_dir) if HAVE_OPENFISCA else None
        rows: list[Row] = []
        data = Data()
        bench_arrays(rows, data, legislation, system)
        del data
        gc.collect()
        bench_money(rows, legislation, system)
        bench_json(rows, legislation, system)
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
