"""axe-core over every HTML page, in French, Arabic and English: no critical or serious violation.

The pages are the GET rows of the role × endpoint matrix (``tests/security/access*.py``), so a new
page is covered as soon as it has its row. Each page is opened as the first persona the matrix
allows (the visitor when it may), signed in; one browser context per persona serves all its
pages; a page repeated by object is opened for the one object the matrix's world holds.

axe-core is the npm package (``package.json``, exact version); the test reads
``node_modules/axe-core/axe.min.js`` — it is never served to users. Rules: the WCAG 2.0 A/AA
and 2.1 AA tags. ``JIHA_AXE_LANGUAGES=fr`` (comma-separated) narrows the languages for a quick run.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from conftest import force_login_confirmed
from tests.security.access import STAFF, Access
from tests.security.test_role_matrix import TABLE, World, world  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]
FAILING = {"critical", "serious"}
LANGUAGES = tuple(os.environ.get("JIHA_AXE_LANGUAGES", "fr,ar,en").split(","))
# The persona each page is opened as: the first the matrix allows, in this order.
PREFERENCE = (
    "anonymous",
    "applicant_a",
    "candidate",
    "provider",
    "officer",
    "reviewer",
    "analyst",
    "administrator",
)
# Files, not pages (their answer is checked by the content type too).
NOT_PAGES = (".csv", ".pdf", ".xlsx", ".json", ".jsonld", "/download/", "/letter/", "/healthz")
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    count: v.nodes.length,
  }));
}"""


def html_pages() -> dict[str, list[tuple[str, Access]]]:
    """{persona: [(route name, row)]} for every GET page of the matrix, each under one persona."""
    pages: dict[str, list[tuple[str, Access]]] = defaultdict(list)
    for name, access in sorted(TABLE.items()):
        if access.method != "GET" or access.path.startswith(("/api/", "/admin/")):
            continue
        if access.path.endswith(NOT_PAGES) or any(part in access.path for part in NOT_PAGES):
            continue
        persona = next((p for p in PREFERENCE if p in access.allowed), None)
        if persona is not None:
            pages[persona].append((name, access))
    return pages


def _prefixed(language: str, path: str) -> str:
    return path if language == "fr" else f"/{language}{path}"


def _signed_in_context(browser: Any, base_url: str, people: World, persona: str) -> Any:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    # axe is put in every page by the browser itself (no inline script, nothing served).
    context.add_init_script(path=str(AXE))
    user = people.users.get(persona)
    if user is not None:
        client = Client()
        if persona in STAFF:
            force_login_confirmed(client, user)
        else:
            client.force_login(user)
        cookie = client.cookies["sessionid"]
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base_url}])
    return context


def _audit(page: Any, url: str) -> list[dict[str, Any]] | None:
    """axe's violations on ``url``; None when the answer is not an HTML page."""
    try:
        response = page.goto(url, wait_until="load")
    except Exception:  # a download starting is not a page  # noqa: BLE001
        return None
    if response is None or "text/html" not in response.headers.get("content-type", ""):
        return None
    # Maps and charts draw themselves after the load: audit what the visitor finally gets.
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-region-map],[data-series]')]"
        ".every((f) => f.dataset.rendered)",
        timeout=15_000,
    )
    return page.evaluate(AXE_RUN, TAGS)  # type: ignore[no-any-return]


def test_no_page_has_a_critical_or_serious_accessibility_violation_in_any_language(
    browser: Any,
    live_server: Any,
    world: World,  # noqa: F811
) -> None:
    assert AXE.exists(), "run `npm ci` (axe-core is a devDependency in package.json)"
    started = time.monotonic()
    audited = 0
    problems: list[str] = []
    for persona, rows in html_pages().items():
        context = _signed_in_context(browser, live_server.url, world, persona)
        page = context.new_page()
        for language in LANGUAGES:
            for name, access in rows:
                path = _prefixed(language, access.path.format(**world.values))
                violations = _audit(page, f"{live_server.url}{path}")
                if violations is None:
                    continue
                audited += 1
                for violation in violations:
                    if violation["impact"] in FAILING:
                        problems.append(
                            f"{path} ({name}, {persona}): {violation['impact']} "
                            f"{violation['id']} ×{violation['count']} — {violation['help']} — "
                            + " | ".join(violation["targets"])
                        )
        context.close()
    elapsed = time.monotonic() - started
    print(f"axe: {audited} page views in {elapsed:.0f} s, {len(problems)} failing violations")
    assert audited >= 50 * len(LANGUAGES), f"only {audited} pages audited"
    assert not problems, "\n".join(problems)


OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_the_french_header_fits_and_tables_scroll_inside_their_box(
    browser: Any, live_server: Any, reference: None
) -> None:
    page = browser.new_page()
    for width in (1000, 1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/regions/")
        assert page.evaluate(OVERFLOW) <= 0, f"the page scrolls sideways at {width} px"
        if not page.locator(".language-switch").is_visible():  # below 1200 px: the menu button
            page.locator(".navbar-toggler").click()
            page.locator(".language-switch").wait_for(state="visible")
        for button in page.locator(".language-switch button").all():
            box = button.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, width
        current = page.locator('nav a[aria-current="page"]')
        assert current.count() == 1 and current.get_attribute("href") == "/regions/"
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/regions/")
    assert page.evaluate(OVERFLOW) <= 0, "a table pushes the page sideways at 390 px"
    box = page.locator(".table-responsive").first
    assert box.get_attribute("tabindex") == "0"  # it scrolls, so the keyboard reaches it
    code = page.locator("code.region-code").first.bounding_box()
    assert code is not None and code["height"] < 30  # "MA-03" on one line
    page.close()
