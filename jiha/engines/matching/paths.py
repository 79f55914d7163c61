"""Reconversion paths: the cheapest (or shortest) set of courses covering a skill gap.

A weighted set cover, solved exactly (ADR 0017):

* usable courses are those in the candidate's region or remote; a gap skill that no usable
  course teaches makes the request ``Uncoverable`` (the error names the skills);
* objective ``"cost"`` minimises what the candidate pays as far as is known: the cost after
  reimbursement, ``cost x (1 - reimbursable_share)``, for a course whose share is known, the
  full cost otherwise; ties are broken by fewer hours. Objective ``"hours"`` minimises
  hours, ties broken by that cost. ``Path.net_cost`` is given only when every chosen
  course's share is known;
* up to ``DP_LIMIT`` (16) skills, a dynamic programme over the subsets of the skills (exact,
  no solver); beyond, an integer programme with ``scipy.optimize.milp`` (HiGHS, relative
  gap 0), solved twice for the tie-break. ``method`` forces one or the other;
* ``reconversion_paths_batch`` solves one programme per distinct (needed skills, region)
  over every subset of the needed skills, so each request is a table look-up.

Example:
    >>> courses = [
    ...     Course("sql", frozenset({"sql"}), Decimal("3000"), 60, "MA-03"),
    ...     Course("data", frozenset({"sql", "python"}), Decimal("5000"), 120, None, True),
    ...     Course("py", frozenset({"python"}), Decimal("4000"), 80, "MA-01"),
    ... ]
    >>> path = reconversion_path({"excel"}, {"sql", "python"}, courses, region="MA-03")
    >>> path.courses, path.cost, path.hours
    (('data',), Decimal('5000'), 120)
    >>> reconversion_path(set(), {"java"}, courses, region="MA-03")
    Traceback (most recent call last):
    ...
    jiha.engines.matching.errors.Uncoverable: no programme teaches java in region MA-03 or remotely; look for a programme elsewhere or add one that teaches it
"""  # noqa: E501

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp

from .errors import MatchingError, Uncoverable
from .types import Course, Path

__all__ = ["DP_LIMIT", "reconversion_path", "reconversion_paths_batch"]

DP_LIMIT = 16
_OBJECTIVES = ("cost", "hours")
_METHODS = ("auto", "dp", "milp")
_INF = np.iinfo(np.int64).max // 4

I64 = npt.NDArray[np.int64]


def _check(courses: Sequence[Course], objective: str, method: str) -> None:
    if objective not in _OBJECTIVES:
        raise MatchingError(
            f"unknown objective {objective!r}; use 'cost' or 'hours'", code="bad_objective"
        )
    if method not in _METHODS:
        raise MatchingError(
            f"unknown method {method!r}; use 'auto', 'dp' or 'milp'", code="bad_method"
        )
    for course in courses:
        share = course.reimbursable_share
        if not course.cost >= 0 or course.hours < 0:
            raise MatchingError(
                f"course {course.key}: cost and hours must be zero or more; correct the course",
                code="bad_course",
            )
        if share is not None and not 0 <= share <= 1:
            raise MatchingError(
                f"course {course.key}: the reimbursable share must be between 0 and 1",
                code="bad_course",
            )


def _reachable(courses: Sequence[Course], region: str | None) -> list[Course]:
    return [c for c in courses if c.remote or (c.region is not None and c.region == region)]


def _paid(course: Course) -> Decimal:
    if course.reimbursable_share is None:
        return course.cost
    return course.cost * (1 - course.reimbursable_share)


def _cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def _weights(courses: Sequence[Course], objective: str) -> tuple[list[int], list[int]]:
    """Primary and secondary integer weights (centimes, hours) of each course."""
    paid = [_cents(_paid(c)) for c in courses]
    hours = [c.hours for c in courses]
    return (paid, hours) if objective == "cost" else (hours, paid)


