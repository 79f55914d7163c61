"""Database connection options that bound every wait, so a held lock or a database that does not
answer cannot stall every web process (see docs/production.md, "Timeouts")."""

from __future__ import annotations

from typing import Any

POSTGRESQL = "django.db.backends.postgresql"
SQLITE = "django.db.backends.sqlite3"


def with_timeouts(
    engine: str, options: dict[str, Any], *, connect: int, statement: int, lock: int
) -> dict[str, Any]:
    """``options`` (a DATABASES OPTIONS dict) with the timeouts added, in seconds; 0 = no limit.

    PostgreSQL gets them as connection parameters (no extra round trip per connection); on
    SQLite, which has no statement timeout, the lock timeout is its busy timeout.

    >>> with_timeouts(POSTGRESQL, {}, connect=5, statement=10, lock=3)
    {'connect_timeout': 5, 'options': '-c statement_timeout=10s -c lock_timeout=3s'}
    >>> given = {"options": "-c search_path=jiha"}
    >>> with_timeouts(POSTGRESQL, given, connect=0, statement=0, lock=2)
    {'options': '-c search_path=jiha -c lock_timeout=2s'}
    >>> with_timeouts(SQLITE, {"init_command": "PRAGMA …"}, connect=5, statement=10, lock=3)
    {'init_command': 'PRAGMA …', 'timeout': 3}
    """
    result = dict(options)
    if engine == SQLITE:
        if lock:
            result["timeout"] = lock
        return result
    if engine != POSTGRESQL:
        return result
    if connect:
        result["connect_timeout"] = connect
    # Later "-c" settings win, so these override any given in DATABASE_URL's options.
    settings = [
        f"-c {name}={seconds}s"
        for name, seconds in (("statement_timeout", statement), ("lock_timeout", lock))
        if seconds
    ]
    if settings:
        result["options"] = " ".join([result.get("options", ""), *settings]).strip()
    return result
