"""Reconversion paths: optimal on small random cases (checked by brute force), clear errors."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from jiha.engines.matching import (
    Course,
    MatchingError,
    Uncoverable,
    reconversion_path,
    reconversion_paths_batch,
)
from jiha.engines.matching.paths import _paid

REGIONS = ["MA-01", "MA-02", None]


def random_courses(rng: random.Random, n: int, skills: list[str]) -> list[Course]:
    courses = []
    for k in range(n):
        remote = rng.random() < 0.3
        share = None if rng.random() < 0.4 else Decimal(rng.randint(0, 10)) / 10
        courses.append(
            Course(
                f"k{k:02d}",
                frozenset(rng.sample(skills, rng.randint(1, 3))),
                Decimal(rng.randint(0, 20) * 50),
                rng.randint(0, 30),
                None if remote else rng.choice(REGIONS[:2]),
                remote,
                share,
            )
        )
    return courses


def brute_force(
    gap: frozenset[str], courses: list[Course], region: str | None, objective: str
) -> tuple[Decimal | int, Decimal | int] | None:
    usable = [c for c in courses if c.remote or (c.region is not None and c.region == region)]
    best = None
    for size in range(len(usable) + 1):
        for subset in itertools.combinations(usable, size):
            if gap <= frozenset().union(*(c.skills for c in subset)):
                paid = sum((_paid(c) for c in subset), Decimal(0))
                hours = sum(c.hours for c in subset)
                value = (paid, hours) if objective == "cost" else (hours, paid)
                best = value if best is None or value < best else best
    return best


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("method", ["dp", "milp"])
def test_it_finds_the_optimum_of_small_random_cases(seed: int, method: str) -> None:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    skills = [f"s{k}" for k in range(6)]
    courses = random_courses(rng, 9, skills)
    need = frozenset(rng.sample(skills, rng.randint(1, 6)))
    have = frozenset(rng.sample(skills, rng.randint(0, 3)))
    region = rng.choice(REGIONS)
    objective = rng.choice(["cost", "hours"])
    expected = brute_force(need - have, courses, region, objective)
    if expected is None:
        with pytest.raises(Uncoverable):
            reconversion_path(
                have, need, courses, region=region, objective=objective, method=method
            )
        return
    path = reconversion_path(have, need, courses, region=region, objective=objective, method=method)
    chosen = [c for c in courses if c.key in path.courses]
    paid = sum((_paid(c) for c in chosen), Decimal(0))
    value = (paid, path.hours) if objective == "cost" else (path.hours, paid)
    assert value == expected
    assert path.covers == need - have
    assert path.courses == tuple(sorted(path.courses))
    assert all(c.remote or c.region == region for c in chosen)


def test_it_names_the_skills_nobody_teaches_in_the_region_or_remotely() -> None:
    courses = [
        Course("cloud", frozenset({"aws"}), Decimal(900), 40, "MA-05"),
        Course("sql", frozenset({"sql"}), Decimal(300), 20, None, remote=True),
    ]
    with pytest.raises(Uncoverable) as caught:
        reconversion_path(["excel"], ["sql", "aws", "k8s"], courses, region="MA-03")
    assert caught.value.skills == frozenset({"aws", "k8s"})
    assert "aws, k8s" in str(caught.value) and "MA-03" in str(caught.value)


def test_it_prefers_the_net_cost_when_the_share_is_known() -> None:
    courses = [
        Course("cheap", frozenset({"sql"}), Decimal(1000), 10, "MA-01"),
        Course(
            "reimbursed",
            frozenset({"sql"}),
            Decimal(1500),
            10,
            "MA-01",
            reimbursable_share=Decimal("0.5"),
        ),
    ]
    path = reconversion_path([], ["sql"], courses, region="MA-01")
    assert path.courses == ("reimbursed",)
    assert (path.cost, path.net_cost) == (Decimal(1500), Decimal("750.0"))
    shortest = reconversion_path([], ["sql"], courses, region="MA-01", objective="hours")
    assert shortest.courses == ("reimbursed",)  # same hours: the cheaper wins the tie
    assert reconversion_path([], ["sql"], courses[:1], region="MA-01").net_cost is None


def test_it_returns_an_empty_path_when_nothing_is_missing() -> None:
    path = reconversion_path(["sql"], ["sql"], [], region=None)
    assert (path.courses, path.cost, path.hours, path.covers) == ((), Decimal(0), 0, frozenset())


def test_it_refuses_a_bad_objective_or_course() -> None:
    with pytest.raises(MatchingError, match="unknown objective"):
        reconversion_path([], ["x"], [], region=None, objective="fun")
    bad = Course("k", frozenset({"x"}), Decimal(-1), 1, None, True)
    with pytest.raises(MatchingError, match="course k"):
        reconversion_path([], ["x"], [bad], region=None)


def test_it_solves_a_large_gap_with_the_integer_programme() -> None:
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    skills = [f"s{k:02d}" for k in range(20)]
    courses = random_courses(rng, 40, skills)
    courses += [Course(f"one-{s}", frozenset({s}), Decimal(5000), 100, None, True) for s in skills]
    auto = reconversion_path([], skills, courses, region="MA-01")
    milp = reconversion_path([], skills, courses, region="MA-01", method="milp")
    assert auto == milp and auto.covers == frozenset(skills)


def test_it_gives_the_same_paths_in_batch() -> None:
    rng = random.Random(3)  # noqa: S311 - reproducible test data
    skills = [f"s{k}" for k in range(8)]
    courses = random_courses(rng, 25, skills)
    requests = [
        (
            f"r{k}",
            rng.sample(skills, rng.randint(0, 4)),
            skills[: rng.randint(1, 8)],
            rng.choice(REGIONS),
        )
        for k in range(60)
    ]
    batch = reconversion_paths_batch(requests, courses, objective="cost")
    for key, have, need, region in requests:
        try:
            expected: object = reconversion_path(have, need, courses, region=region)
        except Uncoverable as error:
            assert isinstance(batch[key], Uncoverable)
            assert batch[key].skills == error.skills  # type: ignore[union-attr]
            continue
        assert batch[key] == expected
