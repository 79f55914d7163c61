"""Who may do what: the role × endpoint table every page and API operation must have a row in.

``test_role_matrix.py`` enumerates every URL pattern (pages and API operations) and, for each
persona, requests it and compares what happened with this table. A URL without a row fails the
test, so a new endpoint cannot ship without someone deciding who may use it.

The rows of the foundation's routes are here (``ROWS``); each later area keeps its own rows in
``access_<area>.py`` next to this file: a ``ROWS`` dict, and a ``populate(world)`` function
that adds the objects its addresses need (``world.values`` fills the ``{placeholders}``).

A row gives the method and the address (``{name}`` placeholders are filled from the test's
world: objects of company A, a published and a draft version, …) and the personas **allowed**;
every other persona must be **denied** (401, 403, 404 for an object they may not know of, or a
redirect to the login or second-factor pages). "Allowed" means the gate let the request through:
any other answer, including 400/422 for the empty body the test sends, counts as allowed.
Staff personas (analyst, reviewer, administrator) act in a session confirmed with TOTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERSONAS = (
    "anonymous",
    "candidate",
    "applicant_a",
    "applicant_b",
    "provider",
    "officer",
    "analyst",
    "reviewer",
    "administrator",
)
EVERYONE = frozenset(PERSONAS)
SIGNED_IN = EVERYONE - {"anonymous"}
PROGRAMME = frozenset({"analyst", "administrator"})
STAFF = frozenset({"analyst", "reviewer", "administrator"})
ADMIN = frozenset({"administrator"})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Access:
    path: str
    allowed: frozenset[str]
    method: str = "GET"
    data: dict[str, object] = field(default_factory=dict)
    json: bool = False  # send ``data`` as a JSON body (API operations)
    # Files to send (multipart), as bytes: a real file lets the request reach the permission
    # check that follows the validation of the form.
    files: dict[str, bytes] = field(default_factory=dict)
    # The personas whose outcome is checked (all by default).
    checked: frozenset[str] = EVERYONE
    note: str = ""


def flow(path: str, allowed: frozenset[str], **options: object) -> Access:
    """A route of allauth's own flows: only the anonymous visitor's outcome is checked (signed-in
    personas meet allauth's redirects between its steps, which are its behaviour, not ours)."""
    return Access(path, allowed, checked=frozenset({"anonymous"}), **options)  # type: ignore[arg-type]


UPLOAD = b"indicator,territory,period,value\npopulation,MA-03,2024,2\n"


# Routes of the framework and of allauth that are the same for every project: their behaviour
# is allauth's (tested there); they are listed so that a new one still needs a decision.
ACCOUNT_FLOWS = {
    "account_login": flow("/accounts/login/", EVERYONE),
    "account_logout": flow("/accounts/logout/", EVERYONE),
    "account_inactive": flow("/accounts/inactive/", EVERYONE),
    "account_signup": flow("/accounts/signup/", EVERYONE),
    "account_reauthenticate": flow("/accounts/reauthenticate/", SIGNED_IN),
    # Sign-in by e-mailed code is off: these only redirect.
    "account_request_reauthentication_code": flow("/accounts/reauthenticate/code/", NOBODY),
    "account_confirm_reauthentication_code": flow("/accounts/reauthenticate/code/confirm/", NOBODY),
    "account_confirm_login_code": flow("/accounts/login/code/confirm/", NOBODY),
    "account_email": flow("/accounts/email/", SIGNED_IN),
    "account_email_verification_sent": flow("/accounts/confirm-email/", EVERYONE),
    "account_change_password": flow("/accounts/password/change/", SIGNED_IN),
    "account_set_password": flow("/accounts/password/set/", SIGNED_IN),
    "account_reset_password": flow("/accounts/password/reset/", EVERYONE),
    "account_confirm_email": flow("/accounts/confirm-email/not-a-key/", EVERYONE),
    "account_reset_password_from_key_done": flow("/accounts/password/reset/key/done/", EVERYONE),
    "account_reset_password_from_key": flow("/accounts/password/reset/key/1-bad/", EVERYONE),
    "account_reset_password_done": flow("/accounts/password/reset/done/", EVERYONE),
    "mfa_index": flow("/accounts/2fa/", SIGNED_IN),
    "mfa_authenticate": flow("/accounts/2fa/authenticate/", NOBODY, note="only mid-login"),
    "mfa_reauthenticate": flow("/accounts/2fa/reauthenticate/", SIGNED_IN),
    "mfa_activate_totp": flow("/accounts/2fa/totp/activate/", SIGNED_IN),
    "mfa_deactivate_totp": flow("/accounts/2fa/totp/deactivate/", STAFF),
    "mfa_view_recovery_codes": flow("/accounts/2fa/recovery-codes/", STAFF),
    "mfa_generate_recovery_codes": flow("/accounts/2fa/recovery-codes/generate/", STAFF),
    "mfa_download_recovery_codes": flow("/accounts/2fa/recovery-codes/download/", STAFF),
    "set_language": Access("/i18n/setlang/", EVERYONE, method="POST", data={"language": "ar"}),
}

ROWS: dict[str, Access] = {
    **ACCOUNT_FLOWS,
    # --- Portal, reference geography, health ------------------------------------------------
    "healthz": Access("/healthz", EVERYONE),
    "portal:home": Access("/", EVERYONE),
    "regions:list": Access("/regions/", EVERYONE),
    "regions:detail": Access("/regions/MA-03/", EVERYONE),
    "catalog": Access("/catalog.jsonld", EVERYONE),
    # --- Accounts ----------------------------------------------------------------------------
    "accounts:dashboard": Access("/me/", SIGNED_IN),
    "accounts:organisation": Access(
        "/me/organisations/{company_a}/", frozenset({"applicant_a", "administrator"})
    ),
    "accounts:back_office": Access("/me/back-office/", STAFF),
    "admin:index": Access("/admin/", ADMIN),
    # --- Observatory pages ------------------------------------------------------------------
    "observatory:datasets": Access("/observatory/datasets/", EVERYONE),
    "observatory:dataset": Access("/observatory/datasets/{dataset}/", EVERYONE),
    "observatory:upload": Access(
        "/observatory/datasets/{dataset}/upload/",
        PROGRAMME,
        method="POST",
        files={"file": UPLOAD},
    ),
    "observatory:download": Access("/observatory/datasets/{dataset}/download.csv", EVERYONE),
    "observatory:version": Access("/observatory/datasets/{dataset}/v1/", EVERYONE),
    "observatory:publish": Access(
        "/observatory/datasets/{dataset}/v2/publish/", PROGRAMME, method="POST"
    ),
    "observatory:withdraw": Access(
        "/observatory/datasets/{dataset}/v1/withdraw/", PROGRAMME, method="POST"
    ),
    "observatory:error_report": Access(
        "/observatory/import-reports/{report_key}.csv", PROGRAMME, note="its uploader: analyst"
    ),
    "observatory:import_job": Access("/observatory/import-jobs/{import_job}/", PROGRAMME),
    "observatory:import_job_errors": Access(
        "/observatory/import-jobs/{import_job}/errors.csv", PROGRAMME
    ),
    "observatory:indicators": Access("/observatory/indicators/", EVERYONE),
    "observatory:indicator": Access("/observatory/indicators/population/", EVERYONE),
    "observatory:offshoring": Access("/observatory/offshoring/", EVERYONE),
    "observatory:reports": Access("/observatory/reports/", SIGNED_IN),
    "observatory:report_new": Access(
        "/observatory/reports/new/", frozenset({"applicant_a", "applicant_b"})
    ),
    "observatory:report_template": Access("/observatory/reports/template.xlsx", EVERYONE),
    "observatory:report_publish": Access("/observatory/reports/publish/", ADMIN, method="POST"),
    # --- Competitiveness --------------------------------------------------------------------
    "competitiveness:ranking": Access("/competitiveness/", EVERYONE),
    "competitiveness:scorecard": Access("/competitiveness/regions/MA-03/", EVERYONE),
    "competitiveness:weights": Access("/competitiveness/weights/", EVERYONE),
    "competitiveness:methodology": Access("/competitiveness/methodology/", EVERYONE),
    "competitiveness:download": Access("/competitiveness/editions/{edition}/results.csv", EVERYONE),
    "competitiveness:download_part": Access(
        "/competitiveness/editions/{edition}/uncertainty.csv", EVERYONE
    ),
    "competitiveness:build": Access("/competitiveness/editions/build/", PROGRAMME, method="POST"),
    "competitiveness:advisor": Access("/competitiveness/advisor/", EVERYONE),
    "competitiveness:advisor_pdf": Access(
        "/competitiveness/advisor/report.pdf", EVERYONE, note="422 without a brief"
    ),
    # --- Incentives pages -------------------------------------------------------------------
    "incentives:simulator": Access("/incentives/simulator/", EVERYONE),
    "incentives:parameters": Access("/incentives/parameters/", EVERYONE),
    "incentives:parameter": Access("/incentives/parameters/{parameter}/", EVERYONE),
    "incentives:parameter_add_value": Access(
        "/incentives/parameters/{parameter}/values/",
        ADMIN,
        method="POST",
        data={"start": "2031-01-01", "value": "0.2", "reference": "Test", "confidence": "official"},
    ),
    # --- API ----------------------------------------------------------------------------------
    "api:api-root": Access("/api/", NOBODY, note="a JSON 404 for everyone: no operation there"),
    "api:openapi-json": Access("/api/openapi.json", EVERYONE),
    "api:openapi-view": Access("/api/docs", EVERYONE),
    "api:list_regions": Access("/api/regions", EVERYONE),
    "api:region_boundaries": Access("/api/regions/boundaries", EVERYONE),
    "api:get_region": Access("/api/regions/MA-03", EVERYONE),
    "api:simulate": Access("/api/incentives/simulate", EVERYONE, method="POST", json=True),
    "api:simulation_submit": Access(
        "/api/incentives/simulations", SIGNED_IN, method="POST", json=True
    ),
    "api:incentives_simulation": Access(
        "/api/incentives/simulations/{simulation_job}", frozenset({"applicant_a"})
    ),
    "api:list_editions": Access("/api/competitiveness/editions", EVERYONE),
    "api:get_edition": Access("/api/competitiveness/editions/{edition}", EVERYONE),
    "api:competitiveness_scores": Access(
        "/api/competitiveness/editions/{edition}/scores", EVERYONE
    ),
    "api:advise": Access("/api/competitiveness/advisor", EVERYONE, method="POST", json=True),
    "api:list_parameters": Access("/api/incentives/parameters", EVERYONE),
    "api:get_parameter": Access("/api/incentives/parameters/{parameter}", EVERYONE),
    "api:list_indicators": Access("/api/indicators", EVERYONE),
    "api:list_observations": Access("/api/observations", EVERYONE),
    "api:list_datasets": Access("/api/datasets", EVERYONE),
    "api:get_dataset": Access("/api/datasets/{dataset}", EVERYONE),
    "api:upload_version": Access(
        "/api/datasets/{dataset}/versions", PROGRAMME, method="POST", files={"file": UPLOAD}
    ),
    "api:get_import_job": Access("/api/import-jobs/{import_job}", PROGRAMME),
    "api:publish_version": Access(
        "/api/datasets/{dataset}/versions/2/publish", PROGRAMME, method="POST"
    ),
}
