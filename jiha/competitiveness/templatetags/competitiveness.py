from __future__ import annotations

from django import template

register = template.Library()


# These return CSS numbers as text: a float would be localised ("45,5" in French and Arabic)
# and CSS would ignore it.


@register.filter
def rank_offset(rank: float | None, units: int = 12) -> str:
    """Start position (%) of a rank on a 1…units axis, for the interval bars."""
    value = 0.0 if rank is None else (float(rank) - 1) / max(units - 1, 1) * 100
    return f"{value:.2f}"


@register.filter
def rank_span(interval: dict[str, float], units: int = 12) -> str:
    low, high = interval.get("low"), interval.get("high")
    if low is None or high is None:
        return "0"
    return f"{(float(high) - float(low)) / max(units - 1, 1) * 100:.2f}"
