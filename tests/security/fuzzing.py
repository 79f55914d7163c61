"""API fuzzing with schemathesis, in-process through the WSGI application.

The published OpenAPI document (``/api/openapi.json``) is the only input: every operation of
every router, today's and tomorrow's, is fuzzed with no list to keep up to date. Each case is
sent as one persona (anonymous, or a signed-in session with its CSRF token; staff sessions are
confirmed with TOTP) and its answer goes through every schemathesis check that judges a single
answer: no 5xx, a documented status, content type and headers, the documented body, invalid
requests refused and valid ones accepted, an authentication that is not ignored.

``test_api_fuzzing.py`` runs a bounded form in CI; ``bench/fuzz_api.py`` the long one. Both
use :func:`fuzz`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string  # type: ignore[attr-defined]
from django.test import Client
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Config, GenerationMode, openapi
from schemathesis.checks import CHECKS, load_all_checks

OPENAPI_PATH = "/api/openapi.json"
CSRF_TOKEN = _get_new_csrf_string()

# Checks that need a whole run's history (use_after_free, ensure_resource_availability,
# object_level_authorization: the stateful phase) are the long run's; the others judge each
# answer and all of them run here.
RUN_SCOPED = {"use_after_free", "ensure_resource_availability", "object_level_authorization"}


# A request the schema allows may still be refused for a rule JSON Schema cannot state: one
# that compares two fields, or that needs the reference data or the state of the database.
# Each such refusal has its own code, listed here with the reason; any other 4xx answer to a
# schema-valid request is a contract failure (a bound the schema should declare).
SEMANTIC_REFUSALS = {
    "years_reversed": "first_year ≤ last_year compares two fields",
    "years_before_legislation": "the years the rules in force cover depend on the parameter "
    "values administrators set",
    "years_after_last_payment": "the same: the parameters in force",
    "years_not_covered": "the same: the parameters in force",
    "no_headcount": "at least one headcount above 0: a sum over a map",
    "invalid_cursor": "an opaque token that only the previous page gives",
    "unknown_province": "the province must be one of the region's (reference data)",
    "unknown_training_group": "a training names an employees entry by its index",
    "invalid_file": "the uploaded file's content is checked cell by cell",
    "publication_refused": "what a publication needs depends on the stored versions",
    # 400: refused for every string of every request by jiha.lib.middleware (PostgreSQL cannot
    # store it); a pattern on every string field of every schema would be the only other way.
    "nul_character": "a NUL character is never valid",
    # The procedure, programme and talent apps (issues 12–14).
    "unknown_scheme": "the schemes are the catalogue's rows (data administrators load)",
    "bad_parameter": "a reform changes a numeric parameter of the law in force (dated data)",
    "empty_batch": "a payment batch needs approved dossiers (the state of stored dossiers)",
    "occupation": "the occupations are the taxonomy's rows (data administrators edit)",
    "schemes": "a programme's schemes are the vocabulary's rows (data, like the catalogue)",
    "unknown_skills": "the skills are the taxonomy's rows (data administrators edit)",
    "region": "a region, or remote: one of two fields must be given",
    "consent": "a profile is kept only with the person's explicit consent, given each time",
    "not_a_reviewer": "the instructor must be a reviewer (the roles of stored accounts)",
    "unknown_dossier": "a batch names stored dossiers by id",
    "bad_amount": "the bonus's ceiling is a setting, not a constant of the schema",
    "bad_regions": "a reform's regions are reference data (the regions table), at least one",
}
# A request over a work bound (413: a sum of counts over the entries) is a refusal the
# schema cannot state either; it is a right answer to valid and to invalid data.
CONFIG = {
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "413", "429"]
        },
        "negative_data_rejection": {
            "expected-statuses": [
                "400",
                "401",
                "403",
                "404",
                "405",
                "406",
                "409",
                "413",
                "415",
                "422",
                "428",
                "429",
            ]
        },
    }
}


def all_checks() -> list[Any]:
    load_all_checks()
    return [check for check in CHECKS.get_all() if check.__name__ not in RUN_SCOPED]


def _semantic_refusal(response: Any) -> bool:
    if response.status_code not in (400, 422):
        return False
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, dict) and body.get("code") in SEMANTIC_REFUSALS


@dataclass
class Finding:
    persona: str
    operation: str
    mode: str
    message: str


@dataclass
class Report:
    cases: int = 0
    server_errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        statuses = dict(sorted(self.statuses.items()))
        lines = [
            f"{self.cases} cases in {self.seconds:.1f} s, {self.server_errors} server errors, "
            f"{len(self.findings)} failing operations; statuses {statuses}"
        ]
        lines += [
            f"- [{f.persona}] {f.operation} ({f.mode}): {f.message[:1500]}" for f in self.findings
        ]
        return "\n".join(lines)


def session_cookies(client: Client | None) -> tuple[dict[str, str], dict[str, str]]:
    """Cookies and headers that make a request come from ``client``'s session (with CSRF)."""
    cookies = {settings.CSRF_COOKIE_NAME: CSRF_TOKEN}
    headers = {"X-CSRFToken": CSRF_TOKEN, "Accept-Language": "fr"}
    if client is not None:
        cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies, headers


def load_schema(app: Callable[..., Any]) -> Any:
    with connections_kept():
        return openapi.from_wsgi(OPENAPI_PATH, app, config=Config.from_dict(CONFIG))


@contextmanager
def connections_kept() -> Iterator[None]:
    """Keep the test's database connection across requests, as Django's test client does (the
    WSGI handler would close it at the end of each request: the test's transaction with it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(
    schema: Any,
    persona: str,
    client: Client | None,
    *,
    max_examples: int,
    report: Report,
    operations: Iterable[str] | None = None,
    before_each: Callable[[], None] | None = None,
    derandomize: bool = True,
) -> None:
    """Fuzz every operation of ``schema`` as ``persona``, positive and negative cases, adding
    what was found to ``report`` (a failure stops that operation and mode, not the run)."""
    cookies, headers = session_cookies(client)
    checks = all_checks()
    if cookies:
        # A signed-in persona carries its session cookie outside the schema's security schemes
        # (bearer token, session cookie): schemathesis' "ignored authentication" check strips
        # the credential it knows of and expects a 401, which the cookie rightly prevents. The
        # anonymous run keeps the check, and the role matrix covers every operation unsigned.
        checks = [c for c in checks if c.__name__ != "ignored_auth"]
    without_acceptance = [c for c in checks if c.__name__ != "positive_data_acceptance"]
    started = time.monotonic()
    wanted = set(operations) if operations is not None else None
    for result in schema.get_all_operations():
        operation = result.ok()
        label = operation.label
        if wanted is not None and label not in wanted:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode, cookies=cookies, headers=headers)

            @given(case=strategy)
            @hypothesis_settings(
                max_examples=max_examples,
                deadline=None,
                database=None,
                derandomize=derandomize,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def run(case: Any) -> None:
                if before_each is not None:
                    before_each()
                response = case.call()
                report.cases += 1
                report.statuses[response.status_code] = (
                    report.statuses.get(response.status_code, 0) + 1
                )
                if response.status_code >= 500:
                    report.server_errors += 1
                case.validate_response(
                    response,
                    checks=without_acceptance if _semantic_refusal(response) else checks,
                )

            try:
                with connections_kept():
                    run()
            except Unsatisfiable:  # no invalid request exists (no parameter, no body)
                continue
            except (
                Exception,
                BaseExceptionGroup,
            ) as exc:  # every check's failure: recorded, the run goes on
                report.findings.append(Finding(persona, label, mode.value, str(exc)))
    report.seconds += time.monotonic() - started
