"""Benchmarks of the talent pages through the app (run by hand):

    .venv/bin/python bench/bench_talent.py [candidates]

On a fresh SQLite database with the taxonomy and N synthetic consenting candidates (default
5,000, random skills from the taxonomy) and 200 offers:
(a) a company's shortlist page for one offer (all consenting candidates ranked, pseudonymised);
(b) a candidate's space (offers ranked for them);
(c) a candidate's reconversion path page (exact cheapest path over 60 programmes);
(d) resolving a pseudonym for a request for contact (a scan over the consenting candidates,
    decisions/0018).
The engine-level figures (100,000 candidates x 20,000 offers) are in bench/bench_matching.py.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["JIHA_VAR_DIR"] = tempfile.mkdtemp(prefix="jiha-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiha.config.settings")


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:  # noqa: PLR0915 - a script, read top to bottom
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from jiha.accounts import services as accounts
    from jiha.accounts.models import OrganisationKind, Role, User
    from jiha.talent import engine_io, selectors
    from jiha.talent.models import (
        CandidateProfile,
        CandidateSkill,
        Consent,
        JobOffer,
        Occupation,
        Programme,
        Skill,
    )

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rng = random.Random(14)  # noqa: S311 - synthetic data
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    skills = list(Skill.objects.all())
    occupations = list(Occupation.objects.all())
    regions = [f"MA-{i:02d}" for i in range(1, 13)]
    from jiha.regions.models import Region

    region_ids = dict(Region.objects.values_list("code", "pk"))
    company = accounts.organisation_create(name="Bench Co", kind=OrganisationKind.COMPANY)
    provider = accounts.organisation_create(
        name="Bench School", kind=OrganisationKind.TRAINING_PROVIDER
    )
    boss = User.objects.create_user("boss@bench.example")
    accounts.membership_add(user=boss, organisation=company, role=Role.APPLICANT)
    users = User.objects.bulk_create(
        User(email=f"c{i}@bench.example", password="!")  # noqa: S106 - unusable password
        for i in range(n)
    )
    profiles = CandidateProfile.objects.bulk_create(
        CandidateProfile(
            user=u,
            region_id=region_ids[rng.choice(regions)],
            diploma="bac3",
            field="physics",
            languages=["fr"],
            synthetic=True,
        )
        for u in users
    )
    now = timezone.now()
    Consent.objects.bulk_create(
        Consent(candidate=p, text_version="bench", given_at=now) for p in profiles
    )
    CandidateSkill.objects.bulk_create(
        CandidateSkill(candidate=p, skill=s, level=rng.randint(1, 4))
        for p in profiles
        for s in rng.sample(skills, 8)
    )
    for i in range(200):
        occupation = rng.choice(occupations)
        offer = JobOffer.objects.create(
            company=company,
            title=f"Offer {i}",
            occupation=occupation,
            region_id=region_ids[rng.choice(regions)],
            languages=["fr"],
        )
        links = list(occupation.links.all())
        offer.essential_skills.set([x.skill_id for x in links if x.essential])
        offer.optional_skills.set([x.skill_id for x in links if not x.essential])
    start = timezone.localdate() + dt.timedelta(days=30)
    for i in range(60):
        programme = Programme.objects.create(
            provider=provider,
            title=f"Programme {i}",
            region_id=region_ids[rng.choice(regions)] if i % 4 else None,
            remote=i % 4 == 0,
            start=start,
            end=start + dt.timedelta(days=60),
            hours=rng.randint(20, 400),
            cost=Decimal(rng.randint(1, 30) * 1000),
            seats=20,
        )
        programme.skills.set(rng.sample(skills, 6))
    offer = JobOffer.objects.first()
    me = profiles[0]
    owner, candidate = Client(), Client()
    owner.force_login(boss)
    candidate.force_login(me.user)

    def get(client: Client, url: str) -> Callable[[], None]:
        def call() -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(response.content[:300])

        return call

    shortlist = get(owner, f"/en/talent/company/offers/{offer.pk}/shortlist/")  # type: ignore[union-attr]
    space = get(candidate, "/en/talent/me/")
    path = get(candidate, "/en/talent/me/path/?occupation=data-analyst&objective=cost")
    last = engine_io.pseudonym(company.pk, profiles[-1].pk)
    for call in (shortlist, space, path):
        call()
    print(f"{n:,} consenting candidates, 200 offers, 60 programmes (SQLite):")
    if os.environ.get("PROFILE"):
        import cProfile
        import pstats

        profile_file = Path(os.environ["JIHA_VAR_DIR"]) / "talent.prof"
        cProfile.runctx("shortlist()", globals(), locals(), str(profile_file))
        pstats.Stats(str(profile_file)).sort_stats("cumulative").print_stats(25)
    median, best = timed(shortlist, 5)
    print(f"(a) shortlist page, one offer: median {median:.0f} ms, best {best:.0f} ms (5 requests)")
    median, best = timed(space, 10)
    print(f"(b) candidate space, 200 offers: median {median:.0f} ms, best {best:.0f} ms (10)")
    median, best = timed(path, 10)
    print(f"(c) reconversion path page: median {median:.0f} ms, best {best:.0f} ms (10)")
    median, best = timed(lambda: selectors.candidate_by_pseudonym(company.pk, last), 5)
    print(f"(d) pseudonym resolution (worst case): median {median:.0f} ms, best {best:.0f} ms (5)")


if __name__ == "__main__":
    main()
