"""Shared fixtures: the reference geography, one named persona per role, the browser."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from allauth.mfa.adapter import get_adapter as mfa_adapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core.cache import cache
from django.test import Client

from jiha.accounts import services as accounts
from jiha.accounts.models import Organisation, OrganisationKind, Role, User
from jiha.regions.models import Region
from jiha.regions.services import reference_load

PASSWORD = "correct-horse-battery-9"  # noqa: S105 - test persona only


def sign_in_with_totp(client: Client, user: User) -> None:
    """Sign ``user`` in with password and TOTP: a session confirmed with the second factor.

    Sets up TOTP first when the user has none. allauth accepts a TOTP code once: sign the same
    user in at most once per test (30-second window).
    """
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
    else:
        secret = mfa_adapter().decrypt(authenticator.data["secret"])
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "/2fa/authenticate" in response["Location"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302, response.content.decode()[:500]


def force_login_confirmed(client: Client, user: User) -> None:
    """Sign ``user`` in with a session already confirmed with TOTP, without the forms.

    For tests about what a confirmed staff session may do (fast, and usable many times in a
    test); ``sign_in_with_totp`` walks the real password and TOTP forms.
    """
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    session = client.session
    # allauth's record of how this session authenticated (allauth.account.internal.flows.login)
    session["account_authentication_methods_user"] = str(user.pk)
    session["account_authentication_methods"] = [
        {"method": "mfa", "type": "totp", "at": time.time()}
    ]
    session.save()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Login counters and used TOTP codes live in the cache: no test inherits another's."""
    cache.clear()


@pytest.fixture
def reference(db: None) -> None:
    reference_load()


@pytest.fixture
def make_member(reference: None) -> Callable[..., User]:
    def make(
        email: str,
        kind: str,
        role: str,
        region: str | None = None,
        organisation: Organisation | None = None,
    ) -> User:
        from allauth.account.models import EmailAddress

        user = User.objects.create_user(email, PASSWORD)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if organisation is None:
            organisation = accounts.organisation_create(
                name=f"{email.split('@')[0]} org",
                kind=kind,
                region=Region.objects.get(code=region) if region else None,
            )
        accounts.membership_add(user=user, organisation=organisation, role=role)
        return user

    return make


@pytest.fixture
def applicant(make_member: Callable[..., User]) -> User:
    return make_member("alice@atlas.example", OrganisationKind.COMPANY, Role.APPLICANT, "MA-03")


@pytest.fixture
def other_applicant(make_member: Callable[..., User]) -> User:
    return make_member("bob@oriental.example", OrganisationKind.COMPANY, Role.APPLICANT, "MA-02")


@pytest.fixture
def reviewer(make_member: Callable[..., User]) -> User:
    return make_member("rita@agency.example", OrganisationKind.MINISTRY_AGENCY, Role.REVIEWER)


@pytest.fixture
def administrator(make_member: Callable[..., User]) -> User:
    return make_member(
        "adam@programme.example", OrganisationKind.PROGRAMME_OFFICE, Role.ADMINISTRATOR
    )


@pytest.fixture
def analyst(make_member: Callable[..., User]) -> User:
    return make_member("anna@programme.example", OrganisationKind.PROGRAMME_OFFICE, Role.ANALYST)


@pytest.fixture
def officer(make_member: Callable[..., User]) -> User:
    return make_member(
        "omar@fes.example", OrganisationKind.REGIONAL_ANTENNA, Role.REGIONAL_OFFICER, "MA-03"
    )


# Browser tests drive Debian's Chromium (never a downloaded browser) through Playwright.
CHROMIUM = os.environ.get("JIHA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MISSING_BROWSER = (
    f"{CHROMIUM} is missing: the browser tests are skipped. Install Debian's Chromium "
    "(sudo apt-get install chromium) to run them."
)


def pytest_report_header() -> str | None:
    return None if shutil.which(CHROMIUM) else MISSING_BROWSER


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium. Missing, it skips the test — or fails it where the browser tests are
    required (``JIHA_REQUIRE_BROWSER=1``, set by ``.ci/run``, so CI never passes without them)."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("JIHA_REQUIRE_BROWSER") == "1":
            pytest.fail(
                f"{CHROMIUM} is missing and JIHA_REQUIRE_BROWSER=1: apt-get install chromium."
            )
        pytest.skip(MISSING_BROWSER)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield _FrenchVisitor(chromium)
        chromium.close()


class _FrenchVisitor:
    """The browser, whose pages send ``Accept-Language: fr-FR`` unless a test asks otherwise.

    Playwright's default is en-US, and a first visit follows the browser's language
    (``LanguageRoutingMiddleware``): without this, unprefixed addresses would open in English.
    """

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_page(self, **options: Any) -> Any:
        options.setdefault("locale", "fr-FR")
        return self._browser.new_page(**options)

    def new_context(self, **options: Any) -> Any:
        options.setdefault("locale", "fr-FR")
        return self._browser.new_context(**options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


# Documents are scanned by a real clamd (tools/clamd-local.sh: a local signature file with the
# EICAR test string and the project's own test signature).
CLAMD = os.environ.get("JIHA_CLAMD", "/usr/sbin/clamd")


@pytest.fixture(scope="session")
def clamd_socket() -> str:
    """The socket of an answering clamd, started by tools/clamd-local.sh when it is installed.

    Missing, it skips the test — or fails it where scanning is required
    (``JIHA_REQUIRE_CLAMD=1``, set by ``.ci/run``)."""
    import subprocess
    from pathlib import Path

    from django.conf import settings

    from jiha.lib.virusscan import scanner_answers

    socket_path = str(settings.JIHA_CLAMD_SOCKET)
    if not scanner_answers() and shutil.which(CLAMD):
        import fcntl

        script = Path(__file__).resolve().parent / "tools" / "clamd-local.sh"
        environment = {**os.environ, "JIHA_CLAMD_DIR": str(Path(socket_path).parent)}
        # pytest-xdist workers share one clamd: the first starts it, the others wait on the
        # lock, then find it answering (the script does nothing when clamd already answers).
        Path(socket_path).parent.mkdir(parents=True, exist_ok=True)
        with (Path(socket_path).parent / "start.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            subprocess.run([str(script), "start"], check=False, env=environment, timeout=120)  # noqa: S603
    if not scanner_answers():
        message = f"clamd does not answer on {socket_path}: tools/clamd-local.sh start"
        if os.environ.get("JIHA_REQUIRE_CLAMD") == "1":
            pytest.fail(f"{message} (JIHA_REQUIRE_CLAMD=1)")
        pytest.skip(message)
    return socket_path


@pytest.fixture
def private_storage(settings: object, tmp_path: object) -> object:
    """Documents, letters and exports stored under the test's own directory."""
    from pathlib import Path

    root = Path(str(tmp_path)) / "private"
    settings.JIHA_PRIVATE_STORAGE_DIR = root  # type: ignore[attr-defined]
    return root
