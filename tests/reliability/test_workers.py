"""Two real ``jiha worker`` processes at once never take the same task, and a task whose worker is
killed (SIGKILL) is taken over by the other worker once its lease lapses."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.reliability.conftest import Live

pytestmark = pytest.mark.reliability
FAST_LEASE = {
    "JIHA_WORKER_HEARTBEAT_SECONDS": "1",
    "JIHA_WORKER_LEASE_SECONDS": "4",
    "JIHA_WORKER_SWEEP_SECONDS": "1",
}


def _enqueue(live: Live, task: str, count: int, **kwargs: object) -> list[str]:
    ids = live.shell(
        "import json\n"
        f"from tests.reliability.tasks import {task}\n"
        f"ids = [str({task}.enqueue(**{kwargs!r}).id) for _ in range({count})]\n"
        "print(json.dumps(ids))\n"
    )
    assert isinstance(ids, list)
    return ids


def _statuses(live: Live, ids: list[str]) -> dict[str, list[object]]:
    result = live.shell(
        "import json\n"
        "from django_tasks_db.models import DBTaskResult\n"
        f"rows = DBTaskResult.objects.filter(id__in={ids!r})\n"
        "print(json.dumps({str(r.id): [r.status, r.worker_ids, r.traceback] for r in rows}))\n"
    )
    assert isinstance(result, dict)
    return result


def _wait(predicate: object, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {seconds} s")


def _stop(*workers: object) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)  # type: ignore[attr-defined]
    for worker in workers:
        worker.wait(60)  # type: ignore[attr-defined]


def test_two_workers_never_take_the_same_task(live: Live, tmp_path: Path) -> None:
    log = tmp_path / "runs.log"
    ids = _enqueue(live, "record_run", 40, log=str(log), seconds=0.05)
    workers = [live.spawn("worker", "--interval", "0.1", **FAST_LEASE) for _ in range(2)]
    try:
        _wait(lambda: log.exists() and len(log.read_text().splitlines()) >= 40, 180)
        time.sleep(1)  # a task run twice would show now
    finally:
        _stop(*workers)
    runs = [line.split() for line in log.read_text().splitlines()]
    assert Counter(task_id for task_id, _pid in runs) == dict.fromkeys(ids, 1)
    assert {pid for _task, pid in runs} == {str(w.pid) for w in workers}  # both worked
    statuses = _statuses(live, ids)
    assert {status for status, _workers, _tb in statuses.values()} == {"SUCCESSFUL"}


def test_a_task_whose_worker_is_killed_is_taken_over(live: Live, tmp_path: Path) -> None:
    log = tmp_path / "slow.log"
    [task_id] = _enqueue(live, "slow_first_time", 1, log=str(log), seconds=600)
    first = live.spawn("worker", "--interval", "0.1", **FAST_LEASE)
    try:
        _wait(log.exists, 120)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    assert _statuses(live, [task_id])[task_id][0] == "RUNNING"
    second = live.spawn("worker", "--interval", "0.1", **FAST_LEASE)
    try:
        _wait(lambda: _statuses(live, [task_id])[task_id][0] == "SUCCESSFUL", 120)
    finally:
        _stop(second)
    status, worker_ids, _traceback = _statuses(live, [task_id])[task_id]
    assert len(worker_ids) == 2  # type: ignore[arg-type]
    assert len(log.read_text().splitlines()) == 2


def test_a_task_killed_as_often_as_allowed_fails_with_a_message(live: Live, tmp_path: Path) -> None:
    log = tmp_path / "killed.log"
    [task_id] = _enqueue(live, "record_run", 1, log=str(log), seconds=600)
    first = live.spawn("worker", "--interval", "0.1", JIHA_TASK_ATTEMPTS="1", **FAST_LEASE)
    try:
        _wait(log.exists, 120)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    second = live.spawn("worker", "--interval", "0.1", JIHA_TASK_ATTEMPTS="1", **FAST_LEASE)
    try:
        _wait(lambda: _statuses(live, [task_id])[task_id][0] == "FAILED", 120)
    finally:
        _stop(second)
    _status, _workers, traceback = _statuses(live, [task_id])[task_id]
    assert "stopped before the task ended" in str(traceback)
    assert len(log.read_text().splitlines()) == 1  # never run a second time
