"""One locale-aware number formatter for every page: grouping per language, the unit always shown.

French groups with a narrow no-break space and writes a decimal comma, Arabic (as used in Morocco,
``jiha/config/formats/ar``) groups with a no-break space and writes a decimal comma, English groups
with a comma. The unit follows the number after a no-break space so the two never break apart.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats, numberformat, translation
from django.utils.translation import pgettext_lazy

from jiha.lib.i18n import current_language

MISSING = "—"
# The units of the observatory's indicators (``observatory/data/indicators.yaml``) and of amounts,
# as a reader of each language writes them. A unit not listed is shown as the data gives it.
UNITS = {
    "MAD": pgettext_lazy("unit", "MAD"),
    "bn MAD": pgettext_lazy("unit", "bn MAD"),
    "MAD/m²/month": pgettext_lazy("unit", "MAD/m²/month"),
    "percent": "%",
    "people": pgettext_lazy("unit", "people"),
    "households": pgettext_lazy("unit", "households"),
    "jobs": pgettext_lazy("unit", "jobs"),
    "establishments": pgettext_lazy("unit", "establishments"),
    "hours": pgettext_lazy("unit", "hours"),
    "passengers": pgettext_lazy("unit", "passengers"),
}
# Units written without a space in English ("12.5%"); French and Arabic put a narrow no-break
# space before them ("12,5 %").
_TIGHT_IN_ENGLISH = frozenset({"%", "‰"})
_NARROW_NBSP = "\u202f"
_NBSP = "\u00a0"


def unit_label(unit: object) -> str:
    """The unit as written in the active language (``percent`` → ``%``, ``MAD`` → ``درهم``)."""
    text = "" if unit is None else str(unit).strip()
    return str(UNITS.get(text, text))


def _as_decimal(value: object) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _auto_decimals(number: Decimal) -> int:
    """0 for a whole number, else up to two decimals (trailing zeros dropped)."""
    if number == number.to_integral_value():
        return 0
    rounded = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
    return max(0, -int(rounded.as_tuple().exponent))


def format_number(
    value: object, unit: str = "", decimals: int | None = None, language: str | None = None
) -> str:
    """``value`` grouped and with its unit, in the active (or given) language.

    ``decimals`` fixes the number of decimals; by default a whole number has none and any other
    keeps up to two. A missing or non-numeric value is an em dash (never "None" or "nan").

    Example:
        >>> format_number(1632000, "MAD", language="en")
        '1,632,000\\xa0MAD'
        >>> format_number("4467911.00", language="fr")
        '4\\u202f467\\u202f911'
        >>> format_number(12.5, "%", language="en")
        '12.5%'
        >>> format_number(None, "MAD", language="en")
        '—'
    """
    number = _as_decimal(value)
    if number is None:
        return MISSING
    if language is not None and language != current_language():
        with translation.override(language):
            return format_number(value, unit, decimals)
    language = current_language()
    places = _auto_decimals(number) if decimals is None else max(0, decimals)
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0"
    text = numberformat.format(
        rounded,
        formats.get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        places,
        formats.get_format("NUMBER_GROUPING", language, use_l10n=True),
        formats.get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        force_grouping=True,
        use_l10n=True,
    )
    unit = unit_label(unit)
    if not unit:
        return text
    if unit in _TIGHT_IN_ENGLISH:
        return f"{text}{unit}" if language == "en" else f"{text}{_NARROW_NBSP}{unit}"
    return f"{text}{_NBSP}{unit}"
