"""Exports of dossiers: built in the background, streamed to a file, progress then a download;
staff export every dossier, a company its own; a ZIP holds only documents scanned clean."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import zipfile
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from conftest import force_login_confirmed
from jiha.accounts import services as accounts
from jiha.accounts.models import Membership, User
from jiha.exports import services
from jiha.exports.models import DossierExport
from jiha.incentives import selectors as incentives
from jiha.incentives.models import Dossier, DossierState, Scheme
from jiha.lib.errors import PermissionDenied
from jiha.regions.models import Region

pytestmark = pytest.mark.django_db


def _dossiers(user: User, count: int, prefix: str) -> list[Dossier]:
    organisation = Membership.objects.get(user=user).organisation
    scheme = Scheme.objects.get(code="employment-bonus-2025")
    region = Region.objects.get(code="MA-03")
    return Dossier.objects.bulk_create(
        Dossier(
            reference=f"{prefix}-{i:05d}",
            organisation=organisation,
            scheme=scheme,
            region=region,
            period_start=dt.date(2027, 1, 1),
            period_end=dt.date(2027, 12, 31),
            state=DossierState.SUBMITTED,
            data={},
            created_by=user,
            synthetic=True,
        )
        for i in range(count)
    )


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _download(client: Client, export: DossierExport) -> bytes:
    response = client.get(f"/exports/{export.pk}/download/")
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_it_exports_a_company_s_own_dossiers_only(applicant: User, other_applicant: User) -> None:
    _dossiers(applicant, 3, "A")
    _dossiers(other_applicant, 2, "B")
    company = Membership.objects.get(user=applicant).organisation
    client = Client()
    client.force_login(applicant)
    response = client.post("/exports/", {"fmt": "csv", "organisation": company.pk})
    export = DossierExport.objects.get()
    assert response["Location"] == f"/exports/{export.pk}/"
    assert export.status == DossierExport.Status.DONE and export.progress == 1.0
    rows = _csv(_download(client, export))
    assert rows[0][:3] == ["id", "reference", "organisation"]
    assert sorted(row[1] for row in rows[1:]) == ["A-00000", "A-00001", "A-00002"]


def test_it_refuses_a_company_the_export_of_all_or_of_another_company(
    applicant: User, other_applicant: User
) -> None:
    other = Membership.objects.get(user=other_applicant).organisation
    for organisation in (None, other):
        with pytest.raises(PermissionDenied):
            services.export_request(actor=applicant, fmt="csv", organisation=organisation)
    assert not DossierExport.objects.exists()


def test_it_hides_an_export_from_everyone_but_who_asked(
    applicant: User, other_applicant: User
) -> None:
    _dossiers(applicant, 1, "A")
    company = Membership.objects.get(user=applicant).organisation
    export = services.export_request(actor=applicant, fmt="csv", organisation=company)
    outsider = Client()
    outsider.force_login(other_applicant)
    assert outsider.get(f"/exports/{export.pk}/").status_code == 404
    assert outsider.get(f"/exports/{export.pk}/download/").status_code == 404


def test_it_streams_thousands_of_dossiers_to_xlsx_for_staff(
    applicant: User, other_applicant: User, analyst: User
) -> None:
    _dossiers(applicant, 2500, "A")
    _dossiers(other_applicant, 500, "B")
    client = Client()
    force_login_confirmed(client, analyst)
    client.post("/exports/", {"fmt": "xlsx"})
    export = DossierExport.objects.get()
    assert export.status == DossierExport.Status.DONE, export.message
    assert export.rows == 3000 and export.organisation is None
    sheet = load_workbook(io.BytesIO(_download(client, export)), read_only=True).active
    assert sheet is not None
    assert sum(1 for _row in sheet.iter_rows(values_only=True)) == 3001


def test_it_puts_only_the_given_clean_files_in_a_zip(
    applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _dossiers(applicant, 2, "Z")

    def files(ids: list[int]) -> Iterator[incentives.ExportFile]:
        assert sorted(ids) == sorted([first.pk, second.pk])
        yield incentives.ExportFile(first.pk, "../../etc/invoice.pdf", lambda: io.BytesIO(b"%PDF"))

    monkeypatch.setattr(incentives, "dossier_export_files", files)
    company = Membership.objects.get(user=applicant).organisation
    export = services.export_request(actor=applicant, fmt="zip", organisation=company)
    export.refresh_from_db()
    assert export.files == 1
    client = Client()
    client.force_login(applicant)
    archive = zipfile.ZipFile(io.BytesIO(_download(client, export)))
    assert sorted(archive.namelist()) == ["documents/Z-00000/invoice.pdf", "dossiers.csv"]
    assert len(_csv(archive.read("dossiers.csv"))) == 3


def test_it_gives_no_file_for_a_dossier_without_documents(applicant: User) -> None:
    first = _dossiers(applicant, 1, "N")[0]
    assert list(incentives.dossier_export_files([first.pk])) == []


def test_it_gives_the_latest_clean_version_of_each_document_only(
    applicant: User, private_storage: object
) -> None:
    from jiha.incentives.documents.models import DocumentVersion, DossierDocument, ScanState
    from jiha.lib.uploads import store_bytes

    dossier = _dossiers(applicant, 1, "D")[0]
    invoice = DossierDocument.objects.create(dossier=dossier, kind="invoice")
    payroll = DossierDocument.objects.create(dossier=dossier, kind="payroll")

    def version(document: DossierDocument, number: int, state: str, data: bytes) -> None:
        DocumentVersion.objects.create(
            document=document,
            number=number,
            storage_key=store_bytes(data, prefix="test"),
            name=f"{document.kind}-{number}.pdf",
            content_type="application/pdf",
            size=len(data),
            uploaded_by=applicant,
            scan_state=state,
        )

    version(invoice, 1, ScanState.CLEAN, b"old invoice")
    version(invoice, 2, ScanState.CLEAN, b"new invoice")
    version(payroll, 1, ScanState.PENDING, b"payroll not scanned yet")
    files = list(incentives.dossier_export_files([dossier.pk]))
    assert [(f.dossier, f.name) for f in files] == [(dossier.pk, "invoice-2.pdf")]
    with files[0].open() as stored:
        assert stored.read() == b"new invoice"


def test_it_ends_failed_with_a_message_when_writing_breaks(
    applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dossiers(applicant, 1, "F")

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("jiha.exports.writers.csv_file", broken)
    company = Membership.objects.get(user=applicant).organisation
    export = services.export_request(actor=applicant, fmt="csv", organisation=company)
    export.refresh_from_db()
    assert export.status == DossierExport.Status.FAILED and export.message


def test_it_exports_through_the_api_with_a_write_token(applicant: User) -> None:
    _dossiers(applicant, 2, "T")
    company = Membership.objects.get(user=applicant).organisation
    _row, text = accounts.api_token_create(
        actor=applicant,
        organisation=company,
        name="erp",
        scope="read_write",
        expires_on=timezone.localdate() + dt.timedelta(days=3),
    )
    auth = {"Authorization": f"Bearer {text}"}
    client = Client()
    response = client.post(
        "/api/exports", {"fmt": "csv", "organisation": company.pk}, "application/json", headers=auth
    )
    assert response.status_code == 202, response.content
    status = client.get(response.json()["url"], headers=auth).json()
    assert status["status"] == "done" and status["rows"] == 2
    download = client.get(status["download"], headers=auth)
    assert len(_csv(b"".join(download.streaming_content))) == 3  # type: ignore[attr-defined]


def test_it_ends_failed_an_export_whose_worker_stopped(applicant: User) -> None:
    company = Membership.objects.get(user=applicant).organisation
    export = DossierExport.objects.create(
        requested_by=applicant,
        organisation=company,
        fmt="csv",
        status=DossierExport.Status.RUNNING,
        heartbeat_at=timezone.now() - dt.timedelta(hours=1),
    )
    client = Client()
    client.force_login(applicant)
    page = client.get(f"/exports/{export.pk}/")
    export.refresh_from_db()
    assert export.status == DossierExport.Status.FAILED
    assert html.escape(export.message) in page.content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_neutralises_formulas_in_company_names(applicant: User, analyst: User, fmt: str) -> None:
    organisation = Membership.objects.get(user=applicant).organisation
    organisation.name = '=HYPERLINK("http://evil.example","x")'
    organisation.save(update_fields=["name"])
    _dossiers(applicant, 1, "A")
    client = Client()
    force_login_confirmed(client, analyst)
    client.post("/exports/", {"fmt": fmt})
    content = _download(client, DossierExport.objects.get())
    if fmt == "csv":
        names = [row[2] for row in _csv(content)[1:]]
    else:
        sheet = load_workbook(io.BytesIO(content), read_only=True).active
        assert sheet is not None
        names = [row[2] for row in list(sheet.iter_rows(values_only=True))[1:]]

    assert names == ['\'=HYPERLINK("http://evil.example","x")']