def _combined(primary: list[int], secondary: list[int]) -> I64:
    """One int64 weight giving the lexicographic order (primary, then secondary)."""
    factor = sum(secondary) + 1
    if (sum(primary) + 1) * factor >= _INF:
        return np.asarray(primary, dtype=np.int64)  # too large: primary objective only
    return np.asarray([p * factor + s for p, s in zip(primary, secondary, strict=True)])


def _path(chosen: Iterable[Course], gap: frozenset[str], objective: str) -> Path:
    picked = sorted({c.key: c for c in chosen}.values(), key=lambda c: c.key)
    shares_known = all(c.reimbursable_share is not None for c in picked)
    return Path(
        courses=tuple(c.key for c in picked),
        cost=sum((c.cost for c in picked), Decimal(0)),
        net_cost=sum((_paid(c) for c in picked), Decimal(0)) if shares_known else None,
        hours=sum(c.hours for c in picked),
        covers=frozenset().union(*(c.skills for c in picked)) & gap,
        objective=objective,
    )


class _Table:
    """Exact covers of every subset of ``universe`` with ``courses`` (a DP over bitmasks)."""

    def __init__(self, universe: Sequence[str], courses: Sequence[Course], objective: str):
        self.universe = list(universe)
        self.bit = {code: 1 << k for k, code in enumerate(self.universe)}
        self.courses = [c for c in courses if not self.bit.keys().isdisjoint(c.skills)]
        masks = [sum(self.bit[s] for s in c.skills if s in self.bit) for c in self.courses]
        weight = _combined(*_weights(self.courses, objective))
        size = 1 << len(self.universe)
        states = np.arange(size, dtype=np.int64)
        best = np.full(size, _INF, dtype=np.int64)  # cheapest set whose union is exactly s
        best[0] = 0
        parent = np.full(size, -1, dtype=np.int64)
        course_of = np.full(size, -1, dtype=np.int64)
        for k, mask in enumerate(masks):
            source = states[best < _INF]
            value = best[source] + weight[k]
            target = source | mask
            better = value < best[target]
            source, value, target = source[better], value[better], target[better]
            order = np.argsort(-value, kind="stable")  # the cheapest is written last, wins
            best[target[order]] = value[order]
            parent[target[order]] = source[order]
            course_of[target[order]] = k
        # Superset minimum: the cheapest exact union containing each subset.
        cover = best.copy()
        argument = states.copy()
        for b in range(len(self.universe)):
            low = cover.reshape(-1, 2, 1 << b)[:, 0, :]
            high = cover.reshape(-1, 2, 1 << b)[:, 1, :]
            low_arg = argument.reshape(-1, 2, 1 << b)[:, 0, :]
            high_arg = argument.reshape(-1, 2, 1 << b)[:, 1, :]
            take = high < low
            low[take] = high[take]
            low_arg[take] = high_arg[take]
        self.cover, self.argument = cover, argument
        self.parent, self.course_of = parent, course_of

    def solve(self, gap: frozenset[str]) -> list[Course]:
        state = int(self.argument[sum(self.bit[s] for s in gap)])
        chosen = []
        while state:
            chosen.append(self.courses[int(self.course_of[state])])
            state = int(self.parent[state])
        return chosen


def _solve_milp(gap: frozenset[str], courses: Sequence[Course], objective: str) -> list[Course]:
    useful = [c for c in courses if c.skills & gap]
    skills = sorted(gap)
    matrix = np.asarray([[1.0 if s in c.skills else 0.0 for c in useful] for s in skills])
    primary, secondary = _weights(useful, objective)
    n = len(useful)
    cover = LinearConstraint(matrix, lb=np.ones(len(skills)), ub=np.full(len(skills), np.inf))
    options = {"mip_rel_gap": 0.0}
    first = milp(
        np.asarray(primary, dtype=float),
        constraints=[cover],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options=options,
    )
    if first.x is None:  # pragma: no cover - every gap skill is taught: always feasible
        raise MatchingError(f"the solver failed: {first.message}", code="solver")
    best = round(first.fun)
    budget = LinearConstraint(np.asarray([primary], dtype=float), lb=-np.inf, ub=best + 0.5)
    second = milp(
        np.asarray(secondary, dtype=float),
        constraints=[cover, budget],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        options=options,
    )
    x = second.x if second.x is not None else first.x
    return [c for c, v in zip(useful, x, strict=True) if v > 0.5]


