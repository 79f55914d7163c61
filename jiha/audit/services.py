"""Writes of the audit log: one function appends, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from jiha.audit.chain import entry_hash, json_safe
from jiha.audit.models import AuditEntry, AuditHead

Target = models.Model | tuple[str, str | int]


def _target(target: Target) -> tuple[str, str]:
    if isinstance(target, models.Model):
        return target._meta.label_lower, str(target.pk)
    kind, key = target
    return kind, str(key)


def audit_append(
    *,
    actor: Any,
    action: str,
    target: Target,
    before: Any = None,
    after: Any = None,
    reason: str = "",
    role: str = "",
) -> AuditEntry:
    """Append one entry to the chain, in the transaction that makes the change it records.

    ``actor`` is a user or None (the operator's command line, a scheduled task); ``target`` a
    model instance or ``("app.kind", key)``; ``before``/``after`` anything JSON can hold once
    decimals and dates are written as text. Called outside a transaction it refuses: an entry
    committed without its change (or the reverse) would make the log lie.

    Example:
        >>> from django.db import transaction
        >>> with transaction.atomic():  # doctest: +SKIP
        ...     audit_append(actor=user, action="dossier.submit", target=dossier,
        ...                  before={"state": "draft"}, after={"state": "submitted"})
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit_append must run inside the transaction of the change.")
    object_type, object_id = _target(target)
    head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now().astimezone(dt.UTC),
        actor_id=getattr(actor, "pk", None),
        actor_role=role,
        action=action,
        object_type=object_type,
        object_id=object_id,
        before=json_safe(before),
        after=json_safe(after),
        reason=reason,
        previous_hash=head.entry_hash,
    )
    entry.entry_hash = entry_hash(entry.content())
    entry.save()
    head.seq, head.entry_hash = entry.seq, entry.entry_hash
    head.save(update_fields=["seq", "entry_hash"])
    return entry


def digest_dir() -> Path:
    return Path(settings.JIHA_AUDIT_DIGEST_DIR)


@transaction.atomic
def audit_digest_write(*, when: dt.datetime | None = None) -> Path:
    """Write the chain head (sequence number and hash) to a dated file outside the database.

    Run daily (cron or a systemd timer, see docs/production.md): whoever later rewrites the
    whole chain in the database cannot rewrite these files too, and ``jiha verify_audit``
    compares them with the chain. Each digest also holds the hash of the previous one.
    """
    when = when or timezone.now()
    head, _created = AuditHead.objects.get_or_create(pk=1)
    folder = digest_dir()
    folder.mkdir(parents=True, exist_ok=True)
    earlier = sorted(folder.glob("audit-digest-*.json"))
    previous = earlier[-1].read_bytes() if earlier else b""
    body = {
        "written_at": when.astimezone(dt.UTC).isoformat(),
        "seq": head.seq,
        "entry_hash": head.entry_hash,
        "previous_digest_sha256": hashlib.sha256(previous).hexdigest(),
    }
    path = folder / f"audit-digest-{when.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    path.write_text(json.dumps(body, indent=2, sort_keys=True), encoding="utf-8")
    return path
