from __future__ import annotations

from collections.abc import Callable

import pytest
from django import forms
from django.utils import translation

from jiha.lib.errors import AppError, InvalidInput, PermissionDenied
from jiha.lib.forms import BootstrapFormMixin, run_on_form
from jiha.lib.i18n import current_language


class Sample(BootstrapFormMixin, forms.Form):
    name = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A")])
    agree = forms.BooleanField(required=False)
    size = forms.IntegerField(widget=forms.NumberInput(attrs={"class": "custom"}))


def test_it_gives_each_widget_its_bootstrap_class() -> None:
    form = Sample()
    classes = {name: field.widget.attrs["class"] for name, field in form.fields.items()}
    assert classes == {
        "name": "form-control",
        "kind": "form-select",
        "agree": "form-check-input",
        "size": "custom",
    }


def test_it_gives_the_two_letter_language_and_french_by_default() -> None:
    with translation.override("en-gb"):
        assert current_language() == "en"
    with translation.override(None):
        assert current_language() == "fr"
    with translation.override("de"):
        assert current_language() == "fr"


class Years(BootstrapFormMixin, forms.Form):
    first = forms.IntegerField()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["later"] = forms.BooleanField(required=False)


def _refuse(error: AppError) -> Callable[[], None]:
    def call() -> None:
        raise error

    return call


def test_it_styles_a_field_added_after_the_form_was_built() -> None:
    assert 'class="form-check-input"' in str(Years()["later"])


def test_a_refusal_goes_on_the_field_its_code_names_else_on_the_form() -> None:
    form = Years({"first": "2020"})
    assert form.is_valid()
    refusal = InvalidInput("Too early.", code="too_early")
    assert run_on_form(form, _refuse(refusal), fields={"too_early": "first"}) is None
    assert form.errors == {"first": ["Too early."]}
    assert run_on_form(form, _refuse(InvalidInput("No."))) is None
    assert form.non_field_errors() == ["No."]
    assert run_on_form(form, lambda: 42) == 42


def test_a_refusal_of_permission_goes_on_to_the_error_page() -> None:
    form = Years({"first": "2020"})
    with pytest.raises(PermissionDenied):
        run_on_form(form, _refuse(PermissionDenied("Not yours.")))
    assert not form.errors
