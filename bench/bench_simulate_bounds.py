"""What one simulation request costs, to choose and state the simulator's bounds (run by hand).

    .venv/bin/python bench/bench_simulate_bounds.py            # everything
    .venv/bin/python bench/bench_simulate_bounds.py --quick    # skip the largest grid cells

(a) time and peak memory of one simulation (engine, explanations, payload) by employees,
    training rows and years — the grid the bounds are chosen from;
(b) the worst request the synchronous endpoint accepts under the default bounds, end to end
    (JSON parsing, checks, two locations, explanations);
(c) the largest request it refuses (a body just under the size limit): how fast the 413 is;
(d) 100,000 employees over 5 years through the batch path: the submission (web process), then
    the run (what the worker does);
(e) the site-selection advisor's incentives at its bounds: 12 regions, the synchronous bound's
    hires in three profiles, over its longest horizon.

Peak memory is what Python and numpy allocate during the call (``tracemalloc``, measured in a
separate run so that tracing does not slow the timed one).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ["JIHA_VAR_DIR"] = tempfile.mkdtemp(prefix="jiha-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["JIHA_SIMULATE_RATE"] = "100000/m"
os.environ["JIHA_SIMULATION_BATCH_RATE"] = "100000/m"
os.environ["JIHA_TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"  # run by hand

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from jiha.incentives.simulator import Limits, SimulationIn, simulation_run  # noqa: E402

UNBOUNDED = Limits(10**9, 10**9, 100)


def request(employees: int, trainings: int, years: int, *, compare: bool = False) -> dict[str, Any]:
    """One employees entry per person (the costliest shape to parse), one training per person
    up to ``trainings``."""
    body: dict[str, Any] = {
        "location": {"region": "MA-03", "park": "fes_shore"},
        "activity": "BPO",
        "profit": 5_000_000,
        "employees": [
            {
                "profile": "bpo",
                "gross_annual_salary": 60000 + i % 50000,
                "hire_date": f"20{25 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            }
            | ({"permanent": False} if i % 5 == 0 else {})
            for i in range(employees)
        ],
        "trainings": [
            {"employee": i, "cost": 5000, "start_date": "2027-03-01"} for i in range(trainings)
        ],
        "first_year": 2036 - years,  # the last ``years`` the simulator covers, to 2035
        "last_year": 2035,
    }
    if compare:
        body["compare_with"] = {"region": "MA-06", "park": "casanearshore"}
    return body


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def peak_mib(function: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def bench_grid(quick: bool) -> None:
    print("(a) one simulation (1 location, explanations), by size: best / median of 3, peak")
    sizes = [1_000, 5_000, 20_000, 50_000] + ([] if quick else [100_000])
    for employees in sizes:
        for years in (5, 10, 29):
            if quick and employees * years > 500_000:
                continue
            trainings = min(employees, 20_000)  # the most training entries a request holds
            data = SimulationIn.model_validate(request(employees, trainings, years))
            run = lambda data=data: simulation_run(data, UNBOUNDED)  # noqa: E731
            best, median = timed(run, 3)
            print(
                f"    {employees:>7,} employees + {trainings:>6,} training rows × {years:>2} "
                f"years: {best:6.2f} / {median:6.2f} s, peak {peak_mib(run):7.1f} MiB"
            )


def post(client: Client, path: str, body: str) -> Any:
    return client.post(path, body, content_type="application/json")


def bench_worst_accepted(client: Client) -> None:
    limits = Limits.synchronous()
    body = json.dumps(
        request(limits.employees, limits.trainings, limits.years, compare=True),
        separators=(",", ":"),
    )

    def call() -> None:
        response = post(client, "/api/incentives/simulate", body)
        if response.status_code != 200:
            raise SystemExit(f"simulate failed: {response.content[:300]!r}")

    best, median = timed(call, 3)
    print(
        f"(b) worst accepted request: {limits.employees:,} employees, {limits.trainings:,} "
        f"training rows, {limits.years} years, 2 locations, explanations ({len(body) / 1e6:.1f} "
        f"MB): best {best:.2f} s, median {median:.2f} s, peak {peak_mib(call):.0f} MiB"
    )


def bench_largest_refused(client: Client) -> None:
    employee = {"profile": "bpo", "gross_annual_salary": 1, "hire_date": "2025-09-01"}
    per_entry = len(json.dumps(employee, separators=(",", ":"))) + 1
    entries = (settings.JIHA_MAX_REQUEST_BYTES - 400) // per_entry
    payload = request(0, 0, 5)
    payload["employees"] = [employee] * entries
    body = json.dumps(payload, separators=(",", ":"))

    def call() -> None:
        response = post(client, "/api/incentives/simulate", body)
        if response.status_code != 413:
            raise SystemExit(f"expected a 413: {response.status_code} {response.content[:300]!r}")

    best, median = timed(call, 3)
    print(
        f"(c) largest refused request: {entries:,} employees ({len(body) / 1e6:.1f} MB): "
        f"413 in best {best:.2f} s, median {median:.2f} s, peak {peak_mib(call):.0f} MiB"
    )


def bench_batch(client: Client) -> None:
    from jiha.accounts.models import User
    from jiha.incentives.models import SimulationJob
    from jiha.incentives.tasks import simulation_job_run

    user = User.objects.create_user("bench@example.org", "bench-password-123")
    client.force_login(user)
    body = json.dumps(request(100_000, 0, 5), separators=(",", ":"))
    jobs: list[int] = []

    def submit() -> None:
        response = post(client, "/api/incentives/simulations", body)
        if response.status_code != 202:
            raise SystemExit(f"batch failed: {response.content[:300]!r}")
        jobs.append(response.json()["id"])

    def run() -> None:
        job_id = jobs.pop()
        simulation_job_run.call(job_id)
        if SimulationJob.objects.get(pk=job_id).status != "done":
            raise SystemExit("the batch run failed")

    submit_best, submit_median = timed(submit, 3)
    run_best, run_median = timed(run, 3)
    print(
        f"(d) batch path, 100,000 employees, 5 years, explanations ({len(body) / 1e6:.1f} MB): "
        f"submission best {submit_best:.2f} s, median {submit_median:.2f} s; run in the worker "
        f"best {run_best:.2f} s, median {run_median:.2f} s"
    )


def bench_advisor() -> None:
    """The advisor's incentives at its bounds: the 12 regions as 12 companies of one
    simulation, each with the synchronous bound's hires, over the longest horizon."""
    import datetime as dt
    from decimal import Decimal

    from jiha.incentives.engine_io import (
        HireGroup,
        Location,
        Project,
        Site,
        simulate_sites,
        years_covered,
    )
    from jiha.legislation.vocabulary import reference_park
    from jiha.regions.selectors import region_codes

    hires = Limits.synchronous().employees
    headcount = {"bpo": hires * 2 // 5, "call_centre": hires * 2 // 5, "it_engineer": hires // 5}
    years = range(2026, min(years_covered().stop, 2026 + Limits.synchronous().years))
    start = dt.date(years.start, 1, 1)
    groups = [HireGroup(p, Decimal(90_000), start, count=n) for p, n in headcount.items()]
    sites = [
        Site(Location(region, reference_park(region)), Project(activity="BPO", groups=groups))
        for region in region_codes()
    ]

    def run() -> None:
        simulate_sites(sites, years)

    best, median = timed(run, 3)
    print(
        f"(e) advisor incentives, 12 regions in one simulation, {hires:,} hires each, "
        f"{len(years)} years: best {best:.2f} s, median {median:.2f} s, "
        f"peak {peak_mib(run):.0f} MiB"
    )


if __name__ == "__main__":
    import numpy as np

    print(f"numpy {np.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    bench_grid("--quick" in sys.argv)
    client = Client()
    bench_worst_accepted(client)
    bench_largest_refused(client)
    bench_batch(client)
    bench_advisor()
