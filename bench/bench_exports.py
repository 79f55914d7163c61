"""Benchmark of the exports of dossiers (run by hand):

    .venv/bin/python bench/bench_exports.py [dossiers]

Generates synthetic dossiers (bulk_create) on a fresh SQLite database and builds a CSV, an
XLSX and a ZIP export of all of them through the background task (run in-process), printing
the time, the file size and the peak memory Python allocated during the build (tracemalloc):
it must not grow with the number of rows. Default: 100,000 dossiers.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["JIHA_VAR_DIR"] = tempfile.mkdtemp(prefix="jiha-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")


def main() -> None:
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command

    from jiha.accounts.models import Organisation, User
    from jiha.exports import services
    from jiha.exports.models import DossierExport
    from jiha.exports.tasks import export_build
    from jiha.incentives.models import Dossier, Scheme
    from jiha.regions.models import Region

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    user = User.objects.create_user("bench@example.ma", "x", is_superuser=True, is_staff=True)
    companies = Organisation.objects.bulk_create(
        Organisation(name=f"Bench {i} (synthetic)", kind="company", synthetic=True)
        for i in range(100)
    )
    scheme = Scheme.objects.get(code="employment-bonus-2025")
    regions = list(Region.objects.all())
    started = time.perf_counter()
    for first in range(0, count, 10_000):
        Dossier.objects.bulk_create(
            Dossier(
                reference=f"BENCH-{i:07d}",
                organisation=companies[i % 100],
                scheme=scheme,
                region=regions[i % 12],
                period_start=dt.date(2027, 1, 1),
                period_end=dt.date(2027, 12, 31),
                state="submitted",
                data={},
                created_by=user,
                synthetic=True,
            )
            for i in range(first, min(first + 10_000, count))
        )
    print(f"generated {count} dossiers in {time.perf_counter() - started:.1f} s")
    # Timed without tracemalloc (it slows object-heavy code several times), then measured.
    for traced in (False, True):
        for fmt in ("csv", "xlsx", "zip"):
            export = DossierExport.objects.create(requested_by=user, fmt=fmt)
            if traced:
                tracemalloc.start()
            begin = time.perf_counter()
            export_build.call(export.pk)
            seconds = time.perf_counter() - begin
            export.refresh_from_db()
            size = (services.export_dir() / export.stored_file).stat().st_size
            if not traced:
                print(
                    f"{fmt:4} {export.status} {export.rows} rows in {seconds:.1f} s, "
                    f"{size / 1e6:.1f} MB"
                )
                continue
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{fmt:4} peak Python memory during the build {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
