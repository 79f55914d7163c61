"""Benchmark of the region fact sheets (run by hand):

    .venv/bin/python bench/bench_factsheets.py [--workers 2]

Queues the fact sheets of the 12 regions in the 3 languages (36 PDFs) the way the page and the
API do (``programme.services.factsheets_request``, django-tasks database backend), then starts
``--workers`` real ``jiha worker --batch`` processes and times until every sheet is stored.
Fresh SQLite database under a temporary JIHA_VAR_DIR, with the reference data, the synthetic
demo (cost inputs, index edition, demo initiatives): every section of the sheet has content.
Also reports one sheet rendered in-process per language (median of 3). Target: 36 sheets
in <= 60 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["JIHA_VAR_DIR"] = tempfile.mkdtemp(prefix="jiha-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
JIHA = str(Path(sys.executable).parent / "jiha")


def prepare() -> None:
    from django.core.management import call_command

    from jiha.competitiveness.services import edition_refresh
    from jiha.observatory.demo import demo_costs_create
    from jiha.programme.demo import demo_programme_create

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference", verbosity=0)
    demo_costs_create()
    edition_refresh(actor=None)
    demo_programme_create()


def in_process() -> dict[str, float]:
    from jiha.programme.factsheet import factsheet_render

    times: dict[str, float] = {}
    for language in ("fr", "ar", "en"):
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            factsheet_render("MA-03", language)
            runs.append(time.perf_counter() - start)
        times[language] = statistics.median(runs)
    return times


def background(workers: int) -> tuple[float, int, int]:
    from jiha.programme.models import FactSheet
    from jiha.programme.services import factsheets_request
    from jiha.regions.models import Region

    for region in Region.objects.order_by("code"):
        factsheets_request(actor=None, region=region)
    queued = FactSheet.objects.filter(status=FactSheet.Status.QUEUED).count()
    start = time.perf_counter()
    processes = [
        subprocess.Popen(  # noqa: S603 - our own command
            [JIHA, "worker", "--batch", "--no-startup-delay", "--worker-id", f"bench-{n}"],
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for n in range(workers)
    ]
    for process in processes:
        process.wait()
    elapsed = time.perf_counter() - start
    done = FactSheet.objects.filter(status=FactSheet.Status.DONE).count()
    return elapsed, queued, done


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    workers = parser.parse_args().workers
    import django

    django.setup()
    prepare()
    for language, seconds in in_process().items():
        print(f"one sheet in-process, MA-03 {language}: median {seconds * 1000:.0f} ms")
    elapsed, queued, done = background(workers)
    print(
        f"{queued} sheets queued, {done} done by {workers} worker process(es) "
        f"in {elapsed:.1f} s (worker start-up included); target <= 60 s"
    )


if __name__ == "__main__":
    main()
