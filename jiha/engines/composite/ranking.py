"""Ranks: 1 = highest score, ties share the best rank ("1224", competition ranking).

A unit's rank is 1 + the number of units whose score is higher by more than a tolerance of
``1e-9 x max(1, largest |score|)``, so scores that differ only by floating-point noise tie.
COINr's ``rank(-x, ties.method = "min")`` compares the raw doubles and ranks such noise apart
(0.1 + 0.2 above 0.3): a deliberate difference, docs/decisions/0008-composite-engine.md.
Units without a score get a NaN rank.

Example:
    >>> import numpy as np
    >>> rank_units(np.array([50.0, 80.0, 50.0, np.nan, 20.0])).tolist()
    [2.0, 1.0, 2.0, nan, 4.0]
"""

from __future__ import annotations

import numpy as np

from .types import FloatArray

__all__ = ["TOLERANCE", "rank_units"]

#: Relative tolerance under which two scores tie.
TOLERANCE = 1e-9

#: Rows of a batch ranked together (caps the pairwise temporary at ~ rows x units² cells).
_ROWS_PER_BLOCK = 512


def rank_units(scores: FloatArray, axis: int = -1) -> FloatArray:
    """Rank units along ``axis`` (default last), independently for every other position.

    Example:
        >>> rank_units(np.array([[1.0, 2.0], [3.0, 0.0]]), axis=0).tolist()
        [[2.0, 1.0], [1.0, 2.0]]
    """
    moved = np.moveaxis(scores, axis, -1)
    flat = moved.reshape(-1, moved.shape[-1])
    ranks = np.empty_like(flat)
    for start in range(0, flat.shape[0], _ROWS_PER_BLOCK):
        ranks[start : start + _ROWS_PER_BLOCK] = _rank_rows(flat[start : start + _ROWS_PER_BLOCK])
    return np.moveaxis(ranks.reshape(moved.shape), -1, axis)


def _rank_rows(rows: FloatArray) -> FloatArray:
    magnitude = np.nanmax(np.abs(rows), axis=-1, initial=0.0, where=~np.isnan(rows), keepdims=True)
    tolerance = TOLERANCE * np.maximum(1.0, magnitude)
    with np.errstate(invalid="ignore"):
        higher = rows[:, None, :] > rows[:, :, None] + tolerance[:, :, None]
    ranks = 1.0 + higher.sum(axis=-1)
    return np.where(np.isnan(rows), np.nan, ranks)
