"""Numpy type aliases shared by the composite-indicator engine.

Arrays follow one layout everywhere: units on the second-to-last axis and indicators (or
aggregates) on the last axis, with optional leading replication axes, so ``(units, indicators)``
for one build and ``(replications, units, indicators)`` for Monte Carlo and Sobol batches.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["BoolArray", "FloatArray", "IntArray"]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
