"""Every API operation, fuzzed by schemathesis as each persona: no 5xx, no contract failure.

Bounded for CI (``JIHA_FUZZ_EXAMPLES`` cases per operation, mode and persona; 5 by default,
the same cases every run); ``bench/fuzz_api.py`` runs the long form by hand (more cases, new
ones each run: ``JIHA_FUZZ_RANDOM=1``). Operations come from the published OpenAPI
document, so new routers are covered without touching this file.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client

from conftest import force_login_confirmed
from jiha.accounts.models import OrganisationKind, Role, User
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.services import observatory_reference_load
from tests.security.access import PERSONAS, STAFF
from tests.security.fuzzing import Report, fuzz, load_schema

pytestmark = pytest.mark.django_db(transaction=False)

MAX_EXAMPLES = int(os.environ.get("JIHA_FUZZ_EXAMPLES", "5"))
RANDOM = os.environ.get("JIHA_FUZZ_RANDOM") == "1"
# Only these operations ("GET /api/observations,POST /api/incentives/simulate"), to dig into one.
ONLY = [label for label in os.environ.get("JIHA_FUZZ_OPERATIONS", "").split(",") if label]
# The personas fuzzed (all by default); `.ci/run` fuzzes all of them on SQLite and three on
# PostgreSQL, where the same schema and code answer more slowly (the CI time budget).
FUZZED = [
    p for p in os.environ.get("JIHA_FUZZ_PERSONAS", ",".join(PERSONAS)).split(",") if p in PERSONAS
]
# Rate limits would answer 429 to a fuzzer (documented, but it would hide everything after).
UNLIMITED = {"JIHA_SIMULATE_RATE": "100000/m", "JIHA_SIMULATION_BATCH_RATE": "100000/m"}


@pytest.fixture
def personas(
    make_member: Callable[..., User],
    applicant: User,
    other_applicant: User,
    officer: User,
    analyst: User,
    reviewer: User,
    administrator: User,
) -> dict[str, User]:
    observatory_reference_load()
    demo_costs_create()
    return {
        "candidate": User.objects.create_user("cand@example.ma", "x"),
        "applicant_a": applicant,
        "applicant_b": other_applicant,
        "provider": make_member(
            "prof@academy.example", OrganisationKind.TRAINING_PROVIDER, Role.TRAINING_PROVIDER
        ),
        "officer": officer,
        "analyst": analyst,
        "reviewer": reviewer,
        "administrator": administrator,
    }


def _client(persona: str, users: dict[str, User]) -> Client | None:
    user = users.get(persona)
    if user is None:
        return None
    client = Client()
    if persona in STAFF:
        force_login_confirmed(client, user)
    else:
        client.force_login(user)
    return client


@pytest.mark.parametrize("persona", FUZZED)
def test_it_answers_every_fuzzed_request_as_its_schema_says(
    persona: str, personas: dict[str, User], settings: object
) -> None:
    for name, value in UNLIMITED.items():
        setattr(settings, name, value)
    schema = load_schema(WSGIHandler())
    report = Report()
    fuzz(
        schema,
        persona,
        _client(persona, personas),
        max_examples=MAX_EXAMPLES,
        report=report,
        before_each=cache.clear,
        derandomize=not RANDOM,
        operations=ONLY or None,
    )
    print(f"\nFUZZ {persona}: {report.summary()}")  # read by bench/fuzz_api.py
    assert report.cases > 0
    assert report.server_errors == 0 and not report.findings, report.summary()


def test_it_reports_a_server_error_and_an_undocumented_answer(
    reference: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The harness itself: a planted bug is found, not silently passed."""
    from jiha.regions import selectors

    def broken() -> None:
        raise RuntimeError("planted")

    monkeypatch.setattr(selectors, "region_list", broken)
    report = Report()
    fuzz(
        load_schema(WSGIHandler()),
        "anonymous",
        None,
        max_examples=3,
        report=report,
        operations=["GET /api/regions"],
    )
    assert report.server_errors > 0
    assert {f.operation for f in report.findings} == {"GET /api/regions"}
