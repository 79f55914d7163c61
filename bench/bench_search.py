"""Site search (``/search/?q=``), server time per query, run by hand:

    .venv/bin/python bench/bench_search.py                       # SQLite in a temp directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiha_data .venv/bin/python bench/bench_search.py

Loads the reference data (regions, indicators, the reference datasets, legal parameters) plus
``EXTRA`` synthetic datasets so the catalogue is larger than today's, then times queries in the
three languages through the Django test client: best and median of 30 each.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("JIHA_VAR_DIR", tempfile.mkdtemp(prefix="jiha-bench-"))
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
EXTRA = int(sys.argv[1]) if len(sys.argv) > 1 else 500
HIT = b'<li class="mb-1">'  # one result in the page
QUERIES = [("", "fes"), ("", "taux"), ("/ar", "الدار البيضاء"), ("/en", "population"), ("", "zz")]


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from jiha.observatory.models import Dataset
    from jiha.regions.models import Confidence

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    Dataset.objects.filter(slug__startswith="bench-search-").delete()
    Dataset.objects.bulk_create(
        Dataset(
            slug=f"bench-search-{i}",
            title_fr=f"Jeu synthétique {i} Fès",
            title_ar=f"مجموعة {i}",
            title_en=f"Synthetic set {i}",
            publisher="bench",
            licence="-",
            theme="bench",
            confidence=Confidence.TO_CONFIRM,
            synthetic=True,
        )
        for i in range(EXTRA)
    )
    client = Client()
    database = os.environ.get("DATABASE_URL", "sqlite")
    print(f"catalogue: {Dataset.objects.count()} datasets; database {database}")
    for prefix, query in QUERIES:
        times = []
        for _ in range(30):
            start = time.perf_counter()
            response = client.get(f"{prefix}/search/", {"q": query})
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{query!r} answered {response.status_code}")
        print(
            f"{prefix or '/fr'} q={query!r}: best {min(times):.1f} ms, "
            f"median {statistics.median(times):.1f} ms, {response.content.count(HIT)} results"
        )
    Dataset.objects.filter(slug__startswith="bench-search-").delete()


if __name__ == "__main__":
    main()