def _uncovered(gap: frozenset[str], usable: Sequence[Course]) -> frozenset[str]:
    return gap - frozenset().union(*(c.skills for c in usable))


def _one(
    have: frozenset[str],
    need: frozenset[str],
    usable: Sequence[Course],
    region: str | None,
    objective: str,
    method: str,
    tables: dict[tuple[frozenset[str], str | None], _Table] | None = None,
) -> Path:
    gap = need - have
    if not gap:
        return _path([], gap, objective)
    missing = _uncovered(gap, usable)
    if missing:
        raise Uncoverable(missing, region=region)
    if method == "milp" or (method == "auto" and len(gap) > DP_LIMIT):
        return _path(_solve_milp(gap, usable, objective), gap, objective)
    # A table over the subsets of ``need`` is shared by every request with the same need.
    universe = need if len(need) <= DP_LIMIT else gap
    key = (universe, region)
    table = tables.get(key) if tables is not None else None
    if table is None:
        table = _Table(sorted(universe), usable, objective)
        if tables is not None:
            tables[key] = table
    return _path(table.solve(gap), gap, objective)


def reconversion_path(
    have: Iterable[str],
    need: Iterable[str],
    courses: Sequence[Course],
    *,
    region: str | None,
    objective: str = "cost",
    method: str = "auto",
) -> Path:
    """The optimal set of courses (same region or remote) teaching ``need - have``.

    ``need`` included in ``have`` gives an empty path; raises ``Uncoverable`` naming the
    skills no reachable course teaches, ``MatchingError`` for a bad objective or course.

    Example:
        >>> c = [Course("a", frozenset({"x"}), Decimal(100), 10, None, True, Decimal("0.5"))]
        >>> reconversion_path([], ["x"], c, region=None).net_cost
        Decimal('50.0')
    """
    _check(courses, objective, method)
    return _one(
        frozenset(have),
        frozenset(need),
        _reachable(courses, region),
        region,
        objective,
        method,
    )


def reconversion_paths_batch(
    requests: Sequence[tuple[str, Iterable[str], Iterable[str], str | None]],
    courses: Sequence[Course],
    *,
    objective: str = "cost",
    method: str = "auto",
) -> dict[str, Path | Uncoverable]:
    """``reconversion_path`` for many ``(key, have, need, region)`` requests at once.

    Equal to calling ``reconversion_path`` for each request; an impossible request gives its
    ``Uncoverable`` instead of a path. Identical (gap, region) requests are solved once.

    Example:
        >>> c = [Course("a", frozenset({"x", "y"}), Decimal(100), 10, "MA-01")]
        >>> out = reconversion_paths_batch([("k1", [], ["x"], "MA-01"),
        ...                                 ("k2", [], ["x"], "MA-02")], c)
        >>> out["k1"].courses, sorted(out["k2"].skills)
        (('a',), ['x'])
    """
    _check(courses, objective, method)
    reachable: dict[str | None, list[Course]] = {}
    tables: dict[tuple[frozenset[str], str | None], _Table] = {}
    solved: dict[tuple[frozenset[str], frozenset[str], str | None], Path | Uncoverable] = {}
    result: dict[str, Path | Uncoverable] = {}
    for key, have, need, region in requests:
        need_set = frozenset(need)
        gap = need_set - frozenset(have)
        memo = (gap, need_set, region)
        answer = solved.get(memo)
        if answer is None:
            usable = reachable.get(region)
            if usable is None:
                usable = reachable[region] = _reachable(courses, region)
            try:
                answer = _one(frozenset(have), need_set, usable, region, objective, method, tables)
            except Uncoverable as error:
                answer = error
            solved[memo] = answer
        result[key] = answer
    return result
