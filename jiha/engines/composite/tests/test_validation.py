"""External validation: Spearman and Pearson correlations over the units with both values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from jiha.engines.composite import MIN_PAIRS, average_ranks, correlate


def test_it_matches_scipy_with_ties_and_missing_values() -> None:
    scores = np.array([63.4, 56.7, 54.2, 53.3, np.nan, 52.2, 51.3, 51.1, 46.5, 46.4, 43.7])
    outcome = np.array([30000.0, 0, 0, 2000, 5, 8000, 1500, 200, 0, 0, 0])
    both = ~np.isnan(scores)

    found = correlate(scores, outcome)

    assert found.n == 10
    assert found.spearman == pytest.approx(stats.spearmanr(scores[both], outcome[both])[0])
    assert found.pearson == pytest.approx(stats.pearsonr(scores[both], outcome[both])[0])


def test_it_gives_no_correlation_below_three_pairs() -> None:
    found = correlate(np.array([1.0, 2.0, np.nan]), np.array([3.0, 1.0, 2.0]))

    assert found.n == 2 < MIN_PAIRS
    assert not found.available and math.isnan(found.pearson)


def test_it_gives_no_correlation_with_a_constant_outcome() -> None:
    assert not correlate(np.array([1.0, 2.0, 3.0]), np.array([0.0, 0.0, 0.0])).available


def test_it_averages_tied_ranks() -> None:
    assert average_ranks(np.array([0.0, 5.0, 0.0, 0.0])).tolist() == [2.0, 4.0, 2.0, 2.0]


def test_it_refuses_arrays_of_different_shapes() -> None:
    with pytest.raises(ValueError, match="scores against"):
        correlate(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0]))
