"""Benchmark of a what-if reform over 10,000 dossiers (run by hand):

    .venv/bin/python bench/bench_reforms.py [dossiers]

Generates synthetic dossiers (bulk_create, labelled synthetic) on a fresh SQLite database —
or on ``DATABASE_URL`` when ``BENCH_DATABASE_URL`` is set — spread over the 12 regions and the
schemes with an amount (hires, trainings, investment), a tenth of them decided; then evaluates
two reforms (a new employment-bonus rate, a regional bonus per hire) and prints the time of
the whole evaluation (reading the dossiers, building the situation, one engine run per
scenario, gains and losses by region). Target: <= 2 s for 10,000 dossiers.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["JIHA_VAR_DIR"] = tempfile.mkdtemp(prefix="jiha-bench-")
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")


def generate(count: int) -> None:
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from jiha.accounts.models import Organisation, User
    from jiha.incentives.models import Decision, Dossier, DossierState, Scheme, TrainingLine
    from jiha.regions.models import Region

    rng = random.Random(12)  # noqa: S311 - synthetic bench data, not a secret
    regions = list(Region.objects.all())
    user = User.objects.create_user("bench@example.ma", "x")
    reviewer = User.objects.create_user("bench-reviewer@example.ma", "x")
    companies = Organisation.objects.bulk_create(
        Organisation(name=f"Bench company {i} (synthetic)", kind="company", synthetic=True)
        for i in range(max(count // 20, 1))
    )
    schemes = {s.code: s for s in Scheme.objects.all()}
    kinds = ["employment-bonus-2025", "training-bonus-2025", "training-aid-2006", "charter-bonus"]
    profiles = ["it_engineer", "bpo", "crm", "technician"]
    dossiers = []
    for i in range(count):
        code = kinds[i % len(kinds)]
        year = rng.choice([2026, 2027, 2028])
        data: dict[str, object] = {"activity": "ITO"}
        if code.endswith("2025"):
            data["hires"] = [
                {
                    "profile": rng.choice(profiles),
                    "gross_annual_salary": str(rng.randrange(60_000, 240_000)),
                    "hire_date": dt.date(2025, rng.randint(7, 12), 1).isoformat(),
                    "count": rng.randint(1, 10),
                }
                for _ in range(rng.randint(1, 4))
            ]
        elif code == "charter-bonus":
            data["investment"] = str(rng.randrange(50_000_000, 300_000_000))
            data["investment_date"] = f"{year}-03-01"
            data["planned_jobs"] = rng.randint(50, 400)
        state = DossierState.APPROVED if i % 10 == 0 else DossierState.SUBMITTED
        period = (
            (dt.date(2012, 1, 1), dt.date(2012, 12, 31))
            if code == "training-aid-2006"
            else (
                dt.date(year, 1, 1),
                dt.date(year, 12, 31),
            )
        )
        dossiers.append(
            Dossier(
                reference=f"BENCH-{i:06d}",
                organisation=companies[i % len(companies)],
                scheme=schemes[code],
                region=rng.choice(regions),
                period_start=period[0],
                period_end=period[1],
                state=state,
                data=data,
                created_by=user,
                synthetic=True,
            )
        )
    dossiers = Dossier.objects.bulk_create(dossiers, batch_size=2000)
    lines, decisions = [], []
    for dossier in dossiers:
        if dossier.scheme.code == "training-aid-2006":
            for k in range(rng.randint(1, 3)):
                lines.append(
                    TrainingLine(
                        dossier=dossier,
                        position=k,
                        employee=f"Employee {k}",
                        profile=rng.choice(profiles),
                        hire_date=dt.date(2011, 3, 1),
                        programme="Cloud",
                        provider="Institute",
                        start_date=dt.date(2012, 4, 1),
                        hours=Decimal(40),
                        cost=Decimal(rng.randrange(2_000, 30_000)),
                        modality=rng.choice(["in_person", "remote"]),
                    )
                )
        if dossier.state == DossierState.APPROVED:
            decisions.append(
                Decision(
                    dossier=dossier,
                    outcome=Decision.Outcome.APPROVED,
                    computed_amount=Decimal(10_000),
                    amount=Decimal(10_000),
                    instructor=user,
                    decided_by=reviewer,
                    decided_at=timezone.now(),
                )
            )
    TrainingLine.objects.bulk_create(lines, batch_size=5000)
    Decision.objects.bulk_create(decisions, batch_size=5000)


def main() -> None:
    import django

    django.setup()
    import datetime as dt
    from decimal import Decimal

    from django.core.management import call_command

    from jiha.accounts.models import User
    from jiha.observatory.demo import demo_costs_create
    from jiha.reforms.evaluation import population_build, reform_result
    from jiha.reforms.models import Reform

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    demo_costs_create()
    started = time.perf_counter()
    generate(count)
    print(f"generated {count} dossiers in {time.perf_counter() - started:.1f} s")
    admin = User.objects.get(email="bench@example.ma")
    reforms = [
        Reform(
            name="rate",
            kind=Reform.Kind.PARAMETER,
            start=dt.date(2026, 1, 1),
            parameter="offer_2025.employment_bonus.rate",
            value=0.25,
            created_by=admin,
        ),
        Reform(
            name="bonus",
            kind=Reform.Kind.REGIONAL_BONUS,
            start=dt.date(2025, 1, 1),
            bonus_amount=Decimal(5000),
            bonus_regions=["MA-02", "MA-03", "MA-11"],
            created_by=admin,
        ),
    ]
    for reform in reforms:
        times, result = [], {}
        for _ in range(3):
            begin = time.perf_counter()
            result = reform_result(reform)
            times.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        population = population_build(bonus=reform.kind == Reform.Kind.REGIONAL_BONUS)
        reading = time.perf_counter() - begin
        total = result["total"]
        print(
            f"{reform.kind:15} whole evaluation: best {min(times):.2f} s, median "
            f"{statistics.median(times):.2f} s (reading the dossiers: {reading:.2f} s); "
            f"recomputed {result['sources']['dossiers']['recomputed']}, decided "
            f"{result['sources']['dossiers']['decided_unchanged']}, "
            f"{len(population.scenarios)} sites; difference {total['difference']} MAD, "
            f"{total['companies_gaining']} companies and {total['employees_gaining']} "
            f"employees gaining, {len(result['regions'])} regions"
        )


if __name__ == "__main__":
    main()
