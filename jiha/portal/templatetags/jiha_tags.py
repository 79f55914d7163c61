"""Small template helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``{{ names|get_item:code }}``: a dictionary lookup with a variable key."""
    return mapping.get(key, key) if isinstance(mapping, dict) else key
