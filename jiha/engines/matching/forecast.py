"""Hiring outlook: simple explainable forecasts picked and published by back-test."""

from __future__ import annotations

from collections.abc import Sequence

from .types import Forecast, Series

__all__ = ["forecast_hires"]


def forecast_hires(
    series: Sequence[Series], *, max_error: float = 0.25, min_history: int = 4
) -> list[Forecast]:
    """Next-period forecast for each series, published when its back-tested MAPE is low."""
    raise NotImplementedError
