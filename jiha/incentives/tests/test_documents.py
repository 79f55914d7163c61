"""Documents of a dossier: sent by the applicant, scanned by the real clamd, versioned, opened
only by those who see the dossier and only once clean; hostile files refused, nothing stored."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import force_login_confirmed
from jiha.audit.models import AuditEntry
from jiha.incentives.documents import services as documents
from jiha.incentives.models import DocumentVersion, Dossier, ScanState
from jiha.lib.tests.test_virusscan import EICAR, TEST_SIGNATURE
from jiha.lib.tests.test_virusscan import silent_clamd as silent_clamd  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
KIND = "employment-contracts"


def named(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def stored_files(root: Path) -> list[Path]:
    return [p for p in (root / "documents").rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def draft(make_dossier: Callable[..., Dossier], private_storage: Path) -> Dossier:
    return make_dossier("draft")


@pytest.fixture
def applicant_client(client: Client, applicant: Any) -> Client:
    client.force_login(applicant)
    return client


@pytest.fixture
def send(
    applicant_client: Client, draft: Dossier, django_capture_on_commit_callbacks: Any
) -> Callable[..., Any]:
    """Post a file to the draft's upload page, running the background scan it enqueues."""

    def post(data: bytes, name: str = "contract.pdf", kind: str = KIND, **extra: Any) -> Any:
        url = f"/en/incentives/dossiers/{draft.pk}/documents/{kind}/upload/"
        with django_capture_on_commit_callbacks(execute=True):
            return applicant_client.post(url, {"file": named(data, name)}, **extra)

    return post


def test_it_stores_a_clean_pdf_and_lets_the_applicant_download_it(
    clamd_socket: str, send: Callable[..., Any], applicant_client: Client, draft: Dossier
) -> None:
    response = send(PDF)
    assert response.status_code == 302
    version = DocumentVersion.objects.get()
    assert version.scan_state == ScanState.CLEAN
    assert (version.name, version.size, version.number) == ("contract.pdf", len(PDF), 1)
    download = applicant_client.get(f"/en/incentives/documents/{version.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    page = applicant_client.get(f"/en/incentives/dossiers/{draft.pk}/documents/")
    assert b'data-scan="clean"' in page.content


def test_it_marks_eicar_infected_and_nobody_opens_it(
    clamd_socket: str,
    send: Callable[..., Any],
    applicant_client: Client,
    draft: Dossier,
    reviewer: Any,
) -> None:
    send(b"%PDF-1.4\n" + EICAR)  # EICAR at offset 0 only: this one is a PDF that holds it
    send(EICAR + b"\n%PDF", name="other.pdf")  # not a PDF by content: refused before scanning
    version = DocumentVersion.objects.get()
    assert version.scan_state in (ScanState.CLEAN, ScanState.INFECTED)
    send(b"%PDF-1.4\n% " + TEST_SIGNATURE + b"\n", name="signed.pdf")
    infected = DocumentVersion.objects.get(number=2)
    assert infected.scan_state == ScanState.INFECTED
    assert infected.scan_signature.startswith("Jiha.Test.Signature")
    refused = applicant_client.get(f"/en/incentives/documents/{infected.pk}/download/")
    assert refused.status_code == 409
    assert b"infected" in refused.content
    assert AuditEntry.objects.filter(action="document.scan", after__scan="infected").exists()


def test_it_refuses_eicar_itself_by_content(
    clamd_socket: str, send: Callable[..., Any], private_storage: Path
) -> None:
    response = send(EICAR, name="eicar.pdf")
    assert response.status_code == 422
    assert DocumentVersion.objects.count() == 0 and stored_files(private_storage) == []


def test_it_keeps_every_version_when_a_document_is_replaced(
    clamd_socket: str, send: Callable[..., Any], applicant_client: Client, draft: Dossier
) -> None:
    send(PDF, name="v1.pdf")
    send(PDF.replace(b"1.4", b"1.7"), name="v2.pdf")
    versions = list(DocumentVersion.objects.order_by("number"))
    assert [(v.number, v.name) for v in versions] == [(1, "v1.pdf"), (2, "v2.pdf")]
    for version in versions:
        assert (
            applicant_client.get(f"/en/incentives/documents/{version.pk}/download/").status_code
            == 200
        )
    uploads = AuditEntry.objects.filter(action__in=["document.upload", "document.replace"])
    assert sorted(uploads.values_list("action", flat=True)) == [
        "document.replace",
        "document.upload",
    ]


def test_it_refuses_uploads_when_clamd_is_down(
    send: Callable[..., Any], settings: Any, tmp_path: Path, private_storage: Path
) -> None:
    settings.JIHA_CLAMD_SOCKET = tmp_path / "nobody.sock"
    response = send(PDF)
    assert response.status_code == 503
    assert b"virus scanner is not answering" in response.content
    assert DocumentVersion.objects.count() == 0 and stored_files(private_storage) == []


def test_it_accepts_unscanned_files_only_when_scanning_is_switched_off(
    send: Callable[..., Any],
    settings: Any,
    tmp_path: Path,
    applicant_client: Client,
    draft: Dossier,
) -> None:
    settings.JIHA_CLAMD_SOCKET = tmp_path / "nobody.sock"
    settings.JIHA_VIRUS_SCAN = False
    assert send(PDF).status_code == 302
    assert DocumentVersion.objects.get().scan_state == ScanState.NOT_SCANNED
    page = applicant_client.get(f"/en/incentives/dossiers/{draft.pk}/documents/")
    assert b"Virus scanning is switched off" in page.content


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "invoice.pdf", b"not a PDF, JPEG, PNG or XLSX"),
        (b"\x7fELF\x02\x01" + b"\x00" * 200, "scan.png", b"not a PDF, JPEG, PNG or XLSX"),
        (
            PDF.replace(
                b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (x) >>"
            ),
            "form.pdf",
            b"JavaScript",
        ),
    ],
)
def test_it_refuses_hostile_files_and_stores_nothing(
    clamd_socket: str,
    send: Callable[..., Any],
    private_storage: Path,
    data: bytes,
    name: str,
    code: bytes,
) -> None:
    response = send(data, name=name)
    assert response.status_code == 422
    assert code in response.content
    assert DocumentVersion.objects.count() == 0 and stored_files(private_storage) == []
    assert not AuditEntry.objects.filter(action__startswith="document.").exists()


