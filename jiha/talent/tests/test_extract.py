"""Skills read from a CV or an offer: text, the text layer of a PDF; anything else refused
with a clear message, never a 500."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jiha.talent.tests.conftest import needs_extract

pytestmark = pytest.mark.django_db


def _post(client: Client, content: bytes, name: str) -> str:
    upload = SimpleUploadedFile(name, content)
    response = client.post("/en/talent/skills/extract/", {"file": upload})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"PK\x03\x04" + b"\x00" * 40, "cv.docx"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "cv.png"),
        ("Développeur Python".encode("utf-16"), "cv.txt"),
        (b"%PDF-1.4 broken", "cv.pdf"),
    ],
)
def test_it_refuses_a_file_that_is_not_text_with_a_message(content: bytes, name: str) -> None:
    page = _post(Client(), content, name)
    assert "invalid-feedback" in page or "alert-danger" in page
    assert "Skills found" not in page


def test_it_refuses_a_pdf_without_text() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    page = _post(Client(), buffer.getvalue(), "scan.pdf")
    assert "holds no text" in page


def test_it_refuses_an_empty_text() -> None:
    response = Client().post("/en/talent/skills/extract/", {"text": "   "})
    assert "Paste a text" in response.content.decode()
    api = Client().post("/api/talent/extract", {"text": " "}, content_type="application/json")
    assert api.status_code == 422


@needs_extract
def test_it_finds_the_skills_a_french_or_english_text_names() -> None:
    text = "Développeur web : JavaScript, SQL et Git; knowledge of Docker is a plus."
    page = _post(Client(), text.encode(), "cv.txt")
    for name in ("JavaScript", "SQL", "Docker"):
        assert name in page
    api = Client().post("/api/talent/extract", {"text": text}, content_type="application/json")
    assert {"javascript", "sql", "docker"} <= {row["skill"] for row in api.json()}


def test_it_limits_how_often_a_client_has_texts_read(settings: object) -> None:
    settings.JIHA_TALENT_EXTRACT_RATE = "1/m"  # type: ignore[attr-defined]
    client = Client()
    assert client.post("/en/talent/skills/extract/", {"text": "Python"}).status_code == 200
    assert client.post("/en/talent/skills/extract/", {"text": "Python"}).status_code == 429
    api = client.post("/api/talent/extract", {"text": "SQL"}, content_type="application/json")
    assert api.status_code == 429


def test_it_reads_the_other_names_people_write() -> None:
    text = "Pipelines CI/CD sur K8s, relation client, pack office."
    api = Client().post("/api/talent/extract", {"text": text}, content_type="application/json")
    assert {"ci-cd", "kubernetes", "customer-service", "office-suite"} <= {
        row["skill"] for row in api.json()
    }


def test_it_does_not_take_common_words_for_skills() -> None:
    text = "Le mot word et ad hoc ; un ml de lait ; une administration publique."
    api = Client().post("/api/talent/extract", {"text": text}, content_type="application/json")
    assert api.json() == []
