"""The environment the crash tests give the server (no process is started here)."""

from __future__ import annotations

from pathlib import Path

from tests.reliability.conftest import Live
from tests.reliability.server import Server


def test_the_server_runs_as_a_web_process_whatever_the_test_process_inherited(
    tmp_path: Path,
) -> None:
    # A test that ran the `jiha` command in-process left JIHA_PROCESS_KIND=batch behind: gunicorn
    # then refused the batch statement timeout and every crash test failed at the first start.
    server = Server(Live({"JIHA_PROCESS_KIND": "batch", "PATH": "/usr/bin"}, tmp_path))
    assert server.env["JIHA_PROCESS_KIND"] == "web"
