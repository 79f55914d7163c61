"""Without Chromium the browser tests skip with one clear line, unless CI requires them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_browser_tests(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "JIHA_REQUIRE_BROWSER"}
    environment.update(JIHA_CHROMIUM="/nonexistent/chromium", **env)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "browser", "-rs"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_skips_the_browser_tests_saying_how_to_install_chromium() -> None:
    result = run_browser_tests()
    assert result.returncode == 0, result.stdout[-2000:]
    assert "apt-get install chromium" in result.stdout
    assert " skipped" in result.stdout and "passed" not in result.stdout


def test_it_fails_them_where_ci_requires_the_browser() -> None:
    result = run_browser_tests(JIHA_REQUIRE_BROWSER="1")
    assert result.returncode != 0
    assert "JIHA_REQUIRE_BROWSER=1" in result.stdout
