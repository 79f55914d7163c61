"""The web server (gunicorn, production settings) killed with SIGKILL in the middle of writes,
then restarted, several times: every write it acknowledged is there, and nothing is
half-written.

- Dossier creations and submissions through the API: each acknowledged dossier is there with
  its idempotency key and creation audit entry; each acknowledged submission is submitted with
  its own audit entry.
- Dataset imports through the API (a regional officer's token, loaded in the request): each
  acknowledged version is there with all its observations; no version holds fewer or more
  observations than its row count (a version and its rows are one transaction).
- Payment batches through the API (two TOTP-confirmed administrators: prepare, approve, pay):
  each acknowledged step is there; a batch and its dossiers move together (a paid batch has
  every dossier paid, any other none), each step with its audit entry, and only batched
  dossiers are paid.

Why the first version never passed: the dossier API takes a browser session only (no API
token), so every write was refused (403) and the test waited for acknowledgements that could
not come (4 × 240 s). The server is now gunicorn with the production settings, as operators
run it, killed with its worker (one process group).
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Sequence
from typing import Any

import pytest

from tests.reliability.conftest import Live
from tests.reliability.server import Server, Writer, kill_during_writes

pytestmark = pytest.mark.reliability
# Kills per test: 3 in `make test` (about 45 s a test on the shared 2-core machine, most of it
# the server's restarts); a longer run sets more (docs/benchmarks.md, "Crash and concurrency").
KILLS = int(os.environ.get("JIHA_RELIABILITY_KILLS", "3"))
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


def _report(
    name: str, server: Server, writers: Sequence[Writer], acknowledged: int, seconds: float
) -> None:
    """One line for docs/benchmarks.md (pytest -s shows it)."""
    starts = ", ".join(f"{s:.1f}" for s in server.starts)
    cut = sum(writer.cut for writer in writers)
    print(
        f"{name}: {server.kills - 1} kills while writing, {cut} requests cut in flight,"
        f" {acknowledged} acknowledged writes checked, 0 lost, {seconds:.0f} s"
        f" (server starts: {starts} s)"
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
    _report("dossiers", server, writers, len(created) + len(submitted), time.monotonic() - began)


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
    _report("imports", server, writers, len(loaded), time.monotonic() - began)


# --- payment batches ----------------------------------------------------------------------

BATCH_SIZE = 3
APPROVED = """
from jiha.incentives import services
from jiha.incentives.dossiers import services as dossier_services

applicant, company = member("crash-pay@atlas.example", OrganisationKind.COMPANY, Role.APPLICANT)
instructor, agency = member(
    "crash-ines@agency.example", OrganisationKind.MINISTRY_AGENCY, Role.REVIEWER
)
reviewer, _ = member("crash-rita@agency.example", OrganisationKind.MINISTRY_AGENCY, Role.REVIEWER)
first, office = member(
    "crash-adam@programme.example", OrganisationKind.PROGRAMME_OFFICE, Role.ADMINISTRATOR
)
second, _ = member(
    "crash-bea@programme.example", OrganisationKind.PROGRAMME_OFFICE, Role.ADMINISTRATOR, office
)
scheme = Scheme.objects.get(code="employment-bonus-2025")
region = Region.objects.get(code="MA-03")
ids = []
for n in range(COUNT):
    dossier = services.dossier_create(
        actor=applicant, organisation=company, scheme=scheme, region=region,
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 12, 31),
        data={"activity": "ITO", "hires": [
            {"profile": "it_engineer", "gross_annual_salary": "120000", "hire_date": "2025-09-01"}
        ]},
    )
    dossier = services.dossier_submit(
        actor=applicant, dossier_id=dossier.pk, version=dossier.version,
        idempotency_key=f"submit-{dossier.pk}",
    )
    dossier = services.dossiers_assign(
        actor=instructor, dossier_ids=[dossier.pk], instructor=instructor
    )[0]
    services.dossier_decide(
        actor=reviewer, dossier_id=dossier.pk, version=dossier.version, outcome="approved",
        motivation="Conforme.",
    )
    ids.append(dossier.pk)
