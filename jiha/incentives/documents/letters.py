"""The decision letter: one PDF, a French page then an Arabic page (right to left), by WeasyPrint.

Arabic is shaped by Pango/HarfBuzz with DejaVu Sans, which has the Arabic glyphs (installed by
``.ci/run``); the page is self-contained (no URL is fetched while rendering).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from jiha.incentives.models import Decision

LANGUAGES = ("fr", "ar")


def amount_text(amount: Decimal | None) -> str:
    """``1234567.5`` → ``1 234 567,50 MAD`` (no-break spaces); None → to be confirmed."""
    if amount is None:
        return _("to be confirmed")
    grouped = f"{amount:,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{grouped}\u00a0MAD"


def explanation_lines(computation: dict[str, Any] | None) -> tuple[list[str], list[dict[str, Any]]]:
    """The amounts computed (label = value) and every legal parameter they rest on, once."""
    lines: list[str] = []
    parameters: dict[str, dict[str, Any]] = {}

    def walk(node: dict[str, Any], depth: int) -> None:
        label = node.get("label")
        if isinstance(label, dict):
            lang = translation.get_language() or "fr"
            label = label.get(lang[:2]) or label.get("fr") or ""
        if depth < 2 and node.get("value") is not None:
            lines.append(f"{_(str(label or node.get('variable', '')))} = {node.get('value')}")
        for parameter in node.get("parameters") or []:
            if isinstance(parameter, dict) and parameter.get("name"):
                parameters.setdefault(str(parameter["name"]), parameter)
        for child in node.get("inputs") or []:
            if isinstance(child, dict):
                walk(child, depth + 1)

    for node in ((computation or {}).get("explanations") or {}).values():
        if isinstance(node, dict):
            walk(node, 0)
    return lines, list(parameters.values())


def _section(decision: Decision, code: str, language: str) -> str:
    dossier = decision.dossier
    with translation.override(language):
        lines, parameters = explanation_lines(dossier.computation)
        verify_url = settings.SITE_URL.rstrip("/") + reverse(
            "incentives:letter_verify", kwargs={"code": code}
        )
        context = {
            "decision": decision,
            "dossier": dossier,
            "scheme_label": dossier.scheme.label(language),
            "approved": decision.outcome == Decision.Outcome.APPROVED,
            "amount": amount_text(decision.amount),
            "computed": amount_text(decision.computed_amount),
            "adjusted": decision.amount != decision.computed_amount,
            "lines": lines,
            "parameters": parameters,
            "legal_basis": dossier.scheme.legal_basis or [],
            "interpretations": [
                note
                for note in (dossier.computation or {}).get("interpretations") or []
                if isinstance(note, dict)
            ],
            "code": code,
            "verify_url": verify_url,
            "language": language,
            "rtl": language == "ar",
        }
        return render_to_string("incentives/documents/letter_section.html", context)


def letter_html(decision: Decision, code: str) -> str:
    sections = [_section(decision, code, language) for language in LANGUAGES]
    return render_to_string("incentives/documents/letter.html", {"sections": sections})


def letter_pdf(decision: Decision, code: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=letter_html(decision, code)).write_pdf())
