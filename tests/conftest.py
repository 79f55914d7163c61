"""Hooks of the tests under tests/: the hostile-input count in the run's summary.

Under pytest-xdist each worker counts its own tests: it hands its counts to the controller in
``workeroutput`` when its session ends, the controller adds them up as each worker goes down and
prints the total once, as a serial run does.
"""

from __future__ import annotations

from typing import Any

import pytest

WORKER_KEY = "hostile_tally"


def pytest_sessionfinish(session: pytest.Session) -> None:
    from tests.hostile_tally import TALLY

    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker
        workeroutput[WORKER_KEY] = TALLY.as_plain()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    from tests.hostile_tally import TALLY

    TALLY.merge(getattr(node, "workeroutput", {}).get(WORKER_KEY, {}))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.hostile_tally import TALLY

    if hasattr(terminalreporter.config, "workerinput"):
        return  # an xdist worker: the controller prints the total
    lines = TALLY.lines()
    if lines:
        terminalreporter.section("hostile inputs")
        for line in lines:
            terminalreporter.write_line(line)
