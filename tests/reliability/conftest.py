"""Real processes (``jiha worker``, the web server) on a database of their own, killed with
SIGKILL. The database is made by ``jiha migrate`` in a subprocess: a SQLite file, or, when the
suite runs on PostgreSQL (DATABASE_URL), a database of its own on the same server, dropped after.
The test process only reads and writes it through ``jiha shell`` subprocesses."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JIHA = [sys.executable, "-m", "jiha.cli"]


class Live:
    """The environment of the processes under test."""

    def __init__(self, env: dict[str, str], var: Path) -> None:
        self.env = env
        self.var = var

    def command(self, *args: str, timeout: float = 300) -> str:
        return self.command_env(self.env, *args, timeout=timeout)

    def command_env(self, env: dict[str, str], *args: str, timeout: float = 300) -> str:
        done = subprocess.run(  # noqa: S603 - our own command
            [*JIHA, *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise AssertionError(f"jiha {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def shell(self, code: str) -> object:
        """Run ``code`` in ``jiha shell``; it prints one JSON document last, returned here."""
        output = self.command("shell", "-c", code)
        return json.loads(output.strip().splitlines()[-1])

    def spawn(self, *args: str, **env: str) -> subprocess.Popen[bytes]:
        log = (self.var / f"{args[0]}-{uuid.uuid4().hex[:6]}.log").open("wb")
        return subprocess.Popen(  # noqa: S603 - our own command
            [*JIHA, *args],
            env={**self.env, **env},
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    var = tmp_path_factory.mktemp("live")
    env = {
        key: value
        for key, value in os.environ.items()
        # JIHA_PROCESS_KIND: each `jiha` command says its own kind (jiha.cli).
        if not key.startswith(("DJANGO_", "PYTEST_")) and key != "JIHA_PROCESS_KIND"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "jiha.config.settings",
            "JIHA_VAR_DIR": str(var),
            "JIHA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "JIHA_VIRUS_SCAN": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
            # Shared by the setup shells and the production server (API tokens are keyed by it).
            "SECRET_KEY": secrets.token_urlsafe(50),
        }
    )
    env.pop("REDIS_URL", None)
    server_url = os.environ.get("DATABASE_URL", "")
    database = ""
    if server_url.startswith("postgres"):
        import psycopg

        base, _, _name = server_url.rpartition("/")
        # Its own name per run and per pytest-xdist worker (gw0, gw1…).
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        database = f"jiha_reliability_{worker}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = f"{base}/{database}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{var / 'live.sqlite3'}"
    live = Live(env, var)
    try:
        live.command("migrate", "--no-input", timeout=600)
        yield live
    finally:
        if database:
            import psycopg

            with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
