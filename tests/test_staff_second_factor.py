"""Every staff action needs a session confirmed with TOTP, on pages and through the API.

For each staff role (administrator, analyst, reviewer) in each state (no TOTP, TOTP but a
password-only session, a session confirmed with TOTP), every staff action is tried: only a
confirmed session of a role allowed to do it gets through; any other attempt changes nothing,
and a session that is not confirmed is told why (page) or gets ``second_factor_required`` (API).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.http import HttpResponse
from django.test import Client

from conftest import sign_in_with_totp
from jiha.accounts.models import Organisation, User
from jiha.competitiveness.models import IndexEdition
from jiha.incentives.models import ParameterValueChange
from jiha.observatory import services as observatory
from jiha.observatory.models import Dataset, DatasetVersion
from jiha.observatory.services import indicators_upsert
from jiha.regions.models import Confidence

CSV = (
    b"indicator,territory,period,value,status\n"
    b"unemployment-rate-census,MA-03,2024,23.3,\n"
    b"unemployment-rate-census,MA-02,2024,30.4,provisional\n"
)
PARAMETER = "offer_2006.training_aid.per_profile.bpo"
SECOND_FACTOR_PAGE = "Confirm this session to act as staff"


@dataclass
class World:
    dataset: Dataset
    other_organisation: Organisation


@pytest.fixture
def world(reference: None, applicant: User) -> World:
    indicators_upsert()
    dataset = Dataset.objects.create(
        slug="labour",
        title_fr="Emploi",
        title_ar="الشغل",
        title_en="Labour",
        publisher="x",
        licence="x",
        theme="labour",
        confidence=Confidence.OFFICIAL,
    )
    for _ in range(3):  # v1 published (to withdraw), v2 and v3 drafts (to publish)
        observatory.dataset_import(
            observatory.ImportRequest(dataset=dataset, source=CSV, file_name="v.csv")
        )
    first = dataset.versions.get(number=1)
    observatory.version_publish(actor=None, version=first, acknowledged=True)
    return World(dataset, applicant.memberships.get().organisation)


def _file() -> io.BytesIO:
    upload = io.BytesIO(CSV)
    upload.name = "new.csv"
    return upload


def _status(world: World, number: int) -> str:
    return world.dataset.versions.get(number=number).status


Action = Callable[[Client, World], tuple[HttpResponse, Callable[[], bool]]]


def upload_page(client: Client, world: World) -> tuple[HttpResponse, Callable[[], bool]]:
    before = world.dataset.versions.count()
    response = client.post("/en/observatory/datasets/labour/upload/", {"file": _file()})
    return response, lambda: world.dataset.versions.count() == before + 1


def upload_api(client: Client, world: World) -> tuple[HttpResponse, Callable[[], bool]]:
    before = world.dataset.versions.count()
    response = client.post("/api/datasets/labour/versions", {"file": _file()})
    return response, lambda: world.dataset.versions.count() == before + 1


def withdraw_page(client: Client, world: World) -> tuple[HttpResponse, Callable[[], bool]]:
    response = client.post("/en/observatory/datasets/labour/v1/withdraw/")
    return response, lambda: _status(world, 1) == DatasetVersion.Status.WITHDRAWN


def publish_page(client: Client, world: World) -> tuple[HttpResponse, Callable[[], bool]]:
    response = client.post("/en/observatory/datasets/labour/v2/publish/", {"acknowledge": "on"})
    return response, lambda: _status(world, 2) == DatasetVersion.Status.PUBLISHED


def publish_api(client: Client, world: World) -> tuple[HttpResponse, Callable[[], bool]]:
    response = client.post("/api/datasets/labour/versions/3/publish?acknowledge_warnings=true")
    return response, lambda: _status(world, 3) == DatasetVersion.Status.PUBLISHED


def build_index(client: Client, world: World) -> tuple[HttpResponse, Callable[[], bool]]:
    # Without data the build fails with its reason (the 422 error page): what matters here
    # is who may try.
    before = IndexEdition.objects.count()
    response = client.post("/en/competitiveness/editions/build/")
    refused = response.status_code == 403
    return response, lambda: not refused and IndexEdition.objects.count() >= before


def edit_organisation(client: Client, world: World) -> tuple[HttpResponse, Callable[[], bool]]:
    response = client.post(
        f"/en/me/organisations/{world.other_organisation.pk}/",
        {"name": "Renamed by staff", "ice": "", "website": "", "description": ""},
    )
    return response, lambda: Organisation.objects.filter(name="Renamed by staff").exists()


def add_parameter_value(client: Client, world: World) -> tuple[HttpResponse, Callable[[], bool]]:
    response = client.post(
        f"/en/incentives/parameters/{PARAMETER}/values/",
        {"start": "2007-01-01", "value": "4000", "reference": "X", "confidence": "official"},
    )
    return response, ParameterValueChange.objects.exists


ACTIONS: dict[str, Action] = {
    "upload (page)": upload_page,
    "upload (API)": upload_api,
    "withdraw (page)": withdraw_page,
    "publish (page)": publish_page,
    "publish (API)": publish_api,
    "build an index edition": build_index,
    "edit another organisation": edit_organisation,
    "add a legal parameter value": add_parameter_value,
}
DATA_ACTIONS = {k for k in ACTIONS if k.split(" (")[0] in {"upload", "withdraw", "publish"}}
ALLOWED = {
    "administrator": set(ACTIONS),
    "analyst": DATA_ACTIONS | {"build an index edition"},
    "reviewer": set(),
}
STATES = ["without TOTP", "TOTP, session not confirmed", "confirmed session"]
# Actions a permitted user may try and see refused for another reason (here: no cost data).
TRIED = {"build an index edition": (422,)}


def _enter(client: Client, user: User, state: str) -> None:
    if state == "confirmed session":
        sign_in_with_totp(client, user)
        return
    if state == "TOTP, session not confirmed":
        TOTP.activate(user, generate_totp_secret())
    client.force_login(user)  # a password-only session


def _check_refusal(name: str, response: HttpResponse, confirmed: bool) -> None:
    assert response.status_code == 403, (name, response.status_code)
    if name.endswith("(API)"):
        expected = "permission_denied" if confirmed else "second_factor_required"
        assert response.json()["code"] == expected, name
    else:
        assert (SECOND_FACTOR_PAGE in response.content.decode()) is not confirmed, name


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_it_lets_staff_act_only_in_a_confirmed_session(
    request: pytest.FixtureRequest, client: Client, world: World, role: str, state: str
) -> None:
    user: User = request.getfixturevalue(role)
    _enter(client, user, state)
    confirmed = state == "confirmed session"
    for name, action in ACTIONS.items():
        response, done = action(client, world)
        if confirmed and name in ALLOWED[role]:
            allowed = (200, 201, 302, *TRIED.get(name, ()))
            assert response.status_code in allowed, (name, response.status_code)
            assert done(), name
        else:
            _check_refusal(name, response, confirmed)
            assert not done(), name


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_it_opens_the_back_office_to_confirmed_staff_sessions_only(
    request: pytest.FixtureRequest, client: Client, reference: None, role: str, state: str
) -> None:
    user: User = request.getfixturevalue(role)
    _enter(client, user, state)
    response = client.get("/en/me/back-office/")
    if state == "confirmed session":
        assert response.status_code == 200
    else:  # sent to set up TOTP or to confirm the session, then back
        assert response.status_code == 302
        assert "/accounts/2fa/" in response["Location"]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_it_opens_the_admin_to_confirmed_administrators_only(
    request: pytest.FixtureRequest, client: Client, reference: None, role: str, state: str
) -> None:
    user: User = request.getfixturevalue(role)
    _enter(client, user, state)
    response = client.get("/en/admin/", follow=True)
    if role != "administrator":  # the admin is not theirs: a clear 403, no loop
        assert response.status_code == 403
        assert "administration is reserved for the programme" in response.content.decode()
    elif state == "confirmed session":
        assert response.status_code == 200
        assert not response.redirect_chain
    else:  # sent to set up TOTP or to confirm the session
        assert any("/accounts/2fa/" in url for url, _ in response.redirect_chain)


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_it_shows_unconfirmed_staff_a_banner_on_every_page(
    request: pytest.FixtureRequest, client: Client, reference: None, role: str
) -> None:
    user: User = request.getfixturevalue(role)
    client.force_login(user)
    html = client.get("/en/regions/").content.decode()
    assert "Your staff role is inactive in this session" in html
    assert "/en/accounts/2fa/totp/activate/" in html
    TOTP.activate(user, generate_totp_secret())
    html = client.get("/en/regions/").content.decode()
    assert "/en/accounts/2fa/reauthenticate/?next=%2Fen%2Fregions%2F" in html


def test_it_shows_no_banner_to_confirmed_staff_or_to_members(
    client: Client, reference: None, analyst: User, applicant: User
) -> None:
    sign_in_with_totp(client, analyst)
    assert "staff role is inactive" not in client.get("/en/regions/").content.decode()
    client.force_login(applicant)
    assert "staff role is inactive" not in client.get("/en/regions/").content.decode()
