"""Tasks the reliability tests give to real ``jiha worker`` processes (never used by the site).

Each records, in the file it is given, one line per run: the task's result id and the worker's
process id (one ``write`` of a short line in append mode: lines of two processes never mix).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import TaskContext, task


@task(takes_context=True)
def record_run(context: TaskContext, log: str, seconds: float = 0.0) -> str:
    with Path(log).open("a") as out:
        out.write(f"{context.task_result.id} {os.getpid()}\n")
    time.sleep(seconds)
    return "ok"


@task(takes_context=True)
def slow_first_time(context: TaskContext, log: str, seconds: float) -> str:
    """Sleeps ``seconds`` on its first run (long enough to be killed), returns at once after."""
    first = not Path(log).exists()
    with Path(log).open("a") as out:
        out.write(f"{context.task_result.id} {os.getpid()}\n")
    if first:
        time.sleep(seconds)
    return "ok"
