"""Screenshots of the public pages named in issue 15, at 390 and 1280 px, in docs/screenshots/.

One command, from the repository root (Debian Chromium, Playwright):

    .venv/bin/python tools/screenshots.py                 # a fresh demo database, its own server
    .venv/bin/python tools/screenshots.py --base-url http://127.0.0.1:8000   # a running site

Without ``--base-url`` it prepares a throw-away SQLite database with the demo data
(``jiha up --demo --no-serve``), serves it on a free local port, captures every page, and
stops the server. Each capture is the viewport (not the unbounded page), reduced to a palette
of 256 colours: small files that still show the layout. A page that answers an error (for
example a page not merged yet) is reported and skipped; the exit status is then 1.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("JIHA_CHROMIUM", "/usr/bin/chromium")
WIDTHS = {390: 844, 1280: 800}  # width: viewport height (a phone, a laptop)
JIHA = [str(Path(sys.executable).with_name("jiha"))]  # the virtualenv's command


@dataclass(frozen=True)
class Shot:
    """A page to capture; ``fill`` (CSS selector: value) then ``submit`` the page's form."""

    name: str
    path: str
    fill: dict[str, str] = field(default_factory=dict)
    fill_if_empty: dict[str, str] = field(default_factory=dict)  # kept when the page pre-fills
    select: dict[str, str] = field(default_factory=dict)  # CSS selector of a <select>: value
    submit: str = ""  # CSS selector of the button to press after filling
    anchor: str = ""  # CSS selector scrolled into view before the capture (the result)


SHOTS = (
    Shot("home", "/"),
    Shot("region", "/regions/MA-03/"),
    Shot(
        "advisor-result",
        "/competitiveness/advisor/",
        fill={'main form input[name="h_CRM"]': "200"},
        submit='main form button[type="submit"]',
        anchor="main table",
    ),
    Shot(
        "simulator-result",
        "/incentives/simulator/",
        # Illustrative inputs of a user (not figures): 200 hires early in 2026; a salary is
        # typed only when the page does not pre-fill one from the observatory.
        fill={
            'main form [name="g0_count"]': "200",
            'main form [name="g0_hire_date"]': "2026-01-15",
        },
        fill_if_empty={'main form [name="g0_salary"]': "120000"},
        select={'main form select[name="region"]': "MA-06"},
        submit='main form button[type="submit"]',
        anchor="#results-title, [data-result], #results",
    ),
    Shot("methodology", "/competitiveness/methodology/"),
    Shot("dataset", "/observatory/datasets/{dataset}/"),
    Shot("search", "/search/?q=fes"),
    Shot("compare", "/regions/compare/?a=MA-01&b=MA-06", anchor="main table"),
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=5):  # noqa: S310
            return
        time.sleep(1)
    raise SystemExit(
        f"The server at {url} did not answer (stopped, or not within {seconds:.0f} s)."
    )


@contextlib.contextmanager
def demo_server() -> Iterator[str]:
    """A demo database in a temporary directory, served on a free port, until the block ends."""
    with tempfile.TemporaryDirectory(prefix="jiha-shots-") as tmp:
        env = {
            **os.environ,
            "JIHA_VAR_DIR": tmp,
            "DATABASE_URL": f"sqlite:///{tmp}/jiha.sqlite3",
            "JIHA_VIRUS_SCAN": os.environ.get("JIHA_VIRUS_SCAN", "off"),
        }
        print("Preparing the demo database (migrate, reference data, demo)…", flush=True)
        subprocess.run(  # noqa: S603 - our own command
            [*JIHA, "up", "--demo", "--no-serve"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        port = _free_port()
        log = Path(tmp) / "server.log"
        server = subprocess.Popen(  # noqa: S603 - our own command
            [*JIHA, "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            try:
                _wait_until_up(f"{base}/", server)
            except SystemExit:
                print(log.read_text(errors="replace")[-2000:])
                raise
            yield base
        finally:
            server.terminate()
            server.wait(timeout=30)


def _first_dataset(base: str) -> str:
    import json

    with urllib.request.urlopen(f"{base}/api/datasets", timeout=30) as answer:  # noqa: S310
        datasets = json.load(answer)
    published = [d["slug"] for d in datasets if d["current_version"]]
    return published[0] if published else (datasets[0]["slug"] if datasets else "census")


def optimised_png(raw: bytes) -> bytes:
    """A PNG reduced to 256 colours (screenshots have few), compressed as far as it goes."""
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB")
    reduced = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    reduced.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _capture(page: object, base: str, shot: Shot, values: dict[str, str]) -> bool:
    answer = page.goto(f"{base}{shot.path.format(**values)}")  # type: ignore[attr-defined]
    if answer is None or answer.status >= 400:
        status = answer.status if answer else "no answer"
        print(f"  skipped {shot.name}: {shot.path} answered {status}")
        return False
    for selector, value in shot.fill.items():
        target = page.locator(selector).first  # type: ignore[attr-defined]
        if target.count():
            target.fill(value)
    for selector, value in shot.select.items():
        target = page.locator(selector).first  # type: ignore[attr-defined]
        if target.count() and not target.input_value():
            target.select_option(value)
    for selector, value in shot.fill_if_empty.items():
        target = page.locator(selector).first  # type: ignore[attr-defined]
        if target.count() and not target.input_value():
            target.fill(value)
    if shot.submit:
        with page.expect_navigation():  # type: ignore[attr-defined]
            page.locator(shot.submit).first.click()  # type: ignore[attr-defined]
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    if shot.anchor:
        result = page.locator(shot.anchor).first  # type: ignore[attr-defined]
        if result.count():
            result.evaluate("element => element.scrollIntoView({block: 'start'})")
    return True


def capture_all(base: str, out: Path, languages: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    values = {"dataset": _first_dataset(base)}
    missing = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for language in languages:
            prefix = "" if language == "fr" else f"/{language}"
            for width, height in WIDTHS.items():
                # The browser's language too: a first visit follows it (Accept-Language).
                locale = {"fr": "fr-FR", "ar": "ar-MA"}.get(language, "en-GB")
                page = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
                for shot in SHOTS:
                    if not _capture(page, f"{base}{prefix}", shot, values):
                        missing += 1
                        continue
                    name = f"{shot.name}-{width}{'' if language == 'fr' else '-' + language}.png"
                    png = optimised_png(page.screenshot(full_page=False))
                    (out / name).write_bytes(png)
                    print(f"  {name}: {len(png) // 1024} KB")
                page.close()
        browser.close()
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="A running site (default: a demo server of its own)")
    parser.add_argument("--out", type=Path, default=OUT, help="Where the PNGs go")
    parser.add_argument("--languages", default="fr", help="Comma-separated: fr,ar,en (default fr)")
    options = parser.parse_args(argv)
    languages = [code.strip() for code in options.languages.split(",") if code.strip()]
    if options.base_url:
        missing = capture_all(options.base_url.rstrip("/"), options.out, languages)
    else:
        with demo_server() as base:
            missing = capture_all(base, options.out, languages)
    print(f"Screenshots in {options.out} ({missing} page(s) skipped).")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
