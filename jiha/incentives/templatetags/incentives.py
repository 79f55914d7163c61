from __future__ import annotations

from django import template
from django.utils.translation import gettext

from jiha.incentives.models import ParameterConfidence

register = template.Library()


@register.filter
def confidence_label(code: str) -> str:
    """The translated name of a confidence code (official, secondary, to_confirm,
    interpretation)."""
    try:
        return str(ParameterConfidence(code).label)
    except ValueError:
        return code


@register.filter
def translated(text: str) -> str:
    """gettext on a text held in a variable (``{% translate var %}`` doubles its % signs)."""
    return gettext(str(text))
