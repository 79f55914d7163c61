"""Matching engine: candidates and offers, skills in free text, reconversion paths, outlook.

Framework-free (numpy, scipy, rapidfuzz): rank offers for a candidate and candidates for an
offer by weighted skill coverage, language and location fit (``ranking``), vectorised for
whole populations (``top_offers_batch``); find skills in a CV or an offer (``extract``); the
cheapest or shortest set of courses covering a skill gap, solved exactly (``paths``); a
back-tested hiring forecast (``forecast``). Scoring and solver choices: ADR 0017.
"""

from __future__ import annotations

from .batch import TopOffers, top_offers_arrays, top_offers_batch
from .errors import MatchingError, Uncoverable
from .extract import extract_skills
from .forecast import forecast_hires
from .paths import reconversion_path, reconversion_paths_batch
from .ranking import rank_candidates, rank_offers
from .types import Course, Forecast, Match, Mention, Offer, Path, Profile, Series, Weights

__all__ = [
    "Course",
    "Forecast",
    "Match",
    "MatchingError",
    "Mention",
    "Offer",
    "Path",
    "Profile",
    "Series",
    "TopOffers",
    "Uncoverable",
    "Weights",
    "extract_skills",
    "forecast_hires",
    "rank_candidates",
    "rank_offers",
    "reconversion_path",
    "reconversion_paths_batch",
    "top_offers_arrays",
    "top_offers_batch",
]
