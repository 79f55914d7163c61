"""Every hostile file gets a clear error through the upload page, and changes nothing."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client

from conftest import sign_in_with_totp
from jiha.accounts.models import OrganisationKind, Role, User
from jiha.observatory.models import Dataset, DatasetVersion, Observation
from jiha.observatory.reference import indicators_upsert
from jiha.regions.models import Confidence

CORPUS = Path(__file__).resolve().parent / "hostile"


@pytest.fixture
def analyst_client(client: Client, make_member: object) -> Client:
    indicators_upsert()
    user: User = make_member(  # type: ignore[operator]
        "ana@programme.example", OrganisationKind.PROGRAMME_OFFICE, Role.ANALYST
    )
    Dataset.objects.create(
        slug="target",
        title_fr="Cible",
        title_ar="هدف",
        title_en="Target",
        publisher="x",
        licence="x",
        theme="x",
        confidence=Confidence.OFFICIAL,
    )
    sign_in_with_totp(client, user)
    return client


def _upload(client: Client, name: str, data: bytes) -> tuple[int, str]:
    upload = io.BytesIO(data)
    upload.name = name
    response = client.post("/en/observatory/datasets/target/upload/", {"file": upload})
    return response.status_code, response.content.decode()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 300_000_000)
    return buffer.getvalue()


CASES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx"))


@pytest.mark.parametrize("name", CASES)
def test_each_corpus_file_is_refused_with_a_clear_message(
    analyst_client: Client, name: str
) -> None:
    status, html = _upload(analyst_client, name, (CORPUS / name).read_bytes())
    assert status == 422, name
    assert "nothing was loaded" in html or "invalid-feedback" in html
    assert "Traceback" not in html
    assert not DatasetVersion.objects.exists() and not Observation.objects.exists()


def test_a_zip_bomb_disguised_as_xlsx_is_refused(analyst_client: Client) -> None:
    data = _zip_bomb()
    assert len(data) < 2_000_000
    status, html = _upload(analyst_client, "report.xlsx", data)
    assert status == 422
    assert not DatasetVersion.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_before_reading(
    analyst_client: Client, settings: object
) -> None:
    settings.JIHA_MAX_UPLOAD_BYTES = 10_000  # type: ignore[attr-defined]
    status, html = _upload(analyst_client, "big.csv", b"indicator,territory,period,value\n" * 1000)
    assert status == 413
    assert "larger than the limit" in html
    assert not DatasetVersion.objects.exists()


def test_a_path_traversal_filename_is_only_a_name(analyst_client: Client) -> None:
    status, _ = _upload(analyst_client, "../../../etc/passwd", b"root:x:0:0\n")
    assert status == 422
    data = b"indicator,territory,period,value\npopulation,MA-03,2024,1\n"
    status, _ = _upload(analyst_client, "../../etc/cron.d/x.csv", data)
    assert status == 302
    version = DatasetVersion.objects.get()
    assert version.file_name == "x.csv"
