"""Canonical JSON and hashes of the audit chain (no database access here)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def json_safe(value: Any) -> Any:
    """``value`` as JSON gives it back (decimals and dates as text): what is stored is what is
    hashed, on SQLite and on PostgreSQL alike."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def canonical(content: dict[str, Any]) -> bytes:
    """One byte string per content: sorted keys, no spaces, UTF-8.

    Example:
        >>> canonical({"b": 1, "a": "é"})
        b'{"a":"\\xc3\\xa9","b":1}'
    """
    return json.dumps(
        content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder
    ).encode("utf-8")


def entry_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()
