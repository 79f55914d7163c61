"""Reads of the audit log: an object's history, and the check of the whole chain."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import models
from django.db.models import QuerySet

from jiha.audit.chain import GENESIS, entry_hash
from jiha.audit.models import AuditEntry, AuditHead
from jiha.audit.services import Target, _target, digest_dir

BATCH = 2_000


def history_of(target: Target) -> QuerySet[AuditEntry]:
    """Every entry about one object, oldest first."""
    object_type, object_id = _target(target)
    return AuditEntry.objects.filter(object_type=object_type, object_id=object_id).order_by("seq")


def history_of_many(model: type[models.Model], keys: list[str]) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        object_type=model._meta.label_lower, object_id__in=[str(k) for k in keys]
    ).order_by("seq")


@dataclass(frozen=True)
class Breach:
    seq: int
    problem: str


def _entries() -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:BATCH])
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def chain_breaches(limit: int = 20) -> tuple[int, list[Breach]]:
    """Check every entry: its hash, its link to the one before, no gap in the numbers; then the
    head row and the digests written outside the database. Returns (entries read, breaches)."""
    breaches: list[Breach] = []
    expected_seq, previous, count = 1, GENESIS, 0
    hashes: dict[int, str] = {}
    for entry in _entries():
        count += 1
        if entry.seq != expected_seq:
            breaches.append(Breach(expected_seq, f"entries {expected_seq}–{entry.seq - 1} missing"))
        if entry.previous_hash != previous:
            breaches.append(Breach(entry.seq, "does not follow the entry before it"))
        if entry_hash(entry.content()) != entry.entry_hash:
            breaches.append(Breach(entry.seq, "content changed after it was written"))
        hashes[entry.seq] = entry.entry_hash
        previous, expected_seq = entry.entry_hash, entry.seq + 1
        if len(breaches) >= limit:
            return count, breaches
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.entry_hash) != (expected_seq - 1, previous):
        breaches.append(Breach(head.seq, "the chain head does not match the last entry"))
    breaches.extend(_digest_breaches(hashes))
    return count, breaches


def _digest_breaches(hashes: dict[int, str]) -> list[Breach]:
    found = []
    folder: Path = digest_dir()
    for path in sorted(folder.glob("audit-digest-*.json")) if folder.is_dir() else []:
        digest = json.loads(path.read_text(encoding="utf-8"))
        seq, expected = int(digest["seq"]), digest["entry_hash"]
        if seq and hashes.get(seq) != expected:
            found.append(Breach(seq, f"differs from the digest {path.name}"))
    return found
