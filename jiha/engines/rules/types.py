"""numpy type aliases used across the rules engine."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
DateArray = npt.NDArray[np.datetime64]
StrArray = npt.NDArray[np.str_]
AnyArray = npt.NDArray[Any]
