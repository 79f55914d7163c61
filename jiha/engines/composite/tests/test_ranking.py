"""Ranks: 1 = best, ties share the best rank, NaN stays unranked."""

from __future__ import annotations

import numpy as np
import pytest

from jiha.engines.composite import rank_units


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([50.0, 80.0, 50.0, 20.0], [2, 1, 2, 4]),
        ([1.0, 2.0, 3.0], [3, 2, 1]),
        ([7.0, 7.0, 7.0], [1, 1, 1]),
        ([0.1 + 0.2, 0.3, 0.0], [1, 1, 3]),  # equal up to floating-point noise
        ([-2.0, -1.0], [2, 1]),
    ],
)
def test_it_ranks_with_competition_ties(scores: list[float], ranks: list[int]) -> None:
    assert rank_units(np.array(scores)).tolist() == ranks


def test_it_leaves_units_without_score_unranked() -> None:
    result = rank_units(np.array([np.nan, 3.0, 5.0]))
    assert np.isnan(result[0]) and result[1:].tolist() == [2, 1]


def test_it_ranks_each_row_of_a_batch() -> None:
    batch = np.array([[1.0, 2.0], [2.0, 1.0], [5.0, 5.0]])
    assert rank_units(batch).tolist() == [[2, 1], [1, 2], [1, 1]]
    assert rank_units(batch, axis=0).tolist() == [[3, 2], [2, 3], [1, 1]]


def test_it_ranks_more_rows_than_one_block() -> None:
    rng = np.random.default_rng(3)
    scores = rng.random((1500, 9))
    expected = scores.shape[1] - np.argsort(np.argsort(scores, axis=1), axis=1)
    assert (rank_units(scores) == expected).all()


def test_it_ties_scores_that_differ_by_floating_point_noise_only() -> None:
    # COINr ranks these apart (rank(-x, ties.method = "min") on the raw doubles); Jiha ties
    # within 1e-9 x max(1, |score|): docs/decisions/0008-composite-engine.md.
    noisy = np.array([0.1 + 0.2, 0.3, 0.3 + 1e-6])

    assert rank_units(noisy).tolist() == [2.0, 2.0, 1.0]
