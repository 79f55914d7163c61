"""The web server killed with SIGKILL in the middle of dossier creations and submissions, then
restarted, several times: every write the server acknowledged is there, and nothing is
half-written (each dossier has its audit entry; each acknowledged submission is submitted with
its own audit entry)."""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import threading
import time
import uuid
from collections import Counter
from typing import Any

import pytest

from tests.reliability.conftest import Live

pytestmark = [
    pytest.mark.reliability,
    # Not yet seen passing: its first run found no acknowledged write (the kills came before
    # the loaded server's first answer; fixed since), the second did not end within 1000 s on the
    # shared machine (2026-12-03). Opt in until it has passed on both databases.
    pytest.mark.skipif(
        os.environ.get("JIHA_RELIABILITY_KILLS") != "1",
        reason="set JIHA_RELIABILITY_KILLS=1 (not yet verified; see the module)",
    ),
]
KILLS = 3
SETUP = """
import datetime as dt, json
from allauth.account.models import EmailAddress
from jiha.accounts import services as accounts
from jiha.accounts.models import ApiToken, OrganisationKind, Role, User
from jiha.incentives.catalogue import catalogue_sync
from jiha.incentives.models import Scheme
from jiha.regions.models import Region
from jiha.regions.services import reference_load
reference_load()
catalogue_sync(Scheme)
user = User.objects.create_user("crash@atlas.example", "not-used-here-1")
EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
company = accounts.organisation_create(
    name="Crash test company (synthetic)", kind=OrganisationKind.COMPANY,
    region=Region.objects.get(code="MA-03"), synthetic=True,
)
accounts.membership_add(user=user, organisation=company, role=Role.APPLICANT)
_row, text = accounts.api_token_create(
    actor=user, organisation=company, name="crash", scope=ApiToken.Scope.READ_WRITE,
    expires_on=dt.date.today() + dt.timedelta(days=2),
)
print(json.dumps(text))
"""
CHECK = """
import json
from jiha.audit.models import AuditEntry
from jiha.incentives.models import Dossier
dossiers = {str(d.pk): [d.state, d.create_key] for d in Dossier.objects.all()}
audited = {}
for action, object_id in AuditEntry.objects.values_list("action", "object_id"):
    audited.setdefault(object_id, []).append(action)
print(json.dumps({"dossiers": dossiers, "audited": audited}))
"""
BODY = {
    "scheme": "employment-bonus-2025",
    "region": "MA-03",
    "period_start": "2027-01-01",
    "period_end": "2027-12-31",
    "data": {
        "hires": [{"profile": "bpo", "gross_annual_salary": "60000", "hire_date": "2025-09-01"}]
    },
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Writer(threading.Thread):
    """Creates and submits dossiers until told to stop; records what the server acknowledged."""

    def __init__(self, port: int, token: str, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.port, self.token, self.stop = port, token, stop
        self.created: dict[str, str] = {}  # dossier id -> idempotency key
        self.submitted: set[str] = set()
        self.statuses: Counter[int] = Counter()

    def _post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            connection.request(
                "POST",
                path,
                body=json.dumps(body),
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {self.token}",
                },
            )
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            connection.close()

    def run(self) -> None:
        while not self.stop.is_set():
            key = uuid.uuid4().hex
            try:
                status, dossier = self._post(
                    "/api/incentives/dossiers", {**BODY, "idempotency_key": key}
                )
                self.statuses[status] += 1
                if status != 201:
                    continue
                self.created[str(dossier["id"])] = key
                status, _ = self._post(
                    f"/api/incentives/dossiers/{dossier['id']}/submit",
                    {"version": dossier["version"], "idempotency_key": key},
                )
                self.statuses[status] += 1
                if status == 200:
                    self.submitted.add(str(dossier["id"]))
            except (OSError, http.client.HTTPException, ValueError):
                time.sleep(0.05)  # the server is down: not acknowledged, try again


def _serve(live: Live, port: int) -> Any:
    server = live.spawn("runserver", "--noreload", f"127.0.0.1:{port}")
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        assert server.poll() is None, "the server exited"
        time.sleep(0.3)
    server.kill()
    raise AssertionError("the server did not start")


def _wait_for_writes(writers: list[Writer], count: int, seconds: float) -> None:
    def acknowledged() -> int:
        return sum(len(writer.created) + len(writer.submitted) for writer in writers)

    target = acknowledged() + count
    deadline = time.monotonic() + seconds
    while acknowledged() < target and time.monotonic() < deadline:
        time.sleep(0.1)


def test_no_acknowledged_write_is_lost_when_the_server_is_killed(live: Live) -> None:
    token = live.shell(SETUP)
    assert isinstance(token, str)
    port = _free_port()
    stop = threading.Event()
    writers = [Writer(port, token, stop) for _ in range(3)]
    server = _serve(live, port)
    for writer in writers:
        writer.start()
    kills = 0
    try:
        for _ in range(KILLS):
            # Killed while writes go on: after a few acknowledged since the (re)start.
            _wait_for_writes(writers, 3, 240)
            time.sleep(random.uniform(0, 1))  # noqa: S311 - when to kill, not a secret
            server.send_signal(signal.SIGKILL)
            server.wait(30)
            kills += 1
            server = _serve(live, port)
        _wait_for_writes(writers, 3, 240)
    finally:
        stop.set()
        for writer in writers:
            writer.join(30)
        server.send_signal(signal.SIGKILL)
        server.wait(30)
    state = live.shell(CHECK)
    assert isinstance(state, dict)
    dossiers, audited = state["dossiers"], state["audited"]
    created = {k: v for writer in writers for k, v in writer.created.items()}
    submitted = set().union(*(writer.submitted for writer in writers))
    statuses = sum((writer.statuses for writer in writers), Counter())
    assert kills == KILLS and created and submitted, statuses
    lost = [d for d, key in created.items() if dossiers.get(d, [None, None])[1] != key]
    assert lost == [], f"{len(lost)} acknowledged dossier(s) lost"
    unsubmitted = [d for d in submitted if dossiers[d][0] != "submitted"]
    assert unsubmitted == [], "acknowledged submissions lost"
    # Nothing half-written: every dossier with its creation entry, every submitted one with
    # its submission entry (one transaction each).
    assert [d for d in dossiers if "dossier.create" not in audited.get(d, [])] == []
    assert [
        d for d, (s, _k) in dossiers.items() if s == "submitted" and len(audited.get(d, [])) < 2
    ] == []
    print(f"{kills} kills, {len(created)} creations and {len(submitted)} submissions acknowledged")
