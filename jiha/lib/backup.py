"""Backups a restore can trust: the database, the stored files, and a manifest of checksums.

A backup is a directory:

- ``database.dump`` (PostgreSQL: ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite:
  its online backup API, a consistent copy while the site runs);
- ``files/media/`` (uploads, imports waiting for the worker: ``MEDIA_ROOT``) and
  ``files/audit-digests/`` (the audit chain's daily digests, kept outside the database);
- ``manifest.json``: when, which Jiha, Django and database versions, the last migration of each
  app, and the size and SHA-256 of every other file.

:func:`restore` checks the manifest before it touches anything: a file missing, added, or
whose size or checksum differ refuses the whole backup, and so does a backup of another kind of
database. It refuses to overwrite a database that has tables, or stored files, unless forced.
docs/production.md ("Backups") gives the schedule, the retention and the restore drill;
docs/decisions/0020-fuzzing-contract-and-backups.md why it is built this way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, with argument lists
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

import jiha
from jiha.lib.errors import AppError

FORMAT = 1
MANIFEST = "manifest.json"
POSTGRES_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024


class BackupError(AppError):
    code = "backup_refused"


@dataclass(frozen=True)
class FileSet:
    """A directory of the site's files and its name inside the backup."""

    name: str
    path: Path


def file_sets() -> list[FileSet]:
    return [
        FileSet("media", Path(settings.MEDIA_ROOT)),
        FileSet("audit-digests", Path(settings.JIHA_AUDIT_DIGEST_DIR)),
    ]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


# --- Backup ---------------------------------------------------------------------------------


def backup(output: Path) -> dict[str, Any]:
    """Write a backup into ``output`` (created; refused if it exists and is not empty)."""
    if output.exists() and any(output.iterdir()):
        raise BackupError(
            _("%(path)s is not empty: give a new directory for the backup.") % {"path": output}
        )
    output.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "postgresql":
        _pg_dump(output / POSTGRES_DUMP)
    elif vendor == "sqlite":
        _sqlite_copy(output / SQLITE_COPY)
    else:
        raise BackupError(_("Backups support PostgreSQL and SQLite, not %(v)s.") % {"v": vendor})
    for file_set in file_sets():
        target = output / "files" / file_set.name
        target.mkdir(parents=True)
        if file_set.path.is_dir():
            shutil.copytree(file_set.path, target, dirs_exist_ok=True, symlinks=False)
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "jiha": jiha.__version__,
        "django": django.get_version(),
        "database": {
            "vendor": vendor,
            "server_version": _server_version(),
            "migrations": _last_migrations(),
        },
        "files": {
            path.relative_to(output).as_posix(): {
                "bytes": path.stat().st_size,
                "sha256": sha256(path),
            }
            for path in _files_under(output)
        },
    }
    (output / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _pg_dump(target: Path) -> None:
    _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}")


def _sqlite_copy(target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        with destination:
            connection.connection.backup(destination)
    finally:
        destination.close()


def _server_version() -> str:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    return str(connection.connection.info.server_version)


def _last_migrations() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        rows = cursor.fetchall()
    return {app: name for app, name in rows}


# --- Restore --------------------------------------------------------------------------------


def verify(source: Path) -> dict[str, Any]:
    """The backup's manifest, once every file it lists is there, unchanged, and alone."""
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(
            _("%(path)s is not a Jiha backup (no manifest.json): nothing was restored.")
            % {"path": source}
        )
    try:
        manifest = json.loads(manifest_path.read_text())
        listed: dict[str, dict[str, Any]] = manifest["files"]
        vendor = manifest["database"]["vendor"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(_("The backup's manifest cannot be read: nothing was restored.")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This backup was written in another format: nothing was restored."))
    present = {
        path.relative_to(source).as_posix()
        for path in _files_under(source)
        if path != manifest_path
    }
    problems = [
        _("missing: %(file)s") % {"file": name} for name in sorted(set(listed) - present)
    ] + [
        _("not in the manifest: %(file)s") % {"file": name}
        for name in sorted(present - set(listed))
    ]
    for name in sorted(set(listed) & present):
        path = source / name
        expected = listed[name]
        if path.stat().st_size != expected.get("bytes") or sha256(path) != expected.get("sha256"):
            problems.append(_("changed since the backup: %(file)s") % {"file": name})
    if problems:
        raise BackupError(
            _("The backup is incomplete or was altered; nothing was restored. %(problems)s")
            % {"problems": "; ".join(problems)}
        )
    if vendor != connection.vendor:
        raise BackupError(
            _("This backup holds a %(backup)s database; this site uses %(site)s.")
            % {"backup": vendor, "site": connection.vendor}
        )
    return manifest


def database_is_empty() -> bool:
    return not connection.introspection.table_names()


def restore(source: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore the backup in ``source`` over this site's database and files."""
    manifest = verify(source)
    if not force:
        if not database_is_empty():
            raise BackupError(
                _(
                    "The database is not empty: restore into an empty database, or pass --force "
                    "to replace everything in it."
                )
            )
        occupied = [str(s.path) for s in file_sets() if s.path.is_dir() and any(s.path.iterdir())]
        if occupied:
            raise BackupError(
                _("%(paths)s already hold files: pass --force to replace them.")
                % {"paths": ", ".join(occupied)}
            )
    if connection.vendor == "postgresql":
        _pg_restore(source / POSTGRES_DUMP, clean=force)
    else:
        _sqlite_restore(source / SQLITE_COPY)
    for file_set in file_sets():
        if file_set.path.exists():
            shutil.rmtree(file_set.path)
        shutil.copytree(source / "files" / file_set.name, file_set.path)
    return manifest


def _pg_restore(dump: Path, *, clean: bool) -> None:
    connection.ensure_connection()
    if clean:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()  # pg_restore must not wait for this session's locks
    _run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", str(dump))


def _sqlite_restore(copy: Path) -> None:
    connection.ensure_connection()
    origin = sqlite3.connect(copy)
    try:
        origin.backup(connection.connection)
    finally:
        origin.close()


def _run(tool: str, *arguments: str) -> None:
    """Run a PostgreSQL client tool against the site's database (its settings, not the shell's;
    a bare ``--dbname`` is given the database's name)."""
    params = connection.get_connection_params()
    env = {**os.environ, "PGCONNECT_TIMEOUT": str(params.get("connect_timeout", 10))}
    for key, variable in (
        ("host", "PGHOST"),
        ("port", "PGPORT"),
        ("user", "PGUSER"),
        ("password", "PGPASSWORD"),
    ):
        if params.get(key):
            env[variable] = str(params[key])
    database = params.get("dbname") or settings.DATABASES["default"]["NAME"]
    env["PGDATABASE"] = str(database)
    command = [tool]
    for argument in arguments:
        command.append(f"--dbname={database}" if argument == "--dbname" else argument)
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(error)s") % {"tool": command[0], "error": result.stderr.strip()}
        )
