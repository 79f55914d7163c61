"""The test settings under pytest-xdist: a var/ per worker, followed by every derived path and by
the subprocesses a test starts; one clamd socket for all the workers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CODE = """
import json, os
import jiha.config.test_settings as s
print(json.dumps({
    "var": str(s.VAR_DIR), "media": str(s.MEDIA_ROOT), "private": str(s.JIHA_PRIVATE_STORAGE_DIR),
    "digests": str(s.JIHA_AUDIT_DIGEST_DIR), "clamd": str(s.JIHA_CLAMD_SOCKET),
    "database": str(s.DATABASES["default"]["NAME"]), "env_var": os.environ.get("JIHA_VAR_DIR"),
}))
"""


def paths(tmp_path: Path, **env: str) -> dict[str, str]:
    """Import the test settings in a fresh interpreter with only ``env``; their paths."""
    clean = {"PATH": os.environ["PATH"], "JIHA_VAR_DIR": str(tmp_path), **env}
    done = subprocess.run(  # noqa: S603 - our interpreter, fixed code
        [sys.executable, "-c", CODE], env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_each_xdist_worker_gets_a_var_directory_of_its_own(tmp_path: Path) -> None:
    gw0 = paths(tmp_path, PYTEST_XDIST_WORKER="gw0")
    gw1 = paths(tmp_path, PYTEST_XDIST_WORKER="gw1")

    assert gw0["var"] == str(tmp_path / "test-gw0") and gw1["var"] == str(tmp_path / "test-gw1")
    for key in ("media", "private", "digests", "database"):
        assert gw0[key].startswith(gw0["var"] + "/"), key
        assert gw1[key].startswith(gw1["var"] + "/"), key
    # Exported, so the subprocesses a test starts use the worker's directory too.
    assert gw0["env_var"] == gw0["var"]
    # One clamd for every worker, where a serial run looks for it.
    assert gw0["clamd"] == gw1["clamd"] == str(tmp_path / "clamd" / "clamd.sock")


def test_a_subprocess_of_a_worker_keeps_the_worker_s_directory(tmp_path: Path) -> None:
    worker = tmp_path / "test-gw3"
    assert paths(worker.parent / worker.name, PYTEST_XDIST_WORKER="gw3")["var"] == str(worker)


def test_a_serial_run_keeps_the_usual_var_directory(tmp_path: Path) -> None:
    serial = paths(tmp_path)
    assert serial["var"] == str(tmp_path)
    assert serial["clamd"] == str(tmp_path / "clamd" / "clamd.sock")
