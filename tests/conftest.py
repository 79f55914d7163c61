"""Hooks of the tests under tests/: the hostile-input count in the run's summary."""

from __future__ import annotations

from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.hostile_tally import TALLY

    lines = TALLY.lines()
    if lines:
        terminalreporter.section("hostile inputs")
        for line in lines:
            terminalreporter.write_line(line)
