"""The value types of the matching engine (frozen dataclasses, the agreed public API).

Example:
    >>> Profile("c1", {"python": 3}, frozenset({"fr"}), "MA-03").remote_ok
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "Course",
    "Forecast",
    "Match",
    "Mention",
    "Offer",
    "Path",
    "Profile",
    "Series",
    "Weights",
]


@dataclass(frozen=True)
class Profile:
    """A candidate, already pseudonymised by the app.

    ``skills`` maps a skill code to a level 1..4; ``region`` is a region code ("MA-03") or
    ``None`` when unknown; ``remote_ok`` says the candidate accepts remote work.
    """

    key: str
    skills: Mapping[str, int]
    languages: frozenset[str]
    region: str | None
    remote_ok: bool = True


@dataclass(frozen=True)
class Offer:
    """A job offer: essential and optional skill codes, required languages (all needed).

    ``region=None`` with ``remote=True`` is a fully remote offer; a region with
    ``remote=True`` is an offer open both on site and remotely.
    """

    key: str
    essential: frozenset[str]
    optional: frozenset[str]
    languages: frozenset[str]
    region: str | None
    remote: bool = False


@dataclass(frozen=True)
class Weights:
    """How a match is scored (see ``ranking`` and ADR 0017).

    ``essential`` and ``optional`` weigh each skill of an offer in the coverage;
    ``language`` and ``location`` are the shares of the score given to the language and
    location fits (the skill coverage gets the rest); a candidate's skill counts as held
    when its level is at least ``min_level``.
    """

    essential: float = 2.0
    optional: float = 1.0
    language: float = 0.15
    location: float = 0.15
    min_level: int = 1


@dataclass(frozen=True)
class Match:
    """One candidate-offer pair, scored; missing skills are sorted codes."""

    candidate: str
    offer: str
    score: float
    coverage: float
    language_fit: bool
    location_fit: bool
    missing_essential: tuple[str, ...]
    missing_optional: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    """A skill found in free text: the label that matched, the span and the fuzzy score."""

    skill: str
    label: str
    text: str
    start: int
    end: int
    score: float


@dataclass(frozen=True)
class Course:
    """A training programme session: skills taught, cost (MAD, before reimbursement), hours.

    ``region=None`` with ``remote=True`` is a remote course; ``reimbursable_share`` (0..1)
    comes from the rules engine, ``None`` when unknown.
    """

    key: str
    skills: frozenset[str]
    cost: Decimal
    hours: int
    region: str | None
    remote: bool = False
    reimbursable_share: Decimal | None = None


@dataclass(frozen=True)
class Path:
    """A reconversion path: the courses (stable order), totals and the gap skills covered.

    ``net_cost`` is the cost after reimbursement, known only when every course's share is.
    """

    courses: tuple[str, ...]
    cost: Decimal
    net_cost: Decimal | None
    hours: int
    covers: frozenset[str]
    objective: str


@dataclass(frozen=True)
class Series:
    """Hires per period for one key (e.g. "MA-03|developer-family"), periods ascending."""

    key: str
    periods: tuple[str, ...]
    values: tuple[float, ...]


@dataclass(frozen=True)
class Forecast:
    """The next period's predicted value, its back-tested error and whether it is published."""

    key: str
    period: str
    value: float
    backtest_error: float | None
    published: bool
    method: str
