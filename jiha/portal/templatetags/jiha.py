"""Template helpers shared by every page."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context: template.Context, language: str) -> str:
    """The current page's URL in another language (i18n_patterns prefixes /ar/ and /en/)."""
    request: HttpRequest = context["request"]
    return translate_url(request.get_full_path(), language)
