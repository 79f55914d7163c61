"""Every page and API operation, for every persona, answers as the access table says
(``access.py``): allowed personas get through, every other one is refused. Object-level cases
included: company B never reaches company A's organisation or simulation job."""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import re
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import force_login_confirmed
from jiha.accounts.models import OrganisationKind, Role, User
from jiha.competitiveness import engine_io as competitiveness_io
from jiha.competitiveness.services import edition_build
from jiha.incentives.models import SimulationJob
from jiha.observatory import services as observatory
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.models import Dataset, ImportJob
from jiha.observatory.services import observatory_reference_load
from jiha.programme.services import programme_reference_load
from jiha.regions.models import Confidence
from jiha.talent.services import taxonomy_load
from tests.security import access as foundation
from tests.security.access import PERSONAS, STAFF, Access

pytestmark = pytest.mark.django_db

CSV = b"indicator,territory,period,value\npopulation,MA-03,2024,1\n"
DENIED_PAGES = ("/accounts/login/", "/accounts/2fa/", "/accounts/reauthenticate/")


def _areas() -> list[ModuleType]:
    """The access_<area>.py modules next to access.py."""
    return [
        importlib.import_module(f"tests.security.{info.name}")
        for info in pkgutil.iter_modules([str(Path(foundation.__file__).parent)])
        if info.name.startswith("access_")
    ]


def _table() -> dict[str, Access]:
    table = dict(foundation.ROWS)
    for area in _areas():
        twice = set(table) & set(area.ROWS)
        assert not twice, f"{area.__name__} repeats rows: {sorted(twice)}"
        table.update(area.ROWS)
    return table


TABLE = _table()


def route_names() -> set[str]:
    """Every named URL pattern: pages, allauth's flows, and each API operation."""

    def walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield f"{namespace}{pattern.name}"

    return {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}


def test_every_route_has_a_row_in_the_access_table() -> None:
    names = route_names() | {"admin:index"}
    assert sorted(names - set(TABLE)) == [], (
        "add a row to tests/security/access.py or access_<area>.py"
    )
    assert sorted(set(TABLE) - names) == [], "remove the rows of routes that no longer exist"


@dataclass
class World:
    users: dict[str, User]
    values: dict[str, object]
    cached: dict[str, object]  # what the cache must hold (refused uploads' error reports)

    def reset_cache(self) -> None:
        """Empty the cache (rate-limit counters: each request is judged on its own), then put
        back what the world keeps there."""
        cache.clear()
        cache.set_many(self.cached)


def _small(framework: dict[str, Any]) -> dict[str, Any]:
    return {
        **framework,
        "uncertainty": {**framework["uncertainty"], "replications": 50, "sobol_n": 16},
    }


@pytest.fixture
def world(
    make_member: Callable[..., User],
    applicant: User,
    other_applicant: User,
    officer: User,
    analyst: User,
    reviewer: User,
    administrator: User,
    monkeypatch: pytest.MonkeyPatch,
) -> World:
    users = {
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
    observatory_reference_load()
    # The workstreams come with a data migration, which a transactional test before this one
    # (a browser test: the accessibility run uses this world) may have flushed.
    programme_reference_load()
    taxonomy_load()  # the talent taxonomy too (a data migration's rows)
    demo_costs_create()
    original = competitiveness_io.load_framework
    monkeypatch.setattr(competitiveness_io, "load_framework", lambda c: _small(original(c)))
    edition = edition_build(actor=None)
    dataset = Dataset.objects.create(
        slug="matrix",
        title_fr="M",
        title_ar="M",
        title_en="M",
        publisher="x",
        licence="x",
        theme="labour",
        confidence=Confidence.OFFICIAL,
    )
    for _ in range(2):
        observatory.dataset_import(
            observatory.ImportRequest(dataset=dataset, source=CSV, file_name="m.csv")
        )
    observatory.version_publish(
        actor=None, version=dataset.versions.get(number=1), acknowledged=True
    )
    job = ImportJob.objects.create(
        dataset=dataset,
        stored_file="imports/x.upload",
        file_name="x.csv",
        created_by=analyst,
        error_report=b"row,column,message\n",
    )
    key = secrets.token_urlsafe(8)
    report = {"user": analyst.pk, "dataset": dataset.pk, "csv": b"e"}
    simulation = SimulationJob.objects.create(owner=applicant, request="{}")
    values = {
        "company_a": applicant.memberships.get().organisation_id,
        "dataset": dataset.slug,
        "import_job": job.pk,
        "report_key": key,
        "edition": edition.pk,
        "parameter": "offer_2025.employment_bonus.rate",
        "simulation_job": simulation.pk,
    }
    world = World(users, values, cached={f"import-report:{key}": report})
    for area in _areas():
        if hasattr(area, "populate"):
            area.populate(world)
    return world


def _client(world: World, persona: str) -> Client:
    client = Client()
    user = world.users.get(persona)
    if user is not None and persona in STAFF:
        force_login_confirmed(client, user)
    elif user is not None:
        client.force_login(user)
    return client


def _send(client: Client, access: Access, path: str) -> HttpResponse:
    if access.method == "GET":
        return client.get(path, follow=True)
    if access.json:  # POST, PUT, …
        return getattr(client, access.method.lower())(
            path, json.dumps(access.data), content_type="application/json", follow=True
        )
    files = {name: _named(content, name) for name, content in access.files.items()}
    return client.post(path, {**access.data, **files}, follow=True)


def _named(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = f"{name}.csv"
    return upload


def allowed(response: HttpResponse) -> bool:
    """Did the gate let the request through? Redirects are followed: one to the login or the
    second-factor pages, or a final 401/403/404, is a refusal."""
    hops = [url for url, _status in getattr(response, "redirect_chain", [])]
    # A client whose language cookie says Arabic or English is sent to /ar/… or /en/… first.
    paths = [re.sub(r"^/(ar|en)/", "/", urlsplit(url).path) for url in hops]
    if any(path.startswith(DENIED_PAGES) for path in paths):
        return False
    return response.status_code not in (401, 403, 404)


class _Rollback(Exception):
    pass


def outcome(client: Client, access: Access, path: str) -> tuple[bool, int]:
    """Send the request in a savepoint rolled back afterwards: each request sees the world."""
    result: list[HttpResponse] = []
    try:
        with transaction.atomic():
            result.append(_send(client, access, path))
            raise _Rollback
    except _Rollback:
        pass
    return allowed(result[0]), result[0].status_code


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_exactly_what_the_table_allows(world: World, persona: str) -> None:
    client = _client(world, persona)
    wrong = []
    for name, access in sorted(TABLE.items()):
        if persona not in access.checked:
            continue
        path = access.path.format(**world.values)
        world.reset_cache()
        got, status = outcome(client, access, path)
        expected = persona in access.allowed
        if got != expected:
            verdict = "allowed" if got else "refused"
            wrong.append(
                f"{name} {access.method} {path}: {verdict} ({status}), table says the opposite"
            )
    assert not wrong, "\n".join(wrong)
