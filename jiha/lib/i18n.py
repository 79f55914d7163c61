"""The active language, as the two-letter code every translated field and message uses."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def current_language() -> str:
    """``fr``, ``ar`` or ``en``: the request's language, French when none is active.

    Example:
        >>> from django.utils import translation
        >>> with translation.override("ar-ma"):
        ...     current_language()
        'ar'
    """
    code = (get_language() or settings.LANGUAGE_CODE)[:2]
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


def localised(obj: object, field: str) -> str:
    """``obj.<field>_<language>``, falling back to the French text when it is empty."""
    return str(getattr(obj, f"{field}_{current_language()}", "") or getattr(obj, f"{field}_fr", ""))
