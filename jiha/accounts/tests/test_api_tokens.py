"""API tokens: hashed at rest, shown once, scoped to an organisation and to read or write,
expiring, revocable, never carrying staff powers, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from conftest import force_login_confirmed
from jiha.accounts import services
from jiha.accounts.models import ApiToken, Membership, OrganisationKind, Role, User
from jiha.audit.models import AuditEntry
from jiha.lib.errors import InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db


def _in(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _token(user: User, scope: str = ApiToken.Scope.READ, days: int = 30) -> tuple[ApiToken, str]:
    organisation = user.memberships.get().organisation
    return services.api_token_create(
        actor=user, organisation=organisation, name="ERP", scope=scope, expires_on=_in(days)
    )


def _bearer(text: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {text}"}


def test_it_stores_only_a_hash_of_the_secret(applicant: User) -> None:
    token, text = _token(applicant)
    stored = ApiToken.objects.get(pk=token.pk)
    secret = text.split("_", 2)[2]  # the secret itself may contain "_"
    assert text.startswith(f"jiha_{stored.prefix}_")
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(
        ApiToken.objects.filter(pk=token.pk).values().get()
    )  # the text is nowhere in the row


def test_it_authenticates_a_bearer_token_and_records_its_last_use(applicant: User) -> None:
    token, text = _token(applicant)
    response = Client().get("/api/accounts/me", headers=_bearer(text))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["scope"] == "read"
    assert body["organisation"] == token.organisation_id
    assert body["roles"] == [Role.APPLICANT]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("text", ["", "jiha_", "jiha_abc_def", "not-a-token"])
def test_it_refuses_an_unknown_token_with_401(applicant: User, text: str) -> None:
    response = Client().get("/api/accounts/me", headers=_bearer(text))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_it_refuses_a_token_with_the_right_prefix_and_a_wrong_secret(applicant: User) -> None:
    _token_row, text = _token(applicant)
    response = Client().get("/api/accounts/me", headers=_bearer(text[:-4] + "!!!!"))
    assert response.status_code == 401


def test_it_refuses_an_expired_token(applicant: User) -> None:
    token, text = _token(applicant)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert Client().get("/api/accounts/me", headers=_bearer(text)).status_code == 401


def test_it_refuses_a_revoked_token_and_audits_the_revocation(applicant: User) -> None:
    token, text = _token(applicant)
    services.api_token_revoke(actor=applicant, token=token)
    assert Client().get("/api/accounts/me", headers=_bearer(text)).status_code == 401
    actions = list(
        AuditEntry.objects.filter(object_id=str(token.pk)).values_list("action", flat=True)
    )
    assert actions == ["api_token.create", "api_token.revoke"]


def test_it_refuses_writes_with_a_read_token(applicant: User) -> None:
    _row, text = _token(applicant, ApiToken.Scope.READ)
    response = Client().post(
        "/api/incentives/simulations", "{}", content_type="application/json", headers=_bearer(text)
    )
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"


def test_it_lets_a_write_token_reach_a_write_operation(applicant: User) -> None:
    _row, text = _token(applicant, ApiToken.Scope.READ_WRITE)
    response = Client().post(
        "/api/incentives/simulations", "{}", content_type="application/json", headers=_bearer(text)
    )
    assert response.status_code == 422  # past authentication: the empty body is refused


def test_it_keeps_a_token_to_its_organisation(
    applicant: User, other_applicant: User, make_member: Callable[..., User]
) -> None:
    # Alice also belongs to Bob's company, but her token is for her own.
    company_b = other_applicant.memberships.get().organisation
    Membership.objects.create(user=applicant, organisation=company_b, role=Role.APPLICANT)
    company_a = applicant.memberships.exclude(organisation=company_b).get().organisation
    _row, text = services.api_token_create(
        actor=applicant, organisation=company_a, name="A", scope="read", expires_on=_in(5)
    )
    client = Client()
    own = client.get(f"/api/accounts/organisations/{company_a.pk}", headers=_bearer(text))
    other = client.get(f"/api/accounts/organisations/{company_b.pk}", headers=_bearer(text))
    assert own.status_code == 200
    assert other.status_code == 404
    # The same user in a browser session sees both.
    client.force_login(applicant)
    assert client.get(f"/api/accounts/organisations/{company_b.pk}").status_code == 200


def test_it_refuses_tokens_for_staff_roles(administrator: User) -> None:
    with pytest.raises(PermissionDenied) as refusal:
        _token(administrator)
    assert refusal.value.code == "staff_token_refused"
    assert not ApiToken.objects.exists()


def test_it_gives_a_token_no_staff_powers_even_for_a_superuser_member(
    make_member: Callable[..., User],
) -> None:
    officer = make_member(
        "sara@antenna.example", OrganisationKind.REGIONAL_ANTENNA, Role.REGIONAL_OFFICER, "MA-03"
    )
    User.objects.filter(pk=officer.pk).update(is_superuser=True, is_staff=True)
    officer.refresh_from_db()
    _row, text = _token(officer)
    body = Client().get("/api/accounts/me", headers=_bearer(text)).json()
    assert body["roles"] == [Role.REGIONAL_OFFICER]
    other = make_member("zed@zed.example", OrganisationKind.COMPANY, Role.APPLICANT, "MA-01")
    company = other.memberships.get().organisation_id
    response = Client().get(f"/api/accounts/organisations/{company}", headers=_bearer(text))
    assert response.status_code == 404  # the superuser short-cut stays dormant


@pytest.mark.parametrize("days", [0, -1, 366])
def test_it_requires_an_expiry_within_the_maximum(applicant: User, days: int) -> None:
    with pytest.raises(InvalidInput):
        _token(applicant, days=days)


def test_it_refuses_a_non_member(applicant: User, other_applicant: User) -> None:
    with pytest.raises(PermissionDenied):
        services.api_token_create(
            actor=other_applicant,
            organisation=applicant.memberships.get().organisation,
            name="x",
            scope="read",
            expires_on=_in(3),
        )


def test_it_shows_the_token_once_on_the_page_and_lists_it_after(applicant: User) -> None:
    client = Client()
    client.force_login(applicant)
    organisation = applicant.memberships.get().organisation
    response = client.post(
        "/me/api-tokens/",
        {
            "organisation": organisation.pk,
            "name": "ERP",
            "scope": "read_write",
            "expires_on": _in(10).isoformat(),
        },
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert f"jiha_{token.prefix}_" in response.content.decode()
    again = client.get("/me/api-tokens/").content.decode()
    assert f"jiha_{token.prefix}_…" in again
    assert response.context["created_text"] not in again


def test_it_refuses_a_bad_expiry_on_the_page_with_a_message(applicant: User) -> None:
    client = Client()
    client.force_login(applicant)
    response = client.post(
        "/me/api-tokens/",
        {
            "organisation": applicant.memberships.get().organisation_id,
            "name": "ERP",
            "scope": "read",
            "expires_on": _in(4000).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def test_it_lets_another_member_revoke_but_not_an_outsider(
    applicant: User, other_applicant: User, analyst: User
) -> None:
    token, _text = _token(applicant)
    outsider = Client()
    outsider.force_login(other_applicant)
    assert outsider.post(f"/me/api-tokens/{token.pk}/revoke/").status_code == 404
    staff = Client()
    force_login_confirmed(staff, analyst)
    assert staff.post(f"/me/api-tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    owner = Client()
    owner.force_login(applicant)
    assert owner.post(f"/me/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_documents_the_bearer_scheme_in_openapi() -> None:
    schema = Client().get("/api/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    me = schema["paths"]["/api/accounts/me"]["get"]
    assert len(me["security"]) == 2


@pytest.mark.parametrize("header", ["Bearer jiha_nope_nope", "Basic YTpi", "Bearer"])
def test_it_refuses_a_bad_authorization_header_even_with_a_session(
    client: Client, applicant: User, header: str
) -> None:
    client.force_login(applicant)
    assert client.get("/api/accounts/me").status_code == 200
    refused = client.get("/api/accounts/me", HTTP_AUTHORIZATION=header)
    assert refused.status_code == 401 and refused.json()["code"] == "not_authenticated"
