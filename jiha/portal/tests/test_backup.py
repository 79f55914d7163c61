"""`jiha backup` and `jiha restore`: a round trip gives back the same data and files, with the
audit chain verifying; a tampered or incomplete backup, and a non-empty database, are refused."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import translation

from jiha.accounts.models import User
from jiha.audit.selectors import chain_breaches
from jiha.audit.services import audit_append, audit_digest_write
from jiha.lib import backup as backups
from jiha.regions.services import reference_load

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The commands speak the active language; these tests read their English messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def site(tmp_path: Path, settings: Any) -> Path:
    """A site with data in the database, stored files and an audit digest."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.JIHA_AUDIT_DIGEST_DIR = tmp_path / "digests"
    (tmp_path / "media" / "imports").mkdir(parents=True)
    (tmp_path / "media" / "imports" / "a.upload").write_bytes(b"indicator,territory\n\xe9\x00")
    reference_load()
    user = User.objects.create_user("owner@example.ma", "correct-horse-battery-9")
    with transaction.atomic():
        for number in range(3):
            audit_append(actor=user, action="test.change", target=user, after={"n": number})
    audit_digest_write()
    return tmp_path


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, by model (sessions and such included)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _wipe(site: Path) -> None:
    """Lose everything: the database's tables and the stored files."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                cursor.execute(f'DROP TABLE "{table}"')
    for folder in ("media", "digests"):
        for path in sorted((site / folder).rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()


def test_it_restores_the_same_data_files_and_audit_chain(site: Path) -> None:
    before, stored = snapshot(), files(site / "media")
    output = site / "backup"
    call_command("backup", "--output", str(output))
    manifest = json.loads((output / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert "files/media/imports/a.upload" in manifest["files"]
    assert any(name.startswith("files/audit-digests/") for name in manifest["files"])

    _wipe(site)
    assert backups.database_is_empty()
    call_command("restore", str(output))

    assert snapshot() == before
    assert files(site / "media") == stored
    count, breaches = chain_breaches()
    assert (count, breaches) == (3, [])


def test_it_refuses_a_non_empty_database_unless_forced(site: Path) -> None:
    output = site / "backup"
    call_command("backup", "--output", str(output))
    User.objects.create_user("later@example.ma", "x")
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(output))
    assert User.objects.filter(email="later@example.ma").exists()

    call_command("restore", str(output), "--force")
    assert not User.objects.filter(email="later@example.ma").exists()
    assert User.objects.filter(email="owner@example.ma").exists()
    assert chain_breaches() == (3, [])


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("alter_database", "changed since the backup"),
        ("alter_file", "changed since the backup: files/media/imports/a.upload"),
        ("remove_file", "missing: files/media/imports/a.upload"),
        ("add_file", "not in the manifest: files/media/extra.txt"),
        ("remove_manifest", "no manifest.json"),
        ("garble_manifest", "manifest cannot be read"),
    ],
)
def test_it_refuses_a_tampered_or_incomplete_backup_before_touching_anything(
    site: Path, damage: str, message: str
) -> None:
    output = site / "backup"
    call_command("backup", "--output", str(output))
    database = next(output.glob("database.*"))
    match damage:
        case "alter_database":
            data = bytearray(database.read_bytes())
            data[len(data) // 2] ^= 0xFF
            database.write_bytes(bytes(data))
        case "alter_file":
            (output / "files/media/imports/a.upload").write_bytes(b"indicator,territory\nX\x00")
        case "remove_file":
            (output / "files/media/imports/a.upload").unlink()
        case "add_file":
            (output / "files/media/extra.txt").write_text("x")
        case "remove_manifest":
            (output / "manifest.json").unlink()
        case "garble_manifest":
            (output / "manifest.json").write_text("{not json")
    User.objects.create_user("later@example.ma", "x")
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(output), "--force")
    assert User.objects.filter(email="later@example.ma").exists()  # nothing was touched


def test_it_refuses_to_write_a_backup_into_a_non_empty_directory(site: Path) -> None:
    (site / "media" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "--output", str(site / "media"))
