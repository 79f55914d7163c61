"""Small template helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``{{ names|get_item:code }}``: a dictionary lookup with a variable key."""
    return mapping.get(key, key) if isinstance(mapping, dict) else key


@register.filter
def labelled(field: Any, row: Any) -> Any:
    """``{{ field|labelled:forloop.counter }}``: a form field drawn in a table cell, named for
    screen readers by its column label and its row ("Salary 2"), since no ``<label>`` fits there."""
    return field.as_widget(attrs={"aria-label": f"{field.label} {row}"})


@register.simple_tag(takes_context=True)
def nav_current(context: Any, url_name: str) -> str:
    """``aria-current="page"`` (and Bootstrap's ``active``) on the nav link of the page shown;
    ``active`` alone on the link of the section it belongs to."""
    request = context.get("request")
    if request is None:
        return 'class="nav-link"'
    target = reverse(url_name)
    if request.path == target:
        return mark_safe('class="nav-link active" aria-current="page"')  # noqa: S308  (constant)
    home = reverse("portal:home")
    if target != home and request.path.startswith(target):
        return mark_safe('class="nav-link active"')  # noqa: S308  (constant)
    return mark_safe('class="nav-link"')  # noqa: S308  (constant)
