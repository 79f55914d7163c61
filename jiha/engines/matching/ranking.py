"""Candidate-offer ranking: weighted skill coverage, language fit and location fit.

The score of a candidate for an offer (ADR 0017)::

    coverage = (held essential x w_essential + held optional x w_optional)
               / (all essential x w_essential + all optional x w_optional)   (1.0 if no skill)
    score    = (1 - language - location) x coverage
               + language x language_fit + location x location_fit

* a skill is *held* when the candidate's level is at least ``Weights.min_level`` (levels
  otherwise do not weigh: an offer states no level);
* ``language_fit``: the candidate speaks every language the offer requires;
* ``location_fit``: the offer is in the candidate's region, or the offer is remote and the
  candidate accepts remote work;
* scores are rounded to 1e-9 so that equal scores tie exactly; ties go by key.

Example:
    >>> me = Profile("c1", {"python": 3, "sql": 2}, frozenset({"fr"}), "MA-03")
    >>> offers = [
    ...     Offer("o1", frozenset({"python", "sql"}), frozenset(), frozenset({"fr"}), "MA-03"),
    ...     Offer("o2", frozenset({"python", "java"}), frozenset({"git"}), frozenset({"en"}),
    ...           None, remote=True),
    ... ]
    >>> [(m.offer, m.score, m.missing_essential) for m in rank_offers(me, offers)]
    [('o1', 1.0, ()), ('o2', 0.43, ('java',))]
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import MatchingError
from .types import Match, Offer, Profile, Weights

__all__ = ["check_weights", "location_fits", "match_one", "rank_candidates", "rank_offers"]

_DEFAULT = Weights()


def check_weights(weights: Weights) -> None:
    """Refuse weights that cannot score: negative, no skill weight, shares above 1.

    Example:
        >>> try:
        ...     check_weights(Weights(language=0.7, location=0.5))
        ... except MatchingError as error:
        ...     print(error)
        the language and location shares add up to 1.2; they must add up to at most 1
    """
    values = (weights.essential, weights.optional, weights.language, weights.location)
    if any(not value >= 0 or value == float("inf") for value in values):
        raise MatchingError(
            "weights must be finite and non-negative; correct the weights", code="bad_weights"
        )
    if weights.essential <= 0:
        raise MatchingError(
            "the essential-skill weight must be positive; correct the weights",
            code="bad_weights",
        )
    total = weights.language + weights.location
    if total > 1:
        raise MatchingError(
            f"the language and location shares add up to {total:g}; they must add up to at most 1",
            code="bad_weights",
        )
    if not 1 <= weights.min_level <= 4:
        raise MatchingError("min_level must be a skill level between 1 and 4", code="bad_weights")


def _check_limit(limit: int) -> None:
    if limit < 0:
        raise MatchingError("limit must be zero or more", code="bad_limit")


def _held(profile: Profile, min_level: int) -> frozenset[str]:
    return frozenset(code for code, level in profile.skills.items() if level >= min_level)


def location_fits(profile: Profile, offer: Offer) -> bool:
    """Same region, or a remote offer for a candidate who accepts remote work.

    Example:
        >>> p = Profile("c", {}, frozenset(), "MA-01", remote_ok=False)
        >>> location_fits(p, Offer("o", frozenset(), frozenset(), frozenset(), None, True))
        False
    """
    if offer.region is not None and offer.region == profile.region:
        return True
    return offer.remote and profile.remote_ok


def match_one(
    profile: Profile,
    offer: Offer,
    *,
    weights: Weights = _DEFAULT,
    held: frozenset[str] | None = None,
) -> Match:
    """Score one candidate against one offer (the reference every batch result equals).

    Example:
        >>> p = Profile("c", {"a": 1}, frozenset({"fr"}), "MA-01")
        >>> o = Offer("o", frozenset({"a", "b"}), frozenset(), frozenset({"fr"}), "MA-02")
        >>> match_one(p, o).score
        0.5
    """
    if held is None:
        held = _held(profile, weights.min_level)
    essential_total = len(offer.essential) * weights.essential
    optional_total = len(offer.optional) * weights.optional
    total = essential_total + optional_total
    missing_essential = tuple(sorted(offer.essential - held))
    missing_optional = tuple(sorted(offer.optional - held))
    if total > 0:
        got = (len(offer.essential) - len(missing_essential)) * weights.essential + (
            len(offer.optional) - len(missing_optional)
        ) * weights.optional
        coverage = got / total
    else:
        coverage = 1.0
    language_fit = offer.languages <= profile.languages
    location_fit = location_fits(profile, offer)
    score = (1.0 - weights.language - weights.location) * coverage
    if language_fit:
        score += weights.language
    if location_fit:
        score += weights.location
    return Match(
        candidate=profile.key,
        offer=offer.key,
        score=round(score, 9),
        coverage=round(coverage, 9),
        language_fit=language_fit,
        location_fit=location_fit,
        missing_essential=missing_essential,
        missing_optional=missing_optional,
    )


def rank_offers(
    profile: Profile, offers: Sequence[Offer], *, limit: int = 10, weights: Weights = _DEFAULT
) -> list[Match]:
    """The ``limit`` best offers for one candidate, best first (ties by offer key).

    Example:
        >>> p = Profile("c", {"a": 2}, frozenset({"fr"}), "MA-01")
        >>> os = [Offer(k, frozenset({"a"}), frozenset(), frozenset(), "MA-01") for k in "yx"]
        >>> [m.offer for m in rank_offers(p, os, limit=1)]
        ['x']
    """
    check_weights(weights)
    _check_limit(limit)
    held = _held(profile, weights.min_level)
    matches = [match_one(profile, offer, weights=weights, held=held) for offer in offers]
    matches.sort(key=lambda m: (-m.score, m.offer))
    return matches[:limit]


def rank_candidates(
    offer: Offer, profiles: Sequence[Profile], *, limit: int = 50, weights: Weights = _DEFAULT
) -> list[Match]:
    """The ``limit`` best candidates for one offer, best first (ties by candidate key).

    Example:
        >>> o = Offer("o", frozenset({"a"}), frozenset(), frozenset(), "MA-01")
        >>> ps = [Profile("p1", {}, frozenset(), "MA-01"), Profile("p2", {"a": 1},
        ...       frozenset(), None)]
        >>> [(m.candidate, m.score) for m in rank_candidates(o, ps)]
        [('p2', 0.85), ('p1', 0.3)]
    """
    check_weights(weights)
    _check_limit(limit)
    matches = [match_one(profile, offer, weights=weights) for profile in profiles]
    matches.sort(key=lambda m: (-m.score, m.candidate))
    return matches[:limit]
