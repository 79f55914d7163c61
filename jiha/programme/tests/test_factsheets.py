"""Region fact sheets: generated in the background, stored, downloadable from the page, the API
and the command line; the Arabic one is right to left with its text extracted in order."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import User
from jiha.lib.errors import AppError
from jiha.observatory.models import Dataset
from jiha.programme.factsheet import region_map_svg
from jiha.programme.models import FactSheet, Initiative
from jiha.programme.services import factsheets_request
from jiha.programme.tests.conftest import publish
from jiha.regions.models import Region

pytestmark = pytest.mark.django_db
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _text(pdf: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - fixed command, our own file
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
    ).stdout.decode()
    return BIDI_MARKS.sub("", out)


def test_it_generates_the_three_languages_in_the_background(
    officer: User, initiative: Initiative
) -> None:
    sheets = factsheets_request(actor=officer, region=initiative.region)
    assert [s.language for s in sheets] == ["fr", "ar", "en"]
    done = FactSheet.objects.filter(status=FactSheet.Status.DONE)
    assert done.count() == 3
    for sheet in done:
        assert sheet.pdf is not None and bytes(sheet.pdf).startswith(b"%PDF-")
        assert sheet.versions  # the dataset versions it read


def test_it_writes_arabic_text_in_reading_order(
    initiative: Initiative, jobs: Dataset, tmp_path: Path
) -> None:
    factsheets_request(actor=None, region=initiative.region, languages=("ar",))
    stored = FactSheet.objects.get(language="ar").pdf
    assert stored is not None
    pdf = bytes(stored)
    text = _text(pdf, tmp_path)
    region = Region.objects.get(code="MA-03")
    assert region.name_ar in text  # فاس-مكناس, shaped and in logical order
    assert "مسار المواهب" in text  # the talent pipeline heading
    assert "تاريخ التوقيع غير معلن" in text  # a phrase: its words in reading order
    assert "أرقام عن المواهب" in text  # no talent figure in the region yet, from the talent app


def test_it_downloads_from_the_page_and_the_api(client: Client, initiative: Initiative) -> None:
    assert client.get("/en/programme/regions/MA-03/factsheet-fr.pdf").status_code == 404
    assert client.get("/api/programme/regions/MA-03/factsheet?lang=fr").status_code == 404
    factsheets_request(actor=None, region=initiative.region, languages=("fr",))
    page = client.get("/en/programme/regions/MA-03/").content.decode()
    assert 'data-factsheet="fr"' in page
    response = client.get("/en/programme/regions/MA-03/factsheet-fr.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    api = client.get("/api/programme/regions/MA-03/factsheet?lang=fr")
    assert api.status_code == 200 and api.content.startswith(b"%PDF-")
    assert client.get("/api/programme/regions/MA-03/factsheet?lang=de").status_code == 422


def test_it_lets_editors_queue_sheets_through_the_api(
    client: Client, analyst: User, applicant: User, initiative: Initiative
) -> None:
    client.force_login(applicant)
    assert client.post("/api/programme/regions/MA-03/factsheets").status_code == 403
    force_login_confirmed(client, analyst)
    response = client.post("/api/programme/regions/MA-03/factsheets")
    assert response.status_code == 202 and response.json()["queued"] == ["fr", "ar", "en"]


def test_the_command_writes_the_pdf(initiative: Initiative, tmp_path: Path) -> None:
    output = tmp_path / "ma03-ar.pdf"
    call_command("factsheet", region="MA-03", lang="ar", output=str(output))
    assert output.read_bytes().startswith(b"%PDF-")


def test_the_map_is_drawn_on_the_server(reference: None) -> None:
    svg = str(region_map_svg("MA-03", "Fès-Meknès"))
    assert svg.startswith("<svg") and svg.count("<path") == 12
    assert svg.count('fill="#0d6efd"') == 1


def test_it_flags_a_sheet_older_than_the_published_data(
    client: Client, initiative: Initiative, jobs: Dataset
) -> None:
    factsheets_request(actor=None, region=initiative.region, languages=("en",))
    assert "data-outdated" not in client.get("/en/programme/regions/MA-03/").content.decode()
    publish(jobs, {"2023": 2000, "2024": 2600})
    assert "data-outdated" in client.get("/en/programme/regions/MA-03/").content.decode()


def test_the_talent_section_shows_the_pipeline_once_wired(
    initiative: Initiative, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from jiha.programme import factsheet

    pipeline = {"candidates": 12, "enrolments": 7, "completions": None, "placements": 4}
    monkeypatch.setattr(
        factsheet, "talent_pipeline", lambda code: {"connected": True, "pipeline": pipeline}
    )
    pdf, _versions = factsheet.factsheet_render("MA-03", "en")
    text = _text(pdf, tmp_path)
    assert "Candidates" in text and "fewer than 3" in text and "No talent figures" not in text


def test_it_refuses_to_queue_the_same_sheets_twice(initiative: Initiative) -> None:
    FactSheet.objects.create(region=initiative.region, language="fr")  # still queued
    with pytest.raises(AppError) as refused:
        factsheets_request(actor=None, region=initiative.region)
    assert refused.value.code == "factsheets_pending" and refused.value.status == 409
    assert FactSheet.objects.count() == 1


def test_the_talent_section_reads_the_talent_apps_pipeline(initiative: Initiative) -> None:
    from jiha.programme import factsheet

    wired = factsheet.talent_pipeline("MA-03")
    assert wired["connected"] is True and wired["pipeline"] is None  # no candidate here yet
