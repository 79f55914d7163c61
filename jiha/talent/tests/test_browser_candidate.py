"""A candidate in a real browser (Debian's Chromium): signs in, registers with consent in
Arabic (right to left) using the keyboard for the consent box, and sees their space."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_registers_a_candidate_in_arabic(
    browser: object, live_server: object, reference: None
) -> None:
    from allauth.account.models import EmailAddress

    from jiha.accounts.models import User
    from jiha.talent.models import CandidateProfile
    from jiha.talent.services import taxonomy_load

    taxonomy_load()  # a transactional test may run after another emptied the tables
    user = User.objects.create_user("browser@example.ma", "a-long-test-password-14")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    base = live_server.url  # type: ignore[attr-defined]
    page.goto(f"{base}/accounts/login/?next=/ar/talent/me/register/")
    page.fill("input[name=login]", "browser@example.ma")
    page.fill("input[name=password]", "a-long-test-password-14")
    page.locator("form [type=submit]").last.click()
    page.wait_for_url("**/talent/me/register/")
    if "/ar/" not in page.url:
        page.goto(f"{base}/ar/talent/me/register/")
    assert page.get_attribute("html", "dir") == "rtl"
    page.select_option("#id_region", "MA-02")
    page.select_option("#id_diploma", "bac3")
    page.select_option("#id_field", "physics")
    page.check("input[name=languages][value=fr]")
    page.select_option("#id_skill_0", "sql")
    page.focus("#id_consent")
    page.keyboard.press("Space")  # reachable and operable from the keyboard
    page.locator("main form [type=submit]").click()
    page.wait_for_url("**/talent/me/")
    assert page.locator("h1").count() == 1
    assert CandidateProfile.objects.filter(user=user, region__code="MA-02").exists()
    assert errors == []
    page.close()
