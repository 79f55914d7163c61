"""Benchmarks of the incentive procedure (run by hand):

    .venv/bin/python bench/bench_dossiers.py            # SQLite
    DATABASE_URL=postgres://… .venv/bin/python bench/bench_dossiers.py --postgres
    (--explain prints the queue query's plan, --profile profiles one queue page)

(a) a submission through the service (row lock, version check, rules-engine amount for
    15 hires over one year, routing, audit append), one dossier after another;
(b) the reviewers' queue page (100 rows, with the decision clock) over 10,000 submitted
    dossiers, through Django's in-process client, in a TOTP-confirmed session.
Synthetic data only.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["JIHA_VAR_DIR"] = tempfile.mkdtemp(prefix="jiha-bench-")
if "--postgres" not in sys.argv:
    os.environ.pop("DATABASE_URL", None)
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("JIHA_PROCESS_KIND", "batch")  # no web statement timeout for the set-up
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")

QUEUE = 10_000
SUBMISSIONS = 100


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from conftest import force_login_confirmed
    from jiha.accounts import services as accounts
    from jiha.accounts.models import OrganisationKind, Role, User
    from jiha.incentives import services
    from jiha.incentives.demo import HIRES
    from jiha.incentives.models import Dossier, DossierState, Scheme
    from jiha.regions.models import Region

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    region = Region.objects.get(code="MA-03")
    company = accounts.organisation_create(
        name="Bench company", kind=OrganisationKind.COMPANY, region=region, synthetic=True
    )
    applicant = User.objects.create_user("bench-applicant@example.ma", "x")
    accounts.membership_add(user=applicant, organisation=company, role=Role.APPLICANT)
    agency = accounts.organisation_create(
        name="Bench agency", kind=OrganisationKind.MINISTRY_AGENCY
    )
    reviewer = User.objects.create_user("bench-reviewer@example.ma", "x")
    accounts.membership_add(user=reviewer, organisation=agency, role=Role.REVIEWER)
    scheme = Scheme.objects.get(code="employment-bonus-2025")

    drafts = [
        services.dossier_create(
            actor=applicant,
            organisation=company,
            scheme=scheme,
            region=region,
            period_start=dt.date(2027, 1, 1),
            period_end=dt.date(2027, 12, 31),
            data={"activity": "BPO", "hires": HIRES},
            synthetic=True,
        )
        for _ in range(SUBMISSIONS)
    ]
    times = []
    for dossier in drafts:
        start = time.perf_counter()
        services.dossier_submit(
            actor=applicant,
            dossier_id=dossier.pk,
            version=dossier.version,
            idempotency_key=f"bench-{dossier.pk}",
        )
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"(a) submission (lock, version, amount by the rules engine, routing, audit): "
        f"median {statistics.median(times):.1f} ms, best {min(times):.1f} ms "
        f"({SUBMISSIONS} dossiers)"
    )

    template = Dossier.objects.filter(state=DossierState.SUBMITTED).first()
    if template is None:
        raise SystemExit("no submitted dossier")
    now = timezone.now()
    Dossier.objects.bulk_create(
        Dossier(
            reference=f"BENCH-{i:06d}",
            organisation=company,
            scheme=scheme,
            region=region,
            period_start=template.period_start,
            period_end=template.period_end,
            state=DossierState.SUBMITTED,
            data=template.data,
            computed_amount=template.computed_amount,
            computation=template.computation,
            created_by=applicant,
            submitted_at=now - dt.timedelta(minutes=i),
            clock_started_at=now - dt.timedelta(minutes=i),
            synthetic=True,
        )
        for i in range(QUEUE - SUBMISSIONS)
    )
    client = Client()
    force_login_confirmed(client, reviewer)

    def queue() -> None:
        response = client.get("/en/incentives/review/")
        if response.status_code != 200 or b"BENCH-" not in response.content:
            raise SystemExit(response.content[:300])

    queue()
    if "--explain" in sys.argv:  # the plan of the queue's page query
        from jiha.incentives import selectors

        print(selectors.review_queue(user=reviewer)[:100].explain())
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(queue)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    median, best = timed(queue, 15)
    print(
        f"(b) review queue page, first 100 of {Dossier.objects.count():,} submitted dossiers: "
        f"median {median:.0f} ms, best {best:.0f} ms (15 requests)"
    )


if __name__ == "__main__":
    main()
