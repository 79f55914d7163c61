"""/healthz: can the application reach its database and read the tables it needs, quickly?

On PostgreSQL the check opens its own connection with JIHA_HEALTHZ_TIMEOUT as connect, lock
and statement timeout, so it answers 503 within about that time when the database is down,
hung, or a table it needs is locked, and it proves that a new connection can be made. SQLite
is a local file: the request's connection (its busy timeout) is enough.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, JsonResponse
from django_tasks_db.models import DBTaskResult

from jiha.lib.database import POSTGRESQL, with_timeouts
from jiha.lib.dberrors import is_database_unavailable
from jiha.regions.models import Region

logger = logging.getLogger(__name__)


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        check_database(settings.JIHA_HEALTHZ_TIMEOUT)
    except DatabaseError as exc:
        state = "unavailable" if is_database_unavailable(exc) else "not_ready"
        logger.warning("Health check: database %s: %s", state, exc)
        return JsonResponse({"status": "error", "database": state}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


def check_database(timeout: int) -> None:
    """Read one row of each core table in one statement (raises DatabaseError when it cannot)."""
    models = (Region, get_user_model(), Session, DBTaskResult)
    with _probe_connection(timeout) as probe:
        # Table names come from the models, quoted by the backend: nothing from the request.
        tables = [probe.ops.quote_name(model._meta.db_table) for model in models]
        checks = ", ".join(f"EXISTS (SELECT 1 FROM {table})" for table in tables)  # noqa: S608
        with probe.cursor() as cursor:
            cursor.execute(f"SELECT {checks}")
            cursor.fetchone()


@contextmanager
def _probe_connection(timeout: int) -> Iterator[BaseDatabaseWrapper]:
    if connection.settings_dict["ENGINE"] != POSTGRESQL:
        yield connection
        return
    probe = connections.create_connection(DEFAULT_DB_ALIAS)
    probe.settings_dict = {
        **probe.settings_dict,
        "OPTIONS": with_timeouts(
            POSTGRESQL,
            probe.settings_dict.get("OPTIONS", {}),
            connect=timeout,
            statement=timeout,
            lock=timeout,
        ),
    }
    try:
        yield probe
    finally:
        probe.close()
