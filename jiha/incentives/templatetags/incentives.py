from __future__ import annotations

from django import template
from django.utils.translation import gettext

from jiha.regions.models import Confidence

register = template.Library()


@register.filter
def confidence_label(code: str) -> str:
    """The translated name of a confidence code (official, secondary, to_confirm)."""
    try:
        return str(Confidence(code).label)
    except ValueError:
        return code


@register.filter
def translated(text: str) -> str:
    """gettext on a text held in a variable (``{% translate var %}`` doubles its % signs)."""
    return gettext(str(text))
