"""The audit log: appended with the change, hash-chained, append-only on PostgreSQL, checked
by `jiha verify_audit` (which names the first broken entry) and against outside digests."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from jiha.audit.models import AuditEntry
from jiha.audit.selectors import chain_breaches, history_of
from jiha.audit.services import audit_append, audit_digest_write

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def digests(settings: Any, tmp_path: Path) -> Path:
    settings.JIHA_AUDIT_DIGEST_DIR = tmp_path / "digests"
    return settings.JIHA_AUDIT_DIGEST_DIR


def append(n: int, **extra: Any) -> list[AuditEntry]:
    with transaction.atomic():
        return [
            audit_append(
                actor=None,
                action="dossier.decide",
                target=("incentives.dossier", i % 3),
                before={"state": "under_review"},
                after={
                    "state": "approved",
                    "amount": Decimal("1234.50"),
                    "on": dt.date(2026, 5, 1),
                },
                reason="four eyes",
                **extra,
            )
            for i in range(n)
        ]


def tamper(sql: str, params: list[Any]) -> None:
    """Change a row behind the application's back (as the table's owner would)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def test_it_chains_each_entry_to_the_one_before() -> None:
    entries = append(4)
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert [e.previous_hash for e in entries[1:]] == [e.entry_hash for e in entries[:-1]]
    assert chain_breaches() == (4, [])
    assert entries[0].after == {"state": "approved", "amount": "1234.50", "on": "2026-05-01"}


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_append_outside_the_transaction_of_the_change() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_append(actor=None, action="x", target=("a.b", 1))


def test_it_keeps_nothing_when_the_change_is_rolled_back() -> None:
    with pytest.raises(ValueError), transaction.atomic():
        audit_append(actor=None, action="x", target=("a.b", 1))
        raise ValueError
    append(1)
    assert list(AuditEntry.objects.values_list("seq", flat=True)) == [1]
    assert chain_breaches()[1] == []


def test_verify_audit_names_the_first_entry_someone_edited(capsys: Any) -> None:
    append(5)
    tamper("UPDATE audit_auditentry SET reason = %s WHERE seq = %s", ["nothing to see", 3])
    with pytest.raises(CommandError, match="first broken entry 3"):
        call_command("verify_audit")
    assert "entry 3: content changed after it was written" in capsys.readouterr().err


def test_verify_audit_sees_a_removed_entry() -> None:
    append(5)
    tamper("DELETE FROM audit_auditentry WHERE seq = %s", [2])
    _count, breaches = chain_breaches()
    assert breaches[0].seq == 2 and "missing" in breaches[0].problem


def test_verify_audit_sees_a_chain_rewritten_after_its_digest(digests: Path) -> None:
    append(3)
    audit_digest_write()
    # Rewrite entry 3 and re-hash it consistently: only the digest outside can tell.
    entry = AuditEntry.objects.get(seq=3)
    entry.reason = "rewritten"
    from jiha.audit.chain import entry_hash

    new_hash = entry_hash(entry.content())
    tamper(
        "UPDATE audit_auditentry SET reason = %s, entry_hash = %s WHERE seq = 3",
        ["rewritten", new_hash],
    )
    tamper("UPDATE audit_audithead SET entry_hash = %s", [new_hash])
    _count, breaches = chain_breaches()
    assert [b.problem.split(" ")[0] for b in breaches] == ["differs"]
    assert len(list(digests.glob("audit-digest-*.json"))) == 1


def test_it_gives_an_objects_history_in_order() -> None:
    append(6)
    assert [e.seq for e in history_of(("incentives.dossier", 1))] == [2, 5]


def test_verify_audit_says_the_log_is_intact(capsys: Any) -> None:
    append(2)
    call_command("verify_audit")
    assert "Audit log intact: 2 entries" in capsys.readouterr().out


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_to_update_or_delete_an_entry() -> None:
    append(1)
    for sql in ("UPDATE audit_auditentry SET reason = 'x'", "DELETE FROM audit_auditentry"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_concurrent_appends_make_one_chain() -> None:
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(10):
                append(1)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert chain_breaches() == (40, [])
