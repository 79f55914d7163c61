"""Per-request cost of pages and API calls with the page cache off: median wall and CPU time of
N requests through Django's test client, the number of queries, and optionally a cProfile of them.

Run it on a database prepared like the load bench's (``migrate``, ``load_reference``, and
``demo`` for the synthetic talent, costs and index edition):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiha_regionperf \\
        .venv/bin/python bench/profile_pages.py --requests 30 [--profile /regions/MA-03/]

Each address is requested once to warm up (imports, template loading), then ``--requests``
times. ``--profile PATH`` prints the 25 functions with the most cumulative time for that address.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIMULATION = {
    "location": {"region": "MA-03", "park": "fes_shore"},
    "activity": "BPO",
    "profit": 1_000_000,
    "employees": [
        {"profile": "bpo", "gross_annual_salary": 120000, "hire_date": "2025-09-01", "count": 10}
    ],
    "first_year": 2026,
    "last_year": 2027,
}
ADVICE = {"headcount": {"bpo": 20, "it_engineer": 5}, "start_year": 2026, "horizon_years": 3}
# (method, path, JSON body): the pages and API calls that read the observatory's latest values
# (region page, compare page, simulator, advisor, programme fact sheet) and the other
# observatory pages, for comparison.
TARGETS = [
    ("GET", "/regions/MA-03/", None),
    ("GET", "/regions/compare/?a=MA-01&b=MA-06", None),
    ("GET", "/observatory/indicators/", None),
    ("GET", "/observatory/datasets/", None),
    ("GET", "/observatory/offshoring/", None),
    ("GET", "/incentives/simulator/", None),
    ("GET", "/incentives/simulator/?region=MA-03&activity=BPO&bpo=10", None),
    ("GET", "/api/regions/MA-03", None),
    ("POST", "/api/incentives/simulate", SIMULATION),
    ("POST", "/api/competitiveness/advisor", ADVICE),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--profile", default="", help="print a cProfile of this address")
    parser.add_argument("--only", default="", help="comma-separated addresses to measure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
    os.environ["JIHA_PAGE_CACHE_SECONDS"] = "0"
    os.environ.setdefault("JIHA_SIMULATE_RATE", "100000/m")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host (testserver) is allowed
    client = Client()
    only = set(filter(None, args.only.split(",")))
    rows = []
    for method, path, body in TARGETS:
        if only and path not in only:
            continue

        def call(method: str = method, path: str = path, body: object = body) -> int:
            if method == "GET":
                return client.get(path).status_code
            return client.post(path, json.dumps(body), content_type="application/json").status_code

        status = call()
        queries: list[str] = []

        def count(
            execute: Any,
            sql: str,
            params: Any,
            many: bool,
            context: Any,
            found: list[str] = queries,
        ) -> Any:
            found.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            call()
        walls, cpus = [], []
        profiler = cProfile.Profile() if path == args.profile else None
        for _ in range(args.requests):
            wall, cpu = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            call()
            if profiler:
                profiler.disable()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        rows.append(
            {
                "method": method,
                "path": path,
                "status": status,
                "queries": len(queries),
                "wall_ms": round(statistics.median(walls) * 1000, 1),
                "cpu_ms": round(statistics.median(cpus) * 1000, 1),
            }
        )
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
            print(out.getvalue())
    if args.json:
        print(json.dumps(rows, indent=1))
    else:
        for row in rows:
            print(
                f"{row['method']:4} {row['path']:<58} {row['status']} "
                f"{row['queries']:>3} queries  median {row['wall_ms']:>7} ms wall "
                f"{row['cpu_ms']:>7} ms CPU"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
