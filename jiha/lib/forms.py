"""What every Jiha form shares: Bootstrap's CSS classes on its widgets."""

from __future__ import annotations

from typing import Any

from django import forms


def bootstrap_class(field: forms.Field) -> str:
    """The Bootstrap class a field's widget needs."""
    widget = field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
        return "form-check-input"
    if isinstance(widget, forms.Select):  # SelectMultiple too
        return "form-select"
    return "form-control"


class BootstrapFormMixin:
    """Give each field the Bootstrap class of its widget (unless the form set one)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", bootstrap_class(field))