def test_it_stores_a_passwd_path_name_as_a_plain_display_name(
    clamd_socket: str, send: Callable[..., Any], private_storage: Path
) -> None:
    send(PDF, name="../../etc/passwd")
    version = DocumentVersion.objects.get()
    assert version.name == "passwd.pdf"
    assert ".." not in version.storage_key and "passwd" not in version.storage_key
    assert not Path("/etc/passwd.pdf").exists()
    (stored,) = stored_files(private_storage)
    assert stored.read_bytes() == PDF


def test_it_refuses_a_200_mb_upload_before_reading_it(
    applicant_client: Client, draft: Dossier, private_storage: Path
) -> None:
    response = applicant_client.post(
        f"/en/incentives/dossiers/{draft.pk}/documents/{KIND}/upload/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert DocumentVersion.objects.count() == 0 and stored_files(private_storage) == []


def test_it_refuses_a_file_over_the_document_limit(
    clamd_socket: str, send: Callable[..., Any], settings: Any, private_storage: Path
) -> None:
    settings.JIHA_DOCUMENT_MAX_BYTES = 1024
    response = send(PDF + b"%" * 2048)
    assert response.status_code == 413
    assert b"larger than the limit" in response.content
    assert DocumentVersion.objects.count() == 0 and stored_files(private_storage) == []


def test_it_hides_documents_from_another_company_and_pending_files_from_reviewers(
    clamd_socket: str,
    send: Callable[..., Any],
    draft: Dossier,
    other_applicant: Any,
    reviewer: Any,
    applicant: Any,
    instructor: Any,
) -> None:
    send(PDF)
    version = DocumentVersion.objects.get()
    other = Client()
    other.force_login(other_applicant)
    assert other.get(f"/en/incentives/documents/{version.pk}/download/").status_code == 404
    assert other.get(f"/en/incentives/dossiers/{draft.pk}/documents/").status_code == 404
    staff = Client()
    force_login_confirmed(staff, reviewer)
    # A draft is the company's own: reviewers see dossiers once submitted.
    assert staff.get(f"/en/incentives/documents/{version.pk}/download/").status_code == 404
    from jiha.incentives import services

    services.dossier_submit(
        actor=applicant, dossier_id=draft.pk, version=draft.version, idempotency_key="k-docs"
    )
    assert staff.get(f"/en/incentives/documents/{version.pk}/download/").status_code == 200
    DocumentVersion.objects.filter(pk=version.pk).update(scan_state=ScanState.PENDING)
    pending = staff.get(f"/en/incentives/documents/{version.pk}/download/")
    assert pending.status_code == 409 and b"still being scanned" in pending.content


def test_it_refuses_uploads_once_submitted(
    clamd_socket: str,
    make_dossier: Callable[..., Dossier],
    client: Client,
    applicant: Any,
    private_storage: Path,
) -> None:
    dossier = make_dossier("submitted")
    client.force_login(applicant)
    response = client.post(
        f"/en/incentives/dossiers/{dossier.pk}/documents/{KIND}/upload/",
        {"file": named(PDF, "late.pdf")},
    )
    assert response.status_code == 409
    assert DocumentVersion.objects.count() == 0


def test_it_retries_a_hanging_scan_then_reports_it_failed(
    clamd_socket: str,
    send: Callable[..., Any],
    settings: Any,
    silent_clamd: Path,  # noqa: F811
) -> None:
    send(PDF)  # scanned clean by the real clamd; now the scanner hangs
    version = DocumentVersion.objects.get()
    DocumentVersion.objects.filter(pk=version.pk).update(
        scan_state=ScanState.PENDING, scan_attempts=0
    )
    settings.JIHA_CLAMD_SOCKET = silent_clamd
    settings.JIHA_SCAN_ATTEMPTS = 2
    assert documents.document_scan(version_id=version.pk, timeout=0.3) == ScanState.PENDING
    assert documents.document_scan(version_id=version.pk, timeout=0.3) == ScanState.FAILED
    version.refresh_from_db()
    assert (version.scan_state, version.scan_attempts) == (ScanState.FAILED, 2)
    assert AuditEntry.objects.filter(action="document.scan", after__scan="failed").exists()


def test_it_sweeps_scans_left_pending_by_a_dead_worker(
    clamd_socket: str, send: Callable[..., Any], settings: Any
) -> None:
    send(PDF, name="a.pdf")
    send(PDF.replace(b"1.4", b"1.5"), name="b.pdf")
    first, second = DocumentVersion.objects.order_by("number")
    long_ago = timezone.now() - dt.timedelta(hours=1)
    DocumentVersion.objects.filter(pk=first.pk).update(
        scan_state=ScanState.PENDING, scan_attempts=1, scan_started_at=long_ago
    )
    DocumentVersion.objects.filter(pk=second.pk).update(
        scan_state=ScanState.PENDING, scan_attempts=3, scan_started_at=long_ago
    )
    assert documents.documents_sweep() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.scan_state == ScanState.CLEAN  # scanned again (immediate tasks in tests)
    assert second.scan_state == ScanState.FAILED


@pytest.fixture
def api_client(applicant_client: Client) -> Iterator[Client]:
    yield applicant_client


def test_it_uploads_and_lists_through_the_api(
    clamd_socket: str,
    api_client: Client,
    draft: Dossier,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = api_client.post(
            f"/api/incentives/dossiers/{draft.pk}/documents/{KIND}",
            {"file": named(PDF, "c.pdf")},
        )
    assert created.status_code == 201, created.content
    listed = api_client.get(f"/api/incentives/dossiers/{draft.pk}/documents").json()
    slot = next(s for s in listed if s["kind"] == KIND)
    assert slot["versions"][0]["scan_state"] == "clean"
    download = api_client.get(slot["versions"][0]["download"])
    assert download.status_code == 200
    refused = api_client.post(
        f"/api/incentives/dossiers/{draft.pk}/documents/{KIND}",
        {"file": named(b"MZ" + b"\x00" * 100, "x.pdf")},
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "upload_kind"


def test_it_sweeps_from_the_command_line(capsys: Any) -> None:
    from django.core.management import call_command

    call_command("sweep_document_scans")
    assert "Stale scans taken up: 0" in capsys.readouterr().out


def test_it_shows_the_documents_block_on_the_dossier_page(
    applicant_client: Client, draft: Dossier
) -> None:
    page = applicant_client.get(f"/en/incentives/dossiers/{draft.pk}/")
    assert page.status_code == 200
    assert b'id="documents"' in page.content
    assert f"/documents/{KIND}/upload/".encode() in page.content


def test_it_defers_a_retry_where_the_backend_can(settings: Any) -> None:
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    documents._enqueue_scan(12345, attempt=1)
    (result,) = default_task_backend.results  # type: ignore[attr-defined]
    assert result.task.run_after is not None
    assert result.task.run_after > timezone.now() + dt.timedelta(seconds=20)


def test_it_tells_at_start_up_that_uploads_need_clamd(settings: Any, tmp_path: Path) -> None:
    from io import StringIO

    from jiha.portal.management.commands.up import Command

    settings.JIHA_CLAMD_SOCKET = tmp_path / "nobody.sock"
    out = StringIO()
    Command(stdout=out)._say_how_documents_are_scanned()
    assert "document uploads will be refused" in out.getvalue()
    settings.JIHA_VIRUS_SCAN = False
    Command(stdout=out)._say_how_documents_are_scanned()
    assert "virus scanning is switched off" in out.getvalue()


def test_it_lets_staff_scan_a_failed_file_again(
    clamd_socket: str,
    send: Callable[..., Any],
    draft: Dossier,
    applicant: Any,
    reviewer: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from jiha.incentives import services

    send(PDF)
    version = DocumentVersion.objects.get()
    services.dossier_submit(
        actor=applicant, dossier_id=draft.pk, version=draft.version, idempotency_key="k-rescan"
    )
    staff = Client()
    force_login_confirmed(staff, reviewer)
    url = f"/en/incentives/documents/{version.pk}/rescan/"
    assert staff.post(url).status_code == 409  # clean: nothing to scan again
    DocumentVersion.objects.filter(pk=version.pk).update(scan_state=ScanState.FAILED)
    page = staff.get(f"/en/incentives/dossiers/{draft.pk}/documents/")
    assert url.encode() in page.content
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.post(url).status_code == 302
    version.refresh_from_db()
    assert version.scan_state == ScanState.CLEAN
    assert AuditEntry.objects.filter(action="document.rescan").exists()
    owner = Client()
    owner.force_login(applicant)
    assert owner.post(url).status_code in (302, 403)  # not staff: refused
    assert AuditEntry.objects.filter(action="document.rescan").count() == 1
