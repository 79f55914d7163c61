"""Benchmarks of the observatory (run by hand, against PostgreSQL):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiha_bench \
        .venv/bin/python bench/bench_observatory.py

(b) importing 1,000,000 observations end to end (read + validate + anomaly check + COPY), target
    <= 10 s; (c) one 10,000-row page of /api/observations, server time, target <= 100 ms.
The database named in DATABASE_URL is created if missing and emptied of observations first.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jiha_bench")
os.environ.setdefault("JIHA_VAR_DIR", tempfile.mkdtemp(prefix="jiha-bench-"))
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[-1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def generate(rows: int) -> bytes:
    from jiha.observatory.engine_io import territory_levels
    from jiha.observatory.models import Indicator

    indicators = list(Indicator.objects.values_list("code", flat=True))
    territories = sorted(territory_levels())
    lines = ["indicator,territory,period,value,status"]
    per_period = len(indicators) * len(territories)
    for i in range(rows):
        period = i // per_period
        indicator = indicators[i % len(indicators)]
        territory = territories[i // len(indicators) % len(territories)]
        month = f"{1900 + period // 12}-{period % 12 + 1:02d}"
        lines.append(f"{indicator},{territory},{month},{(i * 7919) % 100000 / 10},")
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from jiha.observatory.models import Dataset, DatasetVersion, Observation
    from jiha.observatory.services import (
        ImportRequest,
        dataset_import,
        indicators_upsert,
        version_publish,
    )
    from jiha.regions.models import Confidence
    from jiha.regions.services import reference_load

    call_command("migrate", verbosity=0)
    reference_load()
    indicators_upsert()
    Observation.objects.all().delete()
    Dataset.objects.update(current_version=None)
    DatasetVersion.objects.all().delete()
    dataset, _ = Dataset.objects.get_or_create(
        slug="bench",
        defaults={
            "title_fr": "Bench",
            "title_ar": "Bench",
            "title_en": "Bench",
            "publisher": "bench",
            "licence": "-",
            "theme": "bench",
            "confidence": Confidence.OFFICIAL,
            "synthetic": True,
        },
    )
    data = generate(1_000_000)
    print(f"{connection.vendor}; file {len(data) / 1e6:.1f} MB, 1,000,000 rows")
    start = time.perf_counter()
    outcome = dataset_import(ImportRequest(dataset=dataset, source=data, file_name="bench.csv"))
    elapsed = time.perf_counter() - start
    if outcome.version is None:
        raise SystemExit(f"import refused: {outcome.report.messages('en')[:3]}")
    print(
        f"(b) import 1,000,000 observations end to end: {elapsed:.2f} s "
        f"({Observation.objects.filter(version=outcome.version).count():,} rows stored)"
    )
    version_publish(actor=None, version=outcome.version, acknowledged=True)
    client = Client()
    times = []
    for _ in range(10):
        begin = time.perf_counter()
        response = client.get("/api/observations", {"limit": 10000, "indicator": "population"})
        times.append(time.perf_counter() - begin)
        if response.status_code != 200:
            raise SystemExit(response.content[:200])
    rows = len(response.json()["rows"])
    median, best = statistics.median(times) * 1000, min(times) * 1000
    print(
        f"(c) /api/observations page of {rows:,} rows: median {median:.0f} ms, "
        f"best {best:.0f} ms (10 requests, in-process client)"
    )


if __name__ == "__main__":
    main()
