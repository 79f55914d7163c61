"""The data version: a number that changes in the same transaction as any change to the data
public pages show (a publication, an import, an edition, an edit in the admin).

Public pages are cached under it (:mod:`jiha.portal.pagecache`): a new version, a new key, so a
page is never served from before a change that committed.

Database triggers keep it, installed after every ``migrate`` on every table of every model
(new tables are covered by default) except those in :data:`NOT_SHOWN`: sessions, jobs' progress,
accounts, the audit log and companies' or candidates' private records, which no public page
shows and which change all day. Triggers, rather than Python signals, because imports write
with ``bulk_create``, ``update()`` and PostgreSQL's COPY, which signals never see.

One counter row per table: writers of different tables never wait for each other; the version
is the sum of the counters, which only grows. On PostgreSQL the triggers run once per statement
(``FOR EACH STATEMENT``, TRUNCATE included); SQLite only has row triggers.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "jiha_data_version"

# Models (app label, model name) whose table does not change the data version.
NOT_SHOWN = frozenset(
    {
        ("portal", "dataversion"),
        ("portal", "workerlease"),
        ("sessions", "session"),
        ("contenttypes", "contenttype"),
        ("auth", "permission"),
        ("admin", "logentry"),
        ("django_tasks_database", "dbtaskresult"),
        ("django_tasks_db", "dbtaskresult"),
        ("audit", "auditentry"),
        ("audit", "audithead"),
        ("accounts", "user"),
        ("accounts", "apitoken"),
        ("account", "emailaddress"),
        ("account", "emailconfirmation"),
        ("mfa", "authenticator"),
        # Jobs renew their lease every few seconds.
        ("observatory", "importjob"),
        ("incentives", "simulationjob"),
        ("exports", "dossierexport"),
        # Companies' and candidates' own records: shown only to them and to staff.
        ("incentives", "dossier"),
        ("incentives", "trainingline"),
        ("incentives", "decision"),
        ("incentives", "correctionrequest"),
        ("incentives", "message"),
        ("incentives", "expertopinion"),
        ("incentives", "dossierdocument"),
        ("incentives", "documentversion"),
        ("incentives", "decisionletter"),
        ("incentives", "paymentbatch"),
        ("incentives", "paymentbatchitem"),
        ("talent", "candidateprofile"),
        ("talent", "candidateskill"),
        ("talent", "consent"),
        ("talent", "contactrequest"),
    }
)


def counted_tables() -> list[str]:
    """The tables whose changes change the data version."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if (model._meta.app_label, model._meta.model_name) not in NOT_SHOWN
        and model._meta.managed
        and not model._meta.proxy
    }
    return sorted(tables)


def _trigger_name(table: str) -> str:
    return f"jiha_dv_{table}"[:63]


def install(conn: BaseDatabaseWrapper | None = None) -> int:
    """Create a trigger on every counted table (idempotent); the number of tables counted.
    The counter table is :class:`jiha.portal.models.DataVersion` (its migration)."""
    conn = conn or connection
    existing = set(conn.introspection.table_names())
    if TABLE not in existing:
        return 0
    tables = [table for table in counted_tables() if table in existing]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                f"""
                CREATE OR REPLACE FUNCTION jiha_data_version_bump() RETURNS trigger AS $$
                BEGIN
                    INSERT INTO {TABLE} (name, version) VALUES (TG_TABLE_NAME, 1)
                    ON CONFLICT (name) DO UPDATE SET version = {TABLE}.version + 1;
                    RETURN NULL;
                END;
                $$ LANGUAGE plpgsql
                """  # noqa: S608 - table names from the models, never from a request
            )
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'jiha_dv_%'")
            present = {row[0] for row in cursor.fetchall()}
            for table in tables:
                name = _trigger_name(table)
                if name in present:
                    continue
                cursor.execute(
                    f'CREATE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
                    f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION jiha_data_version_bump()'
                )
        elif conn.vendor == "sqlite":
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"{_trigger_name(table)}_{event.lower()}"
                    # Table names come from the models, never from a request.
                    head = f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}"'
                    body = f"INSERT INTO {TABLE} (name, version) VALUES ('{table}', 1)"  # noqa: S608
                    upsert = "ON CONFLICT (name) DO UPDATE SET version = version + 1"
                    sql = f"{head} BEGIN {body} {upsert}; END"
                    cursor.execute(sql)
    return len(tables)


def current(conn: BaseDatabaseWrapper | None = None) -> int:
    """The data version now (0 before the first counted change)."""
    conn = conn or connection
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(version), 0) FROM {TABLE}")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def install_after_migrate(using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver: (re)install the triggers once per ``migrate`` (new tables)."""
    from django.db import connections

    install(connections[using])
