from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from jiha.accounts.models import User
from jiha.observatory.models import ActivityReport

pytestmark = pytest.mark.usefixtures("indicators")


def _filled_template(client: Client, cell: object = 12) -> io.BytesIO:
    workbook = load_workbook(io.BytesIO(client.get("/observatory/reports/template.xlsx").content))
    workbook.active.append(["MA-03", "bpo", cell, 5, 6, 2, 40, 10, 150000, 0])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "report.xlsx"
    return buffer


def test_an_applicant_files_a_report_with_the_form(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    response = client.post(
        "/en/observatory/reports/new/",
        {
            "mode": "form",
            "year": "2025",
            "r0_region": "MA-03",
            "r0_profile": "bpo",
            "r0_headcount": "30",
            "r0_women": "12",
            "r0_under_30": "20",
            "r0_new_hires": "5",
            "r0_training_hours_in_person": "100",
            "r0_training_hours_remote": "20",
            "r0_export_revenue": "1000000",
            "r0_investment": "0",
        },
    )
    assert response.status_code == 302
    line = ActivityReport.objects.get().lines.get()
    assert (line.region.code, line.headcount, line.women) == ("MA-03", 30, 12)


def test_an_applicant_files_the_xlsx_template(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    response = client.post(
        "/en/observatory/reports/new/",
        {"mode": "file", "year": "2025", "file": _filled_template(client)},
    )
    assert response.status_code == 302
    assert ActivityReport.objects.get().lines.get().headcount == 12


def test_a_template_with_a_formula_files_nothing(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    response = client.post(
        "/en/observatory/reports/new/",
        {"mode": "file", "year": "2025", "file": _filled_template(client, "=10+2")},
    )
    assert response.status_code == 422
    assert "formula" in response.content.decode().lower()
    assert not ActivityReport.objects.exists()


def test_women_above_headcount_files_nothing(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    response = client.post(
        "/en/observatory/reports/new/",
        {
            "mode": "form",
            "year": "2025",
            "r0_region": "MA-03",
            "r0_profile": "bpo",
            "r0_headcount": "3",
            "r0_women": "12",
        },
    )
    assert response.status_code == 422
    assert not ActivityReport.objects.exists()


def test_someone_without_a_company_cannot_file(client: Client, reviewer: User) -> None:
    client.force_login(reviewer)
    assert client.get("/en/observatory/reports/new/").status_code == 403
