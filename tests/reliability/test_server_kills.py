"""The web server (gunicorn, production settings) killed with SIGKILL in the middle of writes,
then restarted, several times: every write it acknowledged is there, and nothing is
half-written.

- Dossier creations and submissions through the API: each acknowledged dossier is there with
  its idempotency key and creation audit entry; each acknowledged submission is submitted with
  its own audit entry.
- Dataset imports through the API (a regional officer's token, loaded in the request): each
  acknowledged version is there with all its observations; no version holds fewer or more
  observations than its row count (a version and its rows are one transaction).
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from tests.reliability.conftest import Live
from tests.reliability.server import Server, Writer, kill_during_writes

pytestmark = pytest.mark.reliability
KILLS = 3
WRITERS = 3
MEMBER = """
import datetime as dt
from allauth.account.models import EmailAddress
from jiha.accounts import services as accounts
from jiha.accounts.models import ApiToken, OrganisationKind, Role, User
from jiha.incentives.catalogue import catalogue_sync
from jiha.incentives.models import Scheme
from jiha.regions.models import Region
from jiha.regions.services import reference_load
if not Region.objects.exists():
    reference_load()
catalogue_sync(Scheme)

def member(email, kind, role, organisation=None):
    user = User.objects.create_user(email, "not-used-here-1")
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if organisation is None:
        organisation = accounts.organisation_create(
            name=email + " (synthetic)", kind=kind, region=Region.objects.get(code="MA-03"),
            synthetic=True,
        )
    accounts.membership_add(user=user, organisation=organisation, role=role)
    return user, organisation
"""


def _report(name: str, server: Server, acknowledged: int, seconds: float) -> None:
    starts = ", ".join(f"{s:.1f}" for s in server.starts)
    print(
        f"{name}: {server.kills - 1} kills mid-write, {acknowledged} acknowledged writes checked,"
        f" 0 lost, {seconds:.0f} s (server starts: {starts} s)"
    )


# --- dossier creations and submissions ----------------------------------------------------

DOSSIER = {
    "scheme": "employment-bonus-2025",
    "region": "MA-03",
    "period_start": "2027-01-01",
    "period_end": "2027-12-31",
    "data": {
        "hires": [{"profile": "bpo", "gross_annual_salary": "60000", "hire_date": "2025-09-01"}]
    },
}
DOSSIERS_STATE = """
import json
from jiha.audit.models import AuditEntry
from jiha.incentives.models import Dossier
dossiers = {str(d.pk): [d.state, d.create_key] for d in Dossier.objects.all()}
audited = {}
for action, object_id in AuditEntry.objects.values_list("action", "object_id"):
    audited.setdefault(object_id, []).append(action)
print(json.dumps({"dossiers": dossiers, "audited": audited}))
"""


class DossierWriter(Writer):
    """Creates and submits dossiers (an applicant's browser session: the dossier API takes no
    token); records what the server acknowledged."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        super().__init__(port)
        self.headers = headers
        self.created: dict[str, str] = {}  # dossier id -> idempotency key
        self.submitted: set[str] = set()

    def write(self) -> None:
        key = uuid.uuid4().hex
        body = json.dumps({**DOSSIER, "idempotency_key": key}).encode()
        status, dossier = self.post("/api/incentives/dossiers", body, self.headers)
        if status != 201:
            return
        self.created[str(dossier["id"])] = key
        self.acknowledged += 1
        body = json.dumps({"version": dossier["version"], "idempotency_key": key}).encode()
        status, _ = self.post(
            f"/api/incentives/dossiers/{dossier['id']}/submit", body, self.headers
        )
        if status == 200:
            self.submitted.add(str(dossier["id"]))
            self.acknowledged += 1


def test_no_acknowledged_dossier_write_is_lost_when_the_server_is_killed(live: Live) -> None:
    began = time.monotonic()
    server = Server(live)
    headers = server.shell(
        MEMBER + 'user, _company = member("crash-dossiers@atlas.example", OrganisationKind.COMPANY,'
        " Role.APPLICANT)\n"
        "answer = session_headers(user)\n"
    )
    writers = [DossierWriter(server.port, headers) for _ in range(WRITERS)]
    kill_during_writes(server, writers, KILLS)
    state = live.shell(DOSSIERS_STATE)
    assert isinstance(state, dict)
    dossiers, audited = state["dossiers"], state["audited"]
    created = {k: v for writer in writers for k, v in writer.created.items()}
    submitted = set().union(*(writer.submitted for writer in writers))
    assert created and submitted
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
    _report("dossiers", server, len(created) + len(submitted), time.monotonic() - began)


