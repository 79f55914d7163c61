"""Faults on PostgreSQL: two reviewers deciding the same dossier at the same moment, and a
process killed (SIGKILL) in the middle of a submission."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from jiha.accounts.models import User
from jiha.audit.models import AuditEntry
from jiha.incentives import services
from jiha.incentives.dossiers import services as dossier_services
from jiha.incentives.models import Decision, Dossier, DossierState
from jiha.lib.errors import AppError

MakeDossier = Callable[..., Dossier]
pytestmark = pytest.mark.usefixtures("english")


def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks across connections and a second process: PostgreSQL only")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("with_version", "refusal"),
    [
        (True, "dossier_conflict"),  # the page's version: "changed by someone else, reload it"
        (False, "dossier_wrong_state"),  # no version: the row lock alone keeps them apart
    ],
)
def test_it_lets_exactly_one_of_two_simultaneous_reviewers_decide(
    make_dossier: MakeDossier,
    instructor: User,
    reviewer: User,
    second_reviewer: User,
    monkeypatch: pytest.MonkeyPatch,
    with_version: bool,
    refusal: str,
) -> None:
    _postgresql_only()
    dossier = make_dossier("under_review", instructor=instructor)
    original = dossier_services.audit_append

    def slow_append(**kwargs: Any) -> Any:
        time.sleep(0.3)  # hold the lock a while: the other reviewer must wait for it
        return original(**kwargs)

    monkeypatch.setattr(dossier_services, "audit_append", slow_append)
    start = threading.Barrier(2)
    results: dict[str, object] = {}

    def decide(actor: User, outcome: str) -> None:
        try:
            start.wait()
            results[actor.email] = services.dossier_decide(
                actor=actor,
                dossier_id=dossier.pk,
                version=dossier.version if with_version else None,
                outcome=outcome,
            )
        except AppError as refusal:
            results[actor.email] = refusal
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(reviewer, "approved")),
        threading.Thread(target=decide, args=(second_reviewer, "rejected")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    decisions = [r for r in results.values() if isinstance(r, Decision)]
    refusals = [r for r in results.values() if isinstance(r, AppError)]
    assert len(decisions) == 1 and len(refusals) == 1, results
    assert refusals[0].status == 409
    assert refusals[0].code == refusal
    assert Decision.objects.filter(dossier=dossier).count() == 1
    dossier.refresh_from_db()
    assert dossier.state == decisions[0].outcome
    assert AuditEntry.objects.filter(action="dossier.decide").count() == 1


CHILD = textwrap.dedent(
    """
    import sys, time, django
    django.setup()
    from jiha.accounts.models import User
    from jiha.incentives import services
    from jiha.incentives.dossiers import services as inner

    dossier_id, user_id, key, when = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    original = inner.audit_append

    def append_then_hang(**kwargs):
        entry = original(**kwargs)
        if when == "inside":
            print("INSIDE", flush=True)  # the row is changed, the transaction is not committed
            time.sleep(600)
        return entry

    inner.audit_append = append_then_hang
    services.dossier_submit(actor=User.objects.get(pk=user_id), dossier_id=dossier_id,
                            version=None, idempotency_key=key)
    print("COMMITTED", flush=True)
    time.sleep(600)
    """
)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _kill_when(dossier: Dossier, user: User, key: str, when: str, signal_line: str) -> None:
    """Run the submission in another process and SIGKILL it once it prints ``signal_line``."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "jiha.config.settings",
        "DATABASE_URL": _database_url(),
    }
    child = subprocess.Popen(  # noqa: S603 - our interpreter, our code
        [sys.executable, "-c", CHILD, str(dossier.pk), str(user.pk), key, when],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == signal_line, f"the child said {line!r}"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)


def _submits(dossier: Dossier) -> int:
    return AuditEntry.objects.filter(action="dossier.submit", object_id=str(dossier.pk)).count()


@pytest.mark.django_db(transaction=True)
def test_a_submission_killed_midway_leaves_the_untouched_draft(
    make_dossier: MakeDossier, applicant: User
) -> None:
    _postgresql_only()
    dossier = make_dossier("draft")
    _kill_when(dossier, applicant, "kill-inside", "inside", "INSIDE")

    dossier.refresh_from_db()
    assert dossier.state == DossierState.DRAFT and dossier.version == 1
    assert dossier.submit_key is None and dossier.submitted_at is None
    assert _submits(dossier) == 0
    retried = services.dossier_submit(
        actor=applicant, dossier_id=dossier.pk, version=None, idempotency_key="kill-inside"
    )
    assert retried.state == DossierState.SUBMITTED and _submits(dossier) == 1


@pytest.mark.django_db(transaction=True)
def test_a_submission_killed_after_commit_is_whole_and_a_retry_returns_it(
    make_dossier: MakeDossier, applicant: User
) -> None:
    _postgresql_only()
    dossier = make_dossier("draft")
    _kill_when(dossier, applicant, "kill-after", "after", "COMMITTED")

    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED and dossier.version == 2
    assert dossier.submit_key == "kill-after" and dossier.clock_started_at is not None
    assert _submits(dossier) == 1
    retried = services.dossier_submit(
        actor=applicant, dossier_id=dossier.pk, version=1, idempotency_key="kill-after"
    )
    assert retried.pk == dossier.pk and retried.version == 2
    assert _submits(dossier) == 1 and Dossier.objects.count() == 1
