"""One import request from every entry point: the page and the API (now or in the
background) and the command line all honour the sheet, and a large API upload goes to the
worker with a job to follow."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client

from jiha.accounts.models import User
from jiha.observatory.models import Dataset, DatasetVersion, ImportJob, Observation

HEADER = ["indicator", "territory", "period", "value"]


def workbook() -> bytes:
    """A hidden first sheet "old" (666666) and the active visible sheet "data" (1234.5)."""
    book = openpyxl.Workbook()
    old = book.active
    old.title = "old"
    old.append(HEADER)
    old.append(["population", "MA-03", "2024", 666666])
    old.sheet_state = "hidden"
    data = book.create_sheet("data")
    data.append(HEADER)
    data.append(["population", "MA-03", "2024", 1234.5])
    book.active = 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(params=["now", "in the background"])
def timing(request: pytest.FixtureRequest, settings: Any) -> str:
    if request.param == "in the background":
        settings.JIHA_IMPORT_ASYNC_BYTES = 10
    return str(request.param)


def _file(data: bytes, name: str = "book.xlsx") -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def stored_value() -> Decimal:
    return Observation.objects.get().value  # type: ignore[return-value]


@pytest.mark.parametrize(("sheet", "expected"), [("", "1234.5"), ("old", "666666")])
def test_the_page_honours_the_sheet(
    analyst_client: Client, timing: str, sheet: str, expected: str
) -> None:
    response = analyst_client.post(
        "/en/observatory/datasets/fes-labour/upload/", {"file": _file(workbook()), "sheet": sheet}
    )

    assert response.status_code == 302
    assert stored_value() == Decimal(expected)
    if timing == "in the background":
        assert ImportJob.objects.get().sheet == sheet


@pytest.mark.parametrize(("sheet", "expected"), [("", "1234.5"), ("old", "666666")])
def test_the_api_honours_the_sheet(
    analyst_client: Client, timing: str, sheet: str, expected: str
) -> None:
    response = analyst_client.post(
        "/api/datasets/fes-labour/versions", {"file": _file(workbook()), "sheet": sheet}
    )

    assert response.status_code == (201 if timing == "now" else 202), response.content
    assert stored_value() == Decimal(expected)


@pytest.mark.parametrize(("sheet", "expected"), [(None, "1234.5"), ("old", "666666")])
def test_the_command_line_honours_the_sheet(
    dataset: Dataset, tmp_path: Path, sheet: str | None, expected: str
) -> None:
    path = tmp_path / "book.xlsx"
    path.write_bytes(workbook())

    call_command(
        "import_dataset", str(path), dataset="fes-labour", sheet=sheet, stdout=io.StringIO()
    )

    assert stored_value() == Decimal(expected)


def test_a_large_api_upload_answers_202_with_the_job_to_follow(
    analyst_client: Client, settings: Any
) -> None:
    settings.JIHA_IMPORT_ASYNC_BYTES = 10
    data = b"indicator,territory,period,value\npopulation,MA-03,2024,7\n"

    response = analyst_client.post(
        "/api/datasets/fes-labour/versions", {"file": _file(data, "big.csv"), "note": "n"}
    )

    assert response.status_code == 202
    job = ImportJob.objects.get()
    assert response["Location"] == f"/api/import-jobs/{job.pk}"
    body = json.loads(analyst_client.get(response["Location"]).content)
    assert body["status"] == "done" and body["version"] == 1 and body["progress"] == 1.0
    assert DatasetVersion.objects.get().change_note == "n"


def test_a_refused_background_api_upload_reports_its_errors(
    analyst_client: Client, settings: Any
) -> None:
    settings.JIHA_IMPORT_ASYNC_BYTES = 10
    data = b"indicator,territory,period,value\npopulation,MA-99,2024,1\n"

    response = analyst_client.post(
        "/api/datasets/fes-labour/versions",
        {"file": _file(data, "big.csv")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    body = json.loads(analyst_client.get(response["Location"]).content)

    assert body["status"] == "failed" and body["error_count"] == 1
    assert "MA-99" in body["messages"][0]
    assert not DatasetVersion.objects.exists()


def test_only_the_uploader_and_the_dataset_managers_follow_a_job(
    analyst_client: Client,
    settings: Any,
    applicant: User,
    officer: User,
    dataset: Dataset,
) -> None:
    settings.JIHA_IMPORT_ASYNC_BYTES = 10
    data = b"indicator,territory,period,value\npopulation,MA-03,2024,7\n"
    url = analyst_client.post(
        "/api/datasets/fes-labour/versions", {"file": _file(data, "big.csv")}
    )["Location"]
    other = Client()

    assert other.get(url).status_code == 401
    other.force_login(applicant)
    assert other.get(url).status_code == 403
    assert other.get("/api/import-jobs/999999").status_code == 404
    dataset.owner = officer.memberships.get().organisation
    dataset.save()
    other.force_login(officer)
    assert other.get(url).status_code == 200


def test_the_command_line_never_defers(dataset: Dataset, tmp_path: Path, settings: Any) -> None:
    settings.JIHA_IMPORT_ASYNC_BYTES = 10
    path = tmp_path / "big.csv"
    path.write_bytes(b"indicator,territory,period,value\npopulation,MA-03,2024,7\n")

    call_command("import_dataset", str(path), dataset="fes-labour", stdout=io.StringIO())

    assert not ImportJob.objects.exists() and DatasetVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("note", "a\x00b", "invalid_note"), ("sheet", "s" * 32, "invalid_sheet")],
)
def test_the_api_refuses_a_note_or_sheet_that_could_not_be_stored(
    analyst_client: Client, field: str, value: str, code: str
) -> None:
    data = b"indicator,territory,period,value\npopulation,MA-03,2024,7\n"

    response = analyst_client.post(
        "/api/datasets/fes-labour/versions", {"file": _file(data, "x.csv"), field: value}
    )

    assert response.status_code == 422 and json.loads(response.content)["code"] == code
    assert not DatasetVersion.objects.exists()


def test_the_command_line_shows_its_progress_in_english(
    dataset: Dataset, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(b"indicator,territory,period,value\npopulation,MA-03,2024,7\n")

    call_command("import_dataset", str(path), dataset="fes-labour", stdout=io.StringIO())

    shown = capsys.readouterr().err
    assert "Checking the file" in shown and "Loading" in shown and "100%" in shown
