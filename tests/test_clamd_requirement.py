"""Without clamd the scanning tests skip with one clear line, unless CI requires them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCANNING_TESTS = "jiha/lib/tests/test_virusscan.py"


def run_scanning_tests(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "JIHA_REQUIRE_CLAMD"}
    environment.update(
        JIHA_CLAMD="/nonexistent/clamd",  # not started by the fixture
        JIHA_CLAMD_SOCKET=str(tmp_path / "nobody.sock"),
        **env,
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", SCANNING_TESTS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_it_skips_the_scanning_tests_saying_how_to_start_clamd(tmp_path: Path) -> None:
    result = run_scanning_tests(tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "tools/clamd-local.sh start" in result.stdout
    assert " skipped" in result.stdout


def test_it_fails_them_where_ci_requires_clamd(tmp_path: Path) -> None:
    result = run_scanning_tests(tmp_path, JIHA_REQUIRE_CLAMD="1")
    assert result.returncode != 0
    assert "JIHA_REQUIRE_CLAMD=1" in result.stdout
