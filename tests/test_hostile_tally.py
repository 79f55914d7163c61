"""The hostile-input tally adds up the counts of pytest-xdist workers (tests/conftest.py)."""

from __future__ import annotations

import json

from tests.hostile_tally import Tally


def test_the_controller_adds_up_what_each_worker_counted() -> None:
    gw0, gw1 = Tally(), Tally()
    gw0.record("paths", refused=True, changed=False)
    gw0.record("query strings", refused=False, changed=False)
    gw1.record("paths", refused=True, changed=False)
    gw1.record("paths", refused=False, changed=True, failed=True)

    controller = Tally()
    for worker in (gw0, gw1):
        controller.merge(json.loads(json.dumps(worker.as_plain())))  # as execnet carries it

    assert controller.lines() == [
        "paths: 3 tried, 2 refused (4xx), 1 with rows changed, 1 failed",
        "query strings: 1 tried, 0 refused (4xx), 0 with rows changed, 0 failed",
        "all: 4 tried, 2 refused (4xx), 1 with rows changed, 1 failed",
    ]
