"""top_offers_batch equals the scalar rank_offers on random cases (property test)."""

from __future__ import annotations

import random

import pytest

from jiha.engines.matching import (
    Offer,
    Profile,
    Weights,
    rank_offers,
    top_offers_arrays,
    top_offers_batch,
)

REGIONS = ["MA-01", "MA-02", "MA-03", None]
LANGUAGES = ["fr", "ar", "en"]


def _languages(rng: random.Random) -> frozenset[str]:
    return frozenset(code for code in LANGUAGES if rng.random() < 0.4)


def random_case(
    seed: int, n_profiles: int, n_offers: int, n_skills: int
) -> tuple[list[Profile], list[Offer]]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    skills = [f"s{k:02d}" for k in range(n_skills)]
    offers = []
    for k in range(n_offers):
        essential = frozenset(rng.sample(skills, rng.randint(0, min(4, n_skills))))
        optional = frozenset(rng.sample(skills, rng.randint(0, min(3, n_skills))))
        remote = rng.random() < 0.3
        region = rng.choice(REGIONS[:3]) if not remote or rng.random() < 0.5 else None
        # keys deliberately not in creation order, some duplicated scores by construction
        offers.append(
            Offer(
                f"o{(k * 7) % n_offers:03d}-{k}",
                essential,
                optional,
                _languages(rng),
                region,
                remote,
            )
        )
    profiles = []
    for k in range(n_profiles):
        held = {code: rng.randint(1, 4) for code in rng.sample(skills, rng.randint(0, n_skills))}
        profiles.append(
            Profile(
                f"c{k:03d}",
                held,
                _languages(rng),
                rng.choice(REGIONS),
                remote_ok=rng.random() < 0.6,
            )
        )
    return profiles, offers


@pytest.mark.parametrize("seed", range(12))
def test_it_equals_the_scalar_ranking_on_random_cases(seed: int) -> None:
    profiles, offers = random_case(seed, n_profiles=40, n_offers=60 + seed * 7, n_skills=8)
    limit = [1, 3, 10, 100][seed % 4]
    weights = [
        Weights(),
        Weights(essential=3.0, optional=0.5, language=0.2, location=0.1, min_level=2),
    ][seed % 2]
    expected = {p.key: rank_offers(p, offers, limit=limit, weights=weights) for p in profiles}
    got = top_offers_batch(
        profiles,
        offers,
        limit=limit,
        weights=weights,
        cluster_size=1 + seed % 5,
        chunk_size=7,
        threads=2,
    )
    assert got == expected
    arrays = top_offers_arrays(
        profiles, offers, limit=limit, weights=weights, cluster_size=2 + seed % 3, chunk_size=11
    )
    assert arrays.to_dict() == expected
    assert arrays.matches(3) == expected[profiles[3].key]


def test_it_prunes_without_losing_offers_on_a_larger_case() -> None:
    profiles, offers = random_case(99, n_profiles=150, n_offers=800, n_skills=30)
    expected = {p.key: rank_offers(p, offers) for p in profiles}
    assert top_offers_batch(profiles, offers, cluster_size=16, chunk_size=50) == expected


def test_it_ranks_ties_by_offer_key_and_lists_missing_skills() -> None:
    me = Profile("c", {"python": 2, "sql": 1}, frozenset({"fr"}), "MA-03")
    offers = [
        Offer("b", frozenset({"python", "java"}), frozenset(), frozenset({"fr"}), "MA-03"),
        Offer("a", frozenset({"python", "java"}), frozenset(), frozenset({"fr"}), "MA-03"),
        Offer("c", frozenset({"python"}), frozenset({"git", "sql"}), frozenset({"en"}), "MA-01"),
    ]
    got = top_offers_batch([me], offers)["c"]
    assert [m.offer for m in got] == ["a", "b", "c"]
    assert got[0].score == 0.65  # 0.7 x 1/2 + 0.15 + 0.15
    assert got[0].missing_essential == ("java",)
    assert got[2].missing_optional == ("git",)
    assert got[2].coverage == 0.75  # (2 + 1) / (2 + 1 + 1)
    assert got[2].score == 0.525  # 0.7 x 0.75, neither language nor location fits


def test_it_handles_empty_inputs_and_offers_without_skills() -> None:
    me = Profile("c", {}, frozenset(), None)
    assert top_offers_batch([], []) == {}
    assert top_offers_batch([me], []) == {"c": []}
    free = Offer("o", frozenset(), frozenset(), frozenset(), None, remote=True)
    assert top_offers_batch([me], [free])["c"][0].score == 1.0
    assert top_offers_batch([me], [free], limit=0) == {"c": []}
    assert top_offers_arrays([me], []).to_dict() == {"c": []}
    assert top_offers_arrays([me], [free]).matches(0)[0].score == 1.0


def occupation_case(seed: int) -> tuple[list[Profile], list[Offer]]:
    """Offers drawn from occupation pools, as in bench/bench_matching.py, smaller."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    skills = [f"s{k:03d}" for k in range(120)]
    pools = [rng.sample(skills, 24) for _ in range(12)]
    offers = []
    for k in range(1500):
        pool = rng.choice(pools)
        remote = rng.random() < 0.2
        offers.append(
            Offer(
                f"o{k:05d}",
                frozenset(rng.sample(pool[:14], rng.randint(5, 12))),
                frozenset(rng.sample(pool[14:], rng.randint(3, 8))),
                _languages(rng),
                None if remote and rng.random() < 0.5 else rng.choice(REGIONS[:3]),
                remote,
            )
        )
    profiles = []
    for k in range(120):
        pool = rng.choice(pools)
        held = set(rng.sample(pool, rng.randint(2, 14))) | set(rng.sample(skills, 3))
        profiles.append(
            Profile(
                f"c{k:04d}",
                {code: rng.randint(1, 4) for code in held},
                _languages(rng),
                rng.choice(REGIONS),
                remote_ok=rng.random() < 0.7,
            )
        )
    return profiles, offers


def test_it_equals_the_scalar_ranking_at_the_default_cluster_size() -> None:
    # Clusters of 64 offers and the two-round floor, on data shaped like the benchmark's:
    # the fast path ranks exactly as the reference rank_offers does.
    profiles, offers = occupation_case(7)
    expected = {p.key: rank_offers(p, offers) for p in profiles}
    arrays = top_offers_arrays(profiles, offers, chunk_size=50)
    assert arrays.to_dict() == expected
    assert top_offers_batch(profiles, offers, chunk_size=50, threads=1) == expected
