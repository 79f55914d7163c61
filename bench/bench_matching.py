"""Benchmark of the matching engine (run by hand, not by the test suite).

    .venv/bin/python bench/bench_matching.py [--candidates 100000] [--offers 20000]
                                             [--paths 10000]

Synthetic data with realistic shapes (never real people): ~300 skills, 40 occupations,
offers with 5-12 essential and 3-8 optional skills of their occupation, candidates with
3-20 skills (levels 1-4) mostly from one or two occupations, 12 regions, a remote share of
offers and courses, languages fr/ar/en. Measures:

(a) top-10 offers for every candidate (``top_offers_arrays``): target 100,000 x 20,000 <= 5 s;
    (a') the same with the million ``Match`` objects built (``top_offers_batch``);
(b) reconversion paths for 10,000 candidates towards an occupation
    (``reconversion_paths_batch``, objective cost): target <= 5 s.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal

import numpy as np

from jiha.engines.matching import (
    Course,
    Offer,
    Profile,
    reconversion_paths_batch,
    top_offers_arrays,
    top_offers_batch,
)

SEED = 20261203
REGIONS = [f"MA-{n:02d}" for n in range(1, 13)]
SKILLS = [f"s{n:03d}" for n in range(300)]


def occupations(rng: np.random.Generator, count: int = 40) -> list[tuple[list[str], list[str]]]:
    """Each occupation: a pool of ~14 essential and ~10 optional skills (pools overlap)."""
    result = []
    for _ in range(count):
        pool = rng.choice(len(SKILLS), size=24, replace=False)
        result.append(([SKILLS[i] for i in pool[:14]], [SKILLS[i] for i in pool[14:]]))
    return result


def make_offers(
    rng: np.random.Generator, jobs: list[tuple[list[str], list[str]]], n: int
) -> list[Offer]:
    offers = []
    for k in range(n):
        essential_pool, optional_pool = jobs[int(rng.integers(len(jobs)))]
        essential = rng.choice(essential_pool, size=int(rng.integers(5, 13)), replace=False)
        optional = rng.choice(optional_pool, size=int(rng.integers(3, 9)), replace=False)
        languages = {"fr"}
        if rng.random() < 0.35:
            languages.add("en")
        if rng.random() < 0.15:
            languages.add("ar")
        remote = rng.random() < 0.2
        region = None if remote and rng.random() < 0.5 else REGIONS[int(rng.integers(12))]
        offers.append(
            Offer(
                f"o{k:06d}",
                frozenset(essential.tolist()),
                frozenset(optional.tolist()),
                frozenset(languages),
                region,
                remote,
            )
        )
    return offers


def make_profiles(
    rng: np.random.Generator, jobs: list[tuple[list[str], list[str]]], n: int
) -> list[Profile]:
    profiles = []
    for k in range(n):
        size = int(rng.integers(3, 21))
        own = int(rng.integers(len(jobs)))
        pool = jobs[own][0] + jobs[own][1]
        from_job = min(size, int(rng.integers(size // 2, size + 1)), len(pool))
        chosen = set(rng.choice(pool, size=from_job, replace=False).tolist())
        while len(chosen) < size:
            chosen.add(SKILLS[int(rng.integers(len(SKILLS)))])
        skills = {code: int(rng.integers(1, 5)) for code in sorted(chosen)}
        languages = {"fr", "ar"} if rng.random() < 0.9 else {"fr"}
        if rng.random() < 0.5:
            languages.add("en")
        region = None if rng.random() < 0.05 else REGIONS[int(rng.integers(12))]
        profiles.append(
            Profile(f"c{k:06d}", skills, frozenset(languages), region, remote_ok=rng.random() < 0.7)
        )
    return profiles


def make_courses(
    rng: np.random.Generator, jobs: list[tuple[list[str], list[str]]], n: int = 600
) -> list[Course]:
    """Courses teach 2-8 skills of one occupation's pools (a few from elsewhere)."""
    courses = []
    for k in range(n):
        essential_pool, optional_pool = jobs[int(rng.integers(len(jobs)))]
        pool = essential_pool + optional_pool
        taught = set(rng.choice(pool, size=int(rng.integers(2, 9)), replace=False).tolist())
        if rng.random() < 0.3:
            taught.add(SKILLS[int(rng.integers(len(SKILLS)))])
        remote = rng.random() < 0.25
        region = None if remote else REGIONS[int(rng.integers(12))]
        share = None if rng.random() < 0.3 else Decimal(int(rng.integers(0, 11))) / 10
        courses.append(
            Course(
                f"k{k:04d}",
                frozenset(taught),
                Decimal(int(rng.integers(20, 400)) * 100),
                int(rng.integers(20, 400)),
                region,
                remote,
                share,
            )
        )
    return courses


def load() -> str:
    """The load average when the run starts (the machine is shared)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return handle.read().split()[0]
    except OSError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--offers", type=int, default=20_000)
    parser.add_argument("--paths", type=int, default=10_000)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    jobs = occupations(rng)
    offers = make_offers(rng, jobs, args.offers)
    profiles = make_profiles(rng, jobs, args.candidates)
    courses = make_courses(rng, jobs)

    print(f"load average at start: {load()} (2 cores)")
    start, cpu = time.perf_counter(), time.process_time()
    top = top_offers_arrays(profiles, offers, limit=10)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"(a) top-10 offers as arrays: {len(profiles):,} candidates x {len(offers):,} offers: "
        f"{seconds:.2f} s wall, {cpu:.2f} s CPU ({len(top.offer):,} matches; target <= 5 s)"
    )
    start, cpu = time.perf_counter(), time.process_time()
    result = top_offers_batch(profiles, offers, limit=10)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    matches = sum(len(v) for v in result.values())
    print(
        f"(a') the same as Match objects (top_offers_batch): "
        f"{seconds:.2f} s wall, {cpu:.2f} s CPU ({matches:,} matches)"
    )

    requests = []
    for profile in profiles[: args.paths]:
        essential_pool, optional_pool = jobs[int(rng.integers(len(jobs)))]
        need = essential_pool[:10]
        requests.append((profile.key, list(profile.skills), need, profile.region))
    start, cpu = time.perf_counter(), time.process_time()
    paths = reconversion_paths_batch(requests, courses, objective="cost")
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    solved = sum(1 for value in paths.values() if not isinstance(value, Exception))
    print(
        f"(b) reconversion paths: {len(requests):,} candidates, {len(courses)} courses: "
        f"{seconds:.2f} s wall, {cpu:.2f} s CPU ({solved:,} paths, "
        f"{len(requests) - solved:,} uncoverable; target <= 5 s)"
    )


if __name__ == "__main__":
    main()
