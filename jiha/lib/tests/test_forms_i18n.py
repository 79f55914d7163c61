from __future__ import annotations

from django import forms
from django.utils import translation

from jiha.lib.forms import BootstrapFormMixin
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
