"""In headless Chromium: a company takes a dossier from draft to submission, a reviewer assigns
it and another decides it. Screenshots go to ``JIHA_TEST_ARTIFACTS`` (or the test's tmp dir)."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from conftest import PASSWORD
from jiha.accounts.models import User
from jiha.incentives.models import Dossier, DossierState

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, url: str, user: User, secret: str | None = None) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=login]) button[type=submit]").first.click()
    if secret is not None:
        page.wait_for_url("**/2fa/authenticate/**")
        page.fill("input[name=code]", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
        page.locator("form:has(input[name=code]) button[type=submit]").first.click()
    page.wait_for_load_state()


def test_an_applicant_submits_and_a_reviewer_decides(
    browser: Any,
    live_server: Any,
    applicant: User,
    reviewer: User,
    instructor: User,
    schemes: None,
    tmp_path: Path,
) -> None:
    shots = Path(os.environ.get("JIHA_TEST_ARTIFACTS") or tmp_path) / "dossier-walk"
    shots.mkdir(parents=True, exist_ok=True)
    url = live_server.url

    company = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = company.new_page()
    _sign_in(page, url, applicant)
    page.goto(f"{url}/incentives/dossiers/new/")
    page.select_option("select[name=scheme]", "employment-bonus-2025")
    page.select_option("select[name=region]", "MA-03")
    page.fill("input[name=period_start]", "2027-01-01")
    page.fill("input[name=period_end]", "2027-12-31")
    page.screenshot(path=str(shots / "1-create.png"), full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/edit/")
    page.select_option("select[name=hires-0-profile]", "bpo")
    page.fill("input[name=hires-0-gross_annual_salary]", "60000")
    page.fill("input[name=hires-0-hire_date]", "2025-09-01")
    page.fill("input[name=hires-0-count]", "2")
    page.screenshot(path=str(shots / "2-edit.png"), full_page=True)
    page.locator("main form button[type=submit]").click()
    page.wait_for_selector("[data-testid=computed-amount]")
    assert "20400.00" in page.locator("[data-testid=computed-amount]").inner_text()
    page.screenshot(path=str(shots / "3-amount.png"), full_page=True)
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state()
    page.screenshot(path=str(shots / "4-submitted.png"), full_page=True)
    dossier = Dossier.objects.get()
    assert dossier.state == DossierState.SUBMITTED
    company.close()

    secret = generate_totp_secret()
    TOTP.activate(reviewer, secret)
    office = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = office.new_page()
    _sign_in(page, url, reviewer, secret)
    page.goto(f"{url}/incentives/review/")
    page.check(f"input[name=dossier][value='{dossier.pk}']")
    page.select_option("select[name=instructor]", str(instructor.pk))
    page.screenshot(path=str(shots / "5-queue.png"), full_page=True)
    page.locator("form[action$='/review/assign/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{url}/incentives/review/{dossier.pk}/")
    page.select_option("select[name=outcome]", "approved")
    page.locator("form[action$='/decide/'] button[type=submit]").click()
    page.wait_for_load_state()
    page.screenshot(path=str(shots / "6-decided.png"), full_page=True)
    office.close()

    dossier.refresh_from_db()
    assert dossier.state == DossierState.APPROVED
    assert dossier.decision.amount == dossier.computed_amount
    assert len(list(shots.glob("*.png"))) == 6
