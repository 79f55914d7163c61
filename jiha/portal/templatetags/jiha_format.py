"""``{% load jiha_format %}``: the one number formatter of the pages (see jiha.lib.numbers).

``{{ amount|num:"MAD" }}`` → "1 632 000 MAD" in French, "1,632,000 MAD" in English;
``{{ share|num:"%:1" }}`` fixes one decimal; ``{{ count|num }}`` has no unit;
``{{ value|num:indicator.unit }}`` takes the unit from the data.
"""

from __future__ import annotations

from django import template

from jiha.lib.numbers import format_number, unit_label

register = template.Library()


def _unit_and_decimals(argument: object) -> tuple[str, int | None]:
    text = "" if argument is None else str(argument)
    unit, sep, places = text.rpartition(":")
    if sep and places.strip().isdigit():
        return unit, int(places)
    return text, None


@register.filter
def num(value: object, argument: object = "") -> str:
    """``value`` grouped per the active language, followed by its unit (``"UNIT"`` or
    ``"UNIT:decimals"``; ``":1"`` for one decimal and no unit)."""
    unit, decimals = _unit_and_decimals(argument)
    return format_number(value, unit, decimals)


@register.filter(name="unit")
def unit_filter(unit: object) -> str:
    """``{{ indicator.unit|unit }}``: the unit in the active language (``percent`` → ``%``)."""
    return unit_label(unit)
