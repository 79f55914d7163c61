"""What every Jiha form shares: Bootstrap's CSS classes on its widgets, and a service's refusal
shown on the form that asked for it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest

from jiha.lib.errors import AppError

T = TypeVar("T")


def bootstrap_class(field: forms.Field) -> str:
    """The Bootstrap class a field's widget needs."""
    widget = field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
        return "form-check-input"
    if isinstance(widget, forms.Select):  # SelectMultiple too
        return "form-select"
    return "form-control"


class BootstrapFormMixin:
    """Give each field the Bootstrap class of its widget (unless the form set one), including
    the fields a form adds in its own ``__init__``: they get it when they are shown."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", bootstrap_class(field))

    def __getitem__(self, name: str) -> forms.BoundField:
        field = self.fields[name]
        field.widget.attrs.setdefault("class", bootstrap_class(field))
        bound: forms.BoundField = super().__getitem__(name)  # type: ignore[misc]
        return bound


def run_on_form(
    form: forms.BaseForm, call: Callable[[], T], *, fields: Mapping[str, str] | None = None
) -> T | None:
    """``call()`` (a service the form asks for). When the service refuses, the refusal becomes
    an error of ``form`` — on the field ``fields`` names for its code, else on the whole
    form — and None is returned, so the view shows the form again with the message (for a
    service that returns nothing, ``form.errors`` tells a refusal).

    A refusal of permission is not the form's business: it goes on to the error page.
    """
    try:
        return call()
    except AppError as refusal:
        if refusal.status == 403:
            raise
        form.add_error((fields or {}).get(refusal.code), str(refusal.message))
        return None


def run_as_message(request: HttpRequest, call: Callable[[], T], done: str) -> T | None:
    """``call()`` (a service a POST without a form to show again asks for): on success
    ``done`` as a message; on a refusal its message on the page the user comes back to, and
    None. Refusals of permission and unknown objects go on to the error page."""
    try:
        result = call()
    except AppError as refusal:
        if refusal.status in (403, 404):
            raise
        messages.error(request, str(refusal.message))
        return None
    messages.success(request, done)
    return result