answer = {
    "first": session_headers(first, confirmed=True),
    "second": session_headers(second, confirmed=True),
    "dossiers": ids,
}
"""
BATCHES_STATE = """
import json
from jiha.audit.models import AuditEntry
from jiha.incentives.models import Dossier, PaymentBatch
batches = {
    str(b.pk): [b.state, sorted(b.items.values_list("dossier_id", flat=True))]
    for b in PaymentBatch.objects.all()
}
dossiers = {str(d.pk): d.state for d in Dossier.objects.all()}
audited = {}
ACTIONS = ["payment_batch.prepare", "payment_batch.approve", "payment_batch.pay", "dossier.pay"]
for action, object_id in AuditEntry.objects.filter(action__in=ACTIONS).values_list(
    "action", "object_id"
):
    audited.setdefault(action, []).append(object_id)
print(json.dumps({"batches": batches, "dossiers": dossiers, "audited": audited}))
"""


class BatchWriter(Writer):
    """Pays approved dossiers in batches of three: one administrator prepares, the other
    approves, the first marks it paid (TOTP-confirmed, freshly authenticated sessions). A step
    whose answer was lost is tried again; a refusal because it was done already moves on."""

    def __init__(self, port: int, sessions: dict[str, Any]) -> None:
        super().__init__(port)
        self.first, self.second = sessions["first"], sessions["second"]
        ids = sessions["dossiers"]
        self.chunks = [ids[i : i + BATCH_SIZE] for i in range(0, len(ids), BATCH_SIZE)]
        self.prepared: dict[str, list[int]] = {}  # batch id -> its dossiers
        self.approved: set[str] = set()
        self.paid: set[str] = set()
        self.batch: str | None = None  # the batch in hand

    def write(self) -> None:
        if self.batch is None:
            if not self.chunks:
                self.done = True
                return
            status, batch = self.post(
                "/api/incentives/payment-batches",
                json.dumps({"dossiers": self.chunks[0]}).encode(),
                self.first,
            )
            if status == 201:
                self.batch = str(batch["id"])
                self.prepared[self.batch] = self.chunks.pop(0)
                self.acknowledged += 1
            elif status == 409:  # prepared before the answer was lost: never seen, move on
                self.chunks.pop(0)
            return
        if self.batch not in self.approved:
            status, _ = self.post(
                f"/api/incentives/payment-batches/{self.batch}/approve", b"", self.second
            )
            if status == 200:
                self.approved.add(self.batch)
                self.acknowledged += 1
            elif status == 409:  # approved before the answer was lost
                self.approved.add(self.batch)
            return
        status, _ = self.post(f"/api/incentives/payment-batches/{self.batch}/pay", b"", self.first)
        if status == 200:
            self.paid.add(self.batch)
            self.acknowledged += 1
            self.batch = None


def test_no_acknowledged_payment_batch_step_is_lost_when_the_server_is_killed(
    live: Live,
) -> None:
    began = time.monotonic()
    server = Server(live)
    count = 15 * (KILLS + 1)  # five batches a kill: the work lasts beyond the last kill
    sessions = server.shell(MEMBER + f"COUNT = {count}\n" + APPROVED)
    prepared = time.monotonic() - began
    writer = BatchWriter(server.port, sessions)
    kill_during_writes(server, [writer], KILLS)
    state = live.shell(BATCHES_STATE)
    assert isinstance(state, dict)
    batches, dossiers, audited = state["batches"], state["dossiers"], state["audited"]
    assert writer.paid
    # Every acknowledged step is there.
    assert {b: batches.get(b, [None, None])[1] for b in writer.prepared} == writer.prepared
    assert [b for b in writer.approved if batches[b][0] not in ("approved", "paid")] == []
    assert [b for b in writer.paid if batches[b][0] != "paid"] == []
    # Nothing half-written: a batch and its dossiers move together, each step with its entry.
    for batch, (batch_state, items) in batches.items():
        expected = {"prepared": "approved", "approved": "approved", "paid": "paid"}[batch_state]
        assert {dossiers[str(d)] for d in items} == {expected}, (batch, batch_state)
        assert batch in audited.get("payment_batch.prepare", [])
        assert (batch in audited.get("payment_batch.approve", [])) == (batch_state != "prepared")
        assert audited.get("payment_batch.pay", []).count(batch) == (batch_state == "paid")
    in_batches = {str(d) for _s, items in batches.values() for d in items}
    paid = {d for d, s in dossiers.items() if s == "paid"}
    assert paid <= in_batches
    assert sorted(audited.get("dossier.pay", [])) == sorted(paid)
    _report(
        "payment batches",
        server,
        [writer],
        len(writer.prepared) + len(writer.approved) + len(writer.paid),
        time.monotonic() - began,
    )
    print(f"({count} approved dossiers made in {prepared:.0f} s)")
