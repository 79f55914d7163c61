"""latest_values against the algorithm it replaced (every row read as instances, kept in
jiha/observatory/tests/test_latest_values.py), on the database of DATABASE_URL plus a synthetic
monthly series of every indicator in the 12 regions and Morocco, inside a transaction that is
rolled back. Both results are compared (they must be equal) before timing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiha_regionperf \\
        .venv/bin/python bench/bench_latest_values.py --months 0,12,120
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(function: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median CPU and wall milliseconds of ``repeat`` calls after one warm-up."""
    function()
    cpu, wall = [], []
    for _ in range(repeat):
        started, clock = time.process_time(), time.perf_counter()
        function()
        cpu.append(time.process_time() - started)
        wall.append(time.perf_counter() - clock)
    return round(statistics.median(cpu) * 1000, 1), round(statistics.median(wall) * 1000, 1)


def add_series(months: int) -> None:
    from django.db import connection

    from jiha.observatory.models import Dataset, DatasetVersion, Indicator, Observation

    dataset = Dataset.objects.create(
        slug="bench-monthly",
        title_fr="bench",
        title_ar="bench",
        title_en="bench",
        publisher="bench",
        licence="bench",
        theme="bench",
        confidence="official",
        synthetic=True,
    )
    version = DatasetVersion.objects.create(
        dataset=dataset,
        number=1,
        sha256=hashlib.sha256(b"bench").hexdigest(),
        file_name="bench.csv",
        file_size=1,
        table_schema={"fields": []},
        row_count=0,
        status=DatasetVersion.Status.PUBLISHED,
    )
    territories = ["MA"] + [f"MA-{number:02d}" for number in range(1, 13)]
    indicators = list(Indicator.objects.values_list("pk", flat=True))
    Observation.objects.bulk_create(
        (
            Observation(
                indicator_id=indicator,
                version=version,
                level="national" if territory == "MA" else "region",
                territory=territory,
                period=f"{2015 + month // 12}-{month % 12 + 1:02d}",
                period_start=dt.date(2015 + month // 12, month % 12 + 1, 1),
                value=Decimal(month),
            )
            for month in range(months)
            for indicator in indicators
            for territory in territories
        ),
        batch_size=5000,
    )
    dataset.current_version = version
    dataset.save(update_fields=["current_version"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE observatory_observation")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", default="0,12,120")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
    import django

    django.setup()
    from django.db import transaction

    from jiha.observatory.selectors import LatestValues, current_observations, latest_values
    from jiha.observatory.tests.test_latest_values import reference_latest_values

    def seen(latest: LatestValues) -> Any:
        return (
            latest.versions,
            latest.synthetic,
            [
                (code, [(t, c.period, str(c.value), c.version.pk) for t, c in cells.items()])
                for code, cells in latest.cells.items()
            ],
        )

    for months in (int(part) for part in args.months.split(",")):
        with transaction.atomic():
            if months:
                add_series(months)
            rows = current_observations().filter(value__isnull=False).count()
            new = seen(latest_values(national=True))
            if new != seen(reference_latest_values(national=True)):
                raise SystemExit(f"latest_values differs from the old algorithm ({months} months)")
            repeat = 5 if rows > 20_000 else 20
            old_cpu, old_wall = timed(lambda: reference_latest_values(national=True), repeat)
            new_cpu, new_wall = timed(lambda: latest_values(national=True), repeat)
            print(
                f"{rows:>7} rows: old {old_cpu} ms CPU {old_wall} ms wall; "
                f"new {new_cpu} ms CPU {new_wall} ms wall (load {os.getloadavg()[0]:.1f})"
            )
            transaction.set_rollback(True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
