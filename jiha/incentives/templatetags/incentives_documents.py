"""``{% dossier_documents dossier %}``: the documents block of a dossier page, for the user."""

from __future__ import annotations

from typing import Any

from django import template

from jiha.incentives.documents import selectors

register = template.Library()


@register.inclusion_tag("incentives/documents/includes/documents.html", takes_context=True)
def dossier_documents(context: dict[str, Any], dossier: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "documents": selectors.dossier_documents(user=user, dossier=dossier),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def bytes_mb(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1_048_576:.1f} MB"
