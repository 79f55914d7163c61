"""The applicant's space leads to the yearly activity report filing page (issue 15 §5)."""

from __future__ import annotations

from django.test import Client

from jiha.accounts.models import User


def test_it_offers_a_companys_applicant_the_report_filing_page(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    page = client.get("/me/").content.decode()
    assert 'href="/observatory/reports/new/"' in page
    assert client.get("/observatory/reports/new/").status_code == 200


def test_it_does_not_offer_it_to_someone_without_a_company(client: Client, officer: User) -> None:
    client.force_login(officer)
    assert 'href="/observatory/reports/new/"' not in client.get("/me/").content.decode()
