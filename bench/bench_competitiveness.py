"""Benchmarks of the competitiveness pages (run by hand):

    .venv/bin/python bench/bench_competitiveness.py

(a) the weight-slider recompute for 12 regions, server time (target <= 50 ms);
(b) the site-selection advisor for one project over 12 regions, server time (target <= 200 ms).
Both go through Django's in-process client on a fresh SQLite database with the reference and
synthetic demo data; the engine-level figures are in bench/bench_composite.py.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["JIHA_VAR_DIR"] = tempfile.mkdtemp(prefix="jiha-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from jiha.competitiveness.services import edition_build
    from jiha.observatory.demo import demo_costs_create

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    demo_costs_create()
    edition_build(actor=None)
    client = Client()
    weights = {"talent": 3, "cost": 1, "incentives": 2, "infrastructure": 0.5, "ecosystem": 1}

    def slider() -> None:
        response = client.post("/en/competitiveness/weights/", weights, HTTP_HX_REQUEST="true")
        if response.status_code != 200:
            raise SystemExit(response.content[:200])

    query = {
        "h_bpo": "120",
        "h_it_engineer": "30",
        "h_management": "5",
        "activity": "BPO",
        "m2_per_seat": "8",
        "horizon_years": "5",
        "discount_rate": "8",
        "other_cost_per_seat": "5000",
        "french": "on",
    }

    def advisor() -> None:
        response = client.get("/en/competitiveness/advisor/", query)
        if response.status_code != 200 or b'data-region="MA-12"' not in response.content:
            raise SystemExit(response.content[:200])

    slider()
    advisor()
    median, best = timed(slider, 30)
    print(
        f"(a) weight slider, 12 regions: median {median:.1f} ms, best {best:.1f} ms "
        "(request + reweight + render, 30 requests)"
    )
    median, best = timed(advisor, 15)
    print(
        f"(b) advisor, one project, 12 regions (one incentive simulation over 5 years): "
        f"median {median:.0f} ms, best {best:.0f} ms (15 requests)"
    )


if __name__ == "__main__":
    main()