# --- dataset imports ----------------------------------------------------------------------

DATASET = """
user, organisation = member(
    "crash-imports@antenna.example", OrganisationKind.REGIONAL_ANTENNA, Role.REGIONAL_OFFICER
)
_row, answer = accounts.api_token_create(
    actor=user, organisation=organisation, name="crash", scope=ApiToken.Scope.READ_WRITE,
    expires_on=dt.date.today() + dt.timedelta(days=2),
)
from jiha.observatory.models import Dataset
from jiha.regions.models import Confidence
from jiha.observatory.services import indicators_upsert
indicators_upsert()
Dataset.objects.create(
    slug=SLUG, title_fr="Crash", title_ar="Crash", title_en="Crash", publisher="Crash test",
    licence="Licence ouverte", theme="labour", confidence=Confidence.OFFICIAL,
    owner=organisation,
)
"""
IMPORTS_STATE = """
import json
from django.db.models import Count
from jiha.observatory.models import DatasetVersion, Observation
versions = DatasetVersion.objects.filter(dataset__slug=SLUG)
counts = dict(
    Observation.objects.filter(version__in=versions).values_list("version").annotate(n=Count("id"))
)
print(json.dumps({str(v.number): [v.row_count, counts.get(v.pk, 0)] for v in versions}))
"""
PERIODS = range(1900, 2020)  # 120 rows a file: a load takes a moment, long enough to be cut


def _csv(writer: int, serial: int) -> bytes:
    lines = ["indicator,territory,period,value"]
    lines += [
        f"population,MA-03,{year},{writer * 1_000_000 + serial * 1000 + i}"
        for i, year in enumerate(PERIODS)
    ]
    return ("\n".join(lines) + "\n").encode()


class ImportWriter(Writer):
    """Uploads versions of one dataset; records the acknowledged ones (201: loaded now)."""

    def __init__(self, port: int, token: str, slug: str, number: int) -> None:
        super().__init__(port)
        self.token, self.slug, self.number = token, slug, number
        self.loaded: dict[str, int] = {}  # version number -> rows
        self.serial = 0

    def write(self) -> None:
        self.serial += 1
        boundary = uuid.uuid4().hex
        body = (
            (
                f"--{boundary}\r\n"
                'Content-Disposition: form-data; name="file"; filename="crash.csv"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + _csv(self.number, self.serial)
            + f"\r\n--{boundary}--\r\n".encode()
        )
        status, answer = self.post(
            f"/api/datasets/{self.slug}/versions",
            body,
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Authorization": f"Bearer {self.token}",
            },
        )
        if status == 201:
            self.loaded[str(answer["version"])] = int(answer["rows"])
            self.acknowledged += 1


def test_no_acknowledged_import_is_lost_or_half_loaded_when_the_server_is_killed(
    live: Live,
) -> None:
    began = time.monotonic()
    slug = f"crash-{uuid.uuid4().hex[:6]}"
    server = Server(live)
    token = server.shell(MEMBER + f"SLUG = {slug!r}\n" + DATASET)
    writers = [ImportWriter(server.port, token, slug, n) for n in range(1, WRITERS + 1)]
    kill_during_writes(server, writers, KILLS)
    versions = live.shell(f"SLUG = {slug!r}\n" + IMPORTS_STATE)
    assert isinstance(versions, dict)
    loaded = {k: v for writer in writers for k, v in writer.loaded.items()}
    assert loaded and all(rows == len(PERIODS) for rows in loaded.values())
    lost = [n for n, rows in loaded.items() if versions.get(n, [0, 0])[1] != rows]
    assert lost == [], f"{len(lost)} acknowledged version(s) lost or incomplete"
    half = {n: v for n, v in versions.items() if v[0] != v[1] or v[0] != len(PERIODS)}
    assert half == {}, "versions whose observations are not all there"
    _report("imports", server, len(loaded), time.monotonic() - began)
