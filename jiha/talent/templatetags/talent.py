from __future__ import annotations

from django import template

from jiha.lib.i18n import current_language
from jiha.talent.vocabulary import SCHEMES

register = template.Library()


@register.filter
def scheme_label(code: str) -> str:
    """A training scheme's label in the active language (the code itself when unknown)."""
    return SCHEMES.label(code, current_language()) if code in SCHEMES else code
