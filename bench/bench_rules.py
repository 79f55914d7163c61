"""Benchmarks of the rules engine and the incentive simulator (run by hand).

    .venv/bin/python bench/bench_rules.py

(a) all incentives for 1,000,000 employees in 10,000 companies: build + compute, one year;
(b) one JSON request to /api/incentives/simulate with 100,000 employees, end to end;
(c) the explanation of one employee inside the 1,000,000-employee simulation.
Targets (issue 4): (a) <= 0.3 s, (b) <= 2 s, (c) <= 50 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jiha.engines.rules import Population, Simulation, Situation  # noqa: E402
from jiha.legislation import ENTITIES, build_legislation  # noqa: E402

OUTPUTS = ("total_incentives", "ir_capped_amount")


def timed(function: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def big_situation(companies: int = 10_000, employees: int = 1_000_000) -> Situation:
    rng = np.random.default_rng(42)
    parks = np.array(["casanearshore", "technopolis", "fes_shore", "oujda_shore", "none"])
    regions = np.array(["MA-06", "MA-04", "MA-03", "MA-02", "MA-09"])
    choice = rng.integers(0, 5, companies)
    company = Population(ENTITIES[0], companies, ids=None)
    company.columns = {
        "region": regions[choice],
        "park": parks[choice],
        "activity": np.array(["ITO", "CRM", "BPO", "ESO", "KPO"])[rng.integers(0, 5, companies)],
        "charter_zone": np.array(["A", "B"])[rng.integers(0, 2, companies)],
        "profit": rng.integers(0, 10**11, companies, dtype=np.int64),
        "investment": rng.integers(0, 10**11, companies, dtype=np.int64),
        "investment_date": np.datetime64("2027-03-01") + rng.integers(0, 300, companies),
        "planned_jobs": rng.integers(0, 300, companies, dtype=np.int64),
        "offer_2025_join_date": np.full(companies, np.datetime64("2025-07-01")),
    }
    staff = Population(
        ENTITIES[1],
        employees,
        parent_index=np.sort(rng.integers(0, companies, employees)).astype(np.int64),
    )
    staff.columns = {
        "profile": np.array(["management", "it_engineer", "it_technician", "bpo", "call_centre"])[
            rng.integers(0, 5, employees)
        ],
        "gross_annual_salary": rng.integers(6_000_000, 60_000_000, employees, dtype=np.int64),
        "hire_date": np.datetime64("2024-01-01") + rng.integers(0, 1500, employees),
        "exit_date": np.full(employees, np.datetime64("NaT"), dtype="datetime64[D]"),
        "permanent": rng.random(employees) < 0.8,
        "moroccan": rng.random(employees) < 0.95,
    }
    trainings = Population(ENTITIES[2], 0, parent_index=np.array([], dtype=np.int64))
    trainings.columns = {
        "cost": np.array([], np.int64),
        "hours": np.array([], np.float64),
        "modality": np.array([], np.str_),
        "start_date": np.array([], "datetime64[D]"),
    }
    return Situation({"company": company, "employee": staff, "training": trainings})


def bench_vectorised() -> Simulation:
    legislation = build_legislation()
    situation = big_situation()
    holder: dict[str, Simulation] = {}

    def run() -> None:
        simulation = Simulation(legislation, situation)
        for name in OUTPUTS:
            simulation.calculate(name, 2027)
        holder["simulation"] = simulation

    best, median = timed(run)
    build_best, _ = timed(big_situation, repeat=3)
    print(
        f"(a) 1,000,000 employees / 10,000 companies, compute all incentives 2027: "
        f"best {best:.3f} s, median {median:.3f} s (situation built from arrays in "
        f"{build_best:.3f} s, not counted: the generator draws random data)"
    )
    return holder["simulation"]


def bench_explanation(simulation: Simulation) -> None:
    index = int(np.flatnonzero(simulation.calculate("employment_bonus", 2027))[0])
    best, median = timed(lambda: simulation.explain("employment_bonus", 2027, index), repeat=20)
    print(
        f"(c) explanation of one employee: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms"
    )


def bench_api() -> None:
    os.environ["JIHA_VAR_DIR"] = tempfile.mkdtemp(prefix="jiha-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    # This measures the engine behind the endpoint, not its bounds (bench_simulate_bounds.py).
    os.environ["JIHA_SIMULATE_MAX_EMPLOYEES"] = "1000000"
    os.environ["JIHA_SIMULATE_RATE"] = "1000/m"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    employees = [
        {
            "profile": "bpo",
            "gross_annual_salary": 60000 + i % 50000,
            "hire_date": f"2025-{7 + i % 6:02d}-{1 + i % 28:02d}",
        }
        for i in range(100_000)
    ]
    body = json.dumps(
        {
            "location": {"region": "MA-03", "park": "fes_shore"},
            "activity": "BPO",
            "profit": 5_000_000,
            "employees": employees,
            "first_year": 2026,
            "last_year": 2030,
        },
        separators=(",", ":"),
    )
    client = Client()

    def post() -> None:
        response = client.post("/api/incentives/simulate", body, content_type="application/json")
        if response.status_code != 200:
            raise SystemExit(f"simulate failed: {response.content[:300]!r}")

    best, median = timed(post, repeat=3)
    print(
        f"(b) one JSON request, 100,000 employees ({len(body) / 1e6:.1f} MB), 5 years, with "
        f"explanations: best {best:.2f} s, median {median:.2f} s"
    )


if __name__ == "__main__":
    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    simulation = bench_vectorised()
    bench_explanation(simulation)
    bench_api()
