"""Database errors that are not bugs: a lock not granted in time, a statement cancelled by its
timeout, a database that cannot be reached (503, try again), a NUL character PostgreSQL refuses
to store (400, bad input). They never become a 500 with a traceback.
"""

from __future__ import annotations

import sqlite3

from django.db import DataError, InterfaceError, OperationalError
from django.utils.translation import gettext_lazy as _

from jiha.lib.errors import AppError, ServiceUnavailable

# PostgreSQL SQLSTATE codes: https://www.postgresql.org/docs/current/errcodes-appendix.html
_UNAVAILABLE_SQLSTATES = {
    "57014",  # query_canceled: statement_timeout
    "55P03",  # lock_not_available: lock_timeout
    "57P01",  # admin_shutdown
    "57P02",  # crash_shutdown
    "57P03",  # cannot_connect_now (starting up, recovering)
    "53300",  # too_many_connections
}
_CONNECTION_EXCEPTION_CLASS = "08"
# psycopg refuses, before sending anything, a text value holding a NUL character.
_PSYCOPG_NUL_MESSAGE = "NUL (0x00)"

NUL_CHARACTER_MESSAGE = _("The request contains a NUL character, which is never valid.")


def is_database_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` says the database is busy, too slow or unreachable.

    Django re-raises driver errors as its own types with the driver's error as ``__cause__``:
    psycopg's carries the SQLSTATE (none when the server cannot be reached at all); SQLite's
    only a message ("database is locked" when its busy timeout expires).
    """
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error):
        return "locked" in str(cause)
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is None:
        return True
    return sqlstate in _UNAVAILABLE_SQLSTATES or sqlstate.startswith(_CONNECTION_EXCEPTION_CLASS)


def app_error_for_database_error(exc: BaseException) -> AppError | None:
    """The answer for a database error that is not a bug (see the module), else None."""
    if is_database_unavailable(exc):
        return ServiceUnavailable(
            _("The service is busy: the database did not answer in time. Please try again shortly.")
        )
    if isinstance(exc, DataError) and _PSYCOPG_NUL_MESSAGE in str(exc):
        return AppError(NUL_CHARACTER_MESSAGE, code="nul_character")
    return None
