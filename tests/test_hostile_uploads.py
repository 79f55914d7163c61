"""Every hostile file gets a clear answer through each way in (the upload page, the API and
`jiha import_dataset`): refused with a message and nothing changed, or, for the few files that
are valid but treacherous, loaded as they were meant to be."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import sign_in_with_totp
from jiha.accounts.models import OrganisationKind, Role, User
from jiha.observatory.models import Dataset, DatasetVersion, Observation
from jiha.observatory.services import indicators_upsert
from jiha.regions.models import Confidence

CORPUS = Path(__file__).resolve().parent / "hostile"
LONG_NAME = "x" * 151 + ".csv"  # 155 characters


@dataclass(frozen=True)
class Answer:
    refused: bool
    text: str


@pytest.fixture
def analyst_client(client: Client, make_member: Callable[..., User]) -> Client:
    indicators_upsert()
    user = make_member("ana@programme.example", OrganisationKind.PROGRAMME_OFFICE, Role.ANALYST)
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


def _file(name: str, data: bytes) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def via_page(client: Client, tmp_path: Path, name: str, data: bytes) -> Answer:
    response = client.post("/en/observatory/datasets/target/upload/", {"file": _file(name, data)})
    assert response.status_code in (302, 413, 422), response.status_code
    return Answer(response.status_code != 302, response.content.decode())


def via_api(client: Client, tmp_path: Path, name: str, data: bytes) -> Answer:
    response = client.post(
        "/api/datasets/target/versions", {"file": _file(name, data)}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code in (201, 413, 422), response.content[:300]
    body = json.loads(response.content)
    return Answer(response.status_code != 201, json.dumps(body, ensure_ascii=False))


def via_cli(client: Client, tmp_path: Path, name: str, data: bytes) -> Answer:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        call_command("import_dataset", str(path), dataset="target", stdout=io.StringIO())
    except CommandError as refusal:
        return Answer(True, str(refusal))
    return Answer(False, "")


ENTRY_POINTS = {"page": via_page, "api": via_api, "cli": via_cli}
# Valid files that an import used to get wrong; every other corpus file must be refused.
LOADED = {"hidden-first-sheet.xlsx", "header-only.csv"}
REFUSED = sorted(
    p.name for p in CORPUS.iterdir() if p.suffix in (".csv", ".xlsx") and p.name not in LOADED
)


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 300_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("name", REFUSED)
def test_it_refuses_each_hostile_file_with_a_clear_message(
    analyst_client: Client, tmp_path: Path, entry: str, name: str
) -> None:
    answer = ENTRY_POINTS[entry](analyst_client, tmp_path, name, (CORPUS / name).read_bytes())

    assert answer.refused, (entry, name)
    assert "nothing was loaded" in answer.text or "invalid-feedback" in answer.text
    assert "Traceback" not in answer.text
    assert not DatasetVersion.objects.exists() and not Observation.objects.exists()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_it_refuses_a_zip_bomb_disguised_as_xlsx(
    analyst_client: Client, tmp_path: Path, entry: str
) -> None:
    data = _zip_bomb()
    assert len(data) < 2_000_000

    assert ENTRY_POINTS[entry](analyst_client, tmp_path, "report.xlsx", data).refused
    assert not DatasetVersion.objects.exists()


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_it_reads_the_visible_sheet_not_the_hidden_first_one(
    analyst_client: Client, tmp_path: Path, entry: str
) -> None:
    name = "hidden-first-sheet.xlsx"

    answer = ENTRY_POINTS[entry](analyst_client, tmp_path, name, (CORPUS / name).read_bytes())

    assert not answer.refused, answer.text
    assert list(Observation.objects.values_list("value", flat=True)) == [Decimal("1234.5")]


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_it_loads_a_header_only_file_as_a_draft_only(
    analyst_client: Client, tmp_path: Path, entry: str
) -> None:
    name = "header-only.csv"

    answer = ENTRY_POINTS[entry](analyst_client, tmp_path, name, (CORPUS / name).read_bytes())

    assert not answer.refused
    version = DatasetVersion.objects.get()
    assert version.row_count == 0 and version.status == DatasetVersion.Status.DRAFT


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_it_keeps_the_extension_of_a_155_character_file_name(
    analyst_client: Client, tmp_path: Path, entry: str
) -> None:
    data = b"indicator,territory,period,value\npopulation,MA-03,2024,1\n"

    answer = ENTRY_POINTS[entry](analyst_client, tmp_path, LONG_NAME, data)

    assert not answer.refused, answer.text
    version = DatasetVersion.objects.get()
    assert version.file_name.endswith("xxx.csv") and len(version.file_name) == 150


@pytest.mark.parametrize("entry", ["page", "api"])
def test_an_upload_over_the_size_limit_is_refused_before_reading(
    analyst_client: Client, tmp_path: Path, settings: object, entry: str
) -> None:
    settings.JIHA_MAX_UPLOAD_BYTES = 10_000  # type: ignore[attr-defined]
    data = b"indicator,territory,period,value\n" * 1000

    answer = ENTRY_POINTS[entry](analyst_client, tmp_path, "big.csv", data)

    assert answer.refused and "larger than the limit" in answer.text
    assert not DatasetVersion.objects.exists()


def test_the_command_line_refuses_a_file_over_the_size_limit(
    analyst_client: Client, tmp_path: Path, settings: object
) -> None:
    settings.JIHA_MAX_UPLOAD_BYTES = 10_000  # type: ignore[attr-defined]
    data = b"indicator,territory,period,value\n" * 1000

    answer = via_cli(analyst_client, tmp_path, "big.csv", data)

    assert answer.refused and not DatasetVersion.objects.exists()


def test_a_path_traversal_filename_is_only_a_name(analyst_client: Client, tmp_path: Path) -> None:
    assert via_page(analyst_client, tmp_path, "../../../etc/passwd", b"root:x:0:0\n").refused
    data = b"indicator,territory,period,value\npopulation,MA-03,2024,1\n"

    assert not via_page(analyst_client, tmp_path, "../../etc/cron.d/x.csv", data).refused
    assert DatasetVersion.objects.get().file_name == "x.csv"


# OpenDocument spreadsheets (accepted since the calamine reader): the same answers.
ODS_LOADED = {"hidden-first-sheet.ods"}
ODS_REFUSED = sorted(
    p.name for p in CORPUS.iterdir() if p.suffix == ".ods" and p.name not in ODS_LOADED
)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
@pytest.mark.parametrize("name", ODS_REFUSED)
def test_it_refuses_each_hostile_ods_file_with_a_clear_message(
    analyst_client: Client, tmp_path: Path, entry: str, name: str
) -> None:
    test_it_refuses_each_hostile_file_with_a_clear_message(analyst_client, tmp_path, entry, name)


@pytest.mark.parametrize("entry", ENTRY_POINTS)
def test_it_reads_the_visible_ods_sheet_not_the_hidden_active_one(
    analyst_client: Client, tmp_path: Path, entry: str
) -> None:
    name = "hidden-first-sheet.ods"

    answer = ENTRY_POINTS[entry](analyst_client, tmp_path, name, (CORPUS / name).read_bytes())

    assert not answer.refused, answer.text
    assert list(Observation.objects.values_list("value", flat=True)) == [Decimal("1234.5")]
