"""Production mode refuses to start without what it needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "JIHA_PRODUCTION": "1",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "jiha.example.ma",
    "EMAIL_HOST": "smtp.example.ma",
}


def _load_settings(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "JIHA_DEBUG"}}
    environment.update(PRODUCTION, JIHA_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", "import jiha.config.settings"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_it_refuses_production_without_redis(tmp_path: Path) -> None:
    result = _load_settings(tmp_path)
    assert result.returncode != 0
    assert "Set REDIS_URL when JIHA_PRODUCTION is on." in result.stderr


def test_it_starts_production_with_redis(tmp_path: Path) -> None:
    result = _load_settings(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
