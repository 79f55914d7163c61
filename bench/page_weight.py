"""Benchmark: what a first visit to each public page transfers (HTML + every file it loads).

Run by hand, after `make assets`:

    .venv/bin/python bench/page_weight.py

It builds a throw-away SQLite database (reference data, synthetic costs, one index edition),
asks each page with Django's test client, then adds the files the page makes the browser load:
the stylesheets and scripts it names, the chart module when the page has a chart or a map
(`data-chart-module`), and the GeoJSON a map fetches. Sizes are raw bytes and gzip (level 6,
roughly what WhiteNoise serves); the heaviest page is printed last.
"""

from __future__ import annotations

import gzip
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "/",
    "/regions/",
    "/regions/MA-03/",
    "/regions/compare/?a=MA-06&b=MA-01",
    "/observatory/offshoring/",
    "/observatory/indicators/",
    "/observatory/indicators/population/",
    "/observatory/datasets/",
    "/competitiveness/",
    "/competitiveness/regions/MA-03/",
    "/competitiveness/methodology/",
    "/incentives/simulator/",
    "/incentives/parameters/",
]
ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"')
CHART_MODULE = re.compile(r'data-chart-module="([^"]+)"')
GEOJSON = re.compile(r'data-geojson="([^"]+)"')


def _setup() -> None:
    folder = tempfile.mkdtemp(prefix="jiha-page-weight-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    from jiha.competitiveness.services import edition_refresh
    from jiha.observatory.demo import demo_costs_create

    demo_costs_create()
    edition_refresh(actor=None)


def _static_bytes(url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = url.split("?")[0].removeprefix(settings.STATIC_URL)
    found = finders.find(path)
    if not found:
        raise SystemExit(f"static file not found: {url}")
    return Path(str(found)).read_bytes()


def _size(data: bytes) -> tuple[int, int]:
    return len(data), len(gzip.compress(data, compresslevel=6))


def main() -> None:
    _setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    rows = []
    for page in PAGES:
        response = client.get(page, HTTP_ACCEPT_LANGUAGE="fr")
        if response.status_code != 200:
            print(f"{page}: HTTP {response.status_code}, skipped")
            continue
        html = response.content.decode()
        assets = ASSET.findall(html)
        assets += sorted(set(CHART_MODULE.findall(html)))
        assets += sorted(set(GEOJSON.findall(html)))
        raw, zipped = _size(response.content)
        for asset in assets:
            r, z = _size(_static_bytes(asset.replace("&amp;", "&")))
            raw, zipped = raw + r, zipped + z
        chart = "chart" if CHART_MODULE.search(html) or GEOJSON.search(html) else "-"
        rows.append((page, raw, zipped, chart))
    print(f"{'page':<40} {'raw KB':>9} {'gzip KB':>9}  charts")
    for page, raw, zipped, chart in rows:
        print(f"{page:<40} {raw / 1024:9.1f} {zipped / 1024:9.1f}  {chart}")
    heaviest = max(rows, key=lambda row: row[1])
    print(
        f"heaviest: {heaviest[0]} {heaviest[1] / 1024:.1f} KB raw, {heaviest[2] / 1024:.1f} KB gzip"
    )


if __name__ == "__main__":
    main()
