from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def rank_offset(rank: float | None, units: int = 12) -> float:
    """Left position (%) of a rank on a 1…units axis, for the interval bars."""
    return 0.0 if rank is None else (float(rank) - 1) / max(units - 1, 1) * 100


@register.filter
def rank_span(interval: dict[str, float], units: int = 12) -> float:
    low, high = interval.get("low"), interval.get("high")
    if low is None or high is None:
        return 0.0
    return (float(high) - float(low)) / max(units - 1, 1) * 100
