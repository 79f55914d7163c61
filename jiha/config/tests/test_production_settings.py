"""Production settings refuse what would break a multi-process deployment; the worker and the
other `jiha` commands get their long statement timeout; gunicorn's master checks both."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from jiha import cli
from jiha.config import gunicorn

PRODUCTION = {
    "JIHA_PRODUCTION": "1",
    "SECRET_KEY": "s" * 50,
    "ALLOWED_HOSTS": "jiha.test",
    "EMAIL_HOST": "smtp.jiha.test",
}


def settings_value(name: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with only ``env`` and print one of them."""
    clean = {"PATH": os.environ["PATH"], "JIHA_VAR_DIR": str(tmp_path), **env}
    code = f"import jiha.config.settings as s; print(s.{name})"
    return subprocess.run(  # noqa: S603 - our interpreter, fixed code
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_a_shared_cache(tmp_path: Path) -> None:
    result = settings_value("CACHES", PRODUCTION, tmp_path)
    assert result.returncode != 0
    assert "Set REDIS_URL when JIHA_PRODUCTION is on" in result.stderr


@pytest.mark.parametrize(
    ("extra", "backend"),
    [({"REDIS_URL": "redis://127.0.0.1:6379/1"}, "RedisCache"), ({"JIHA_SINGLE_PROCESS": "1"}, "")],
)
def test_production_starts_with_redis_or_when_declared_single_process(
    tmp_path: Path, extra: dict[str, str], backend: str
) -> None:
    result = settings_value("CACHES", {**PRODUCTION, **extra}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert backend in result.stdout


@pytest.mark.parametrize(("kind", "expected"), [("web", "10"), ("batch", "3600")])
def test_batch_processes_get_the_long_statement_timeout(
    tmp_path: Path, kind: str, expected: str
) -> None:
    result = settings_value("DB_STATEMENT_TIMEOUT", {"JIHA_PROCESS_KIND": kind}, tmp_path)
    assert result.stdout.strip() == expected, result.stderr


@pytest.mark.parametrize(
    ("command", "kind"), [("worker", "batch"), ("migrate", "batch"), ("up", "web")]
)
def test_the_jiha_command_says_which_kind_of_process_it_runs(
    monkeypatch: pytest.MonkeyPatch, command: str, kind: str
) -> None:
    # setenv first, so that the kind cli.main sets is removed after the test (a bare delenv of
    # an absent variable records nothing to restore, and "batch" leaked into later tests).
    monkeypatch.setenv("JIHA_PROCESS_KIND", "")
    monkeypatch.delenv("JIHA_PROCESS_KIND")
    ran: list[list[str]] = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", ran.append)
    cli.main(["jiha", command])
    assert os.environ["JIHA_PROCESS_KIND"] == kind
    assert ran[-1][1] == cli.ALIASES.get(command, command)


def start(workers: int, timeout: int = 30) -> None:
    gunicorn.on_starting(SimpleNamespace(cfg=SimpleNamespace(workers=workers, timeout=timeout)))


def test_gunicorn_refuses_several_workers_with_a_per_process_cache(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with pytest.raises(RuntimeError, match="shared cache"):
        start(workers=3)
    start(workers=1)


def test_gunicorn_starts_several_workers_with_redis(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    start(workers=3)


def test_gunicorn_refuses_a_timeout_shorter_than_the_statement_timeout(settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    settings.DB_STATEMENT_TIMEOUT = 10
    with pytest.raises(RuntimeError, match="GUNICORN_TIMEOUT"):
        start(workers=3, timeout=10)


def test_the_default_gunicorn_timeout_outlasts_the_default_statement_timeout(
    settings: Any,
) -> None:
    assert gunicorn.timeout > settings.DB_STATEMENT_TIMEOUT
