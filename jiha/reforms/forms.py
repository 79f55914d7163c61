from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiha.lib.forms import BootstrapFormMixin
from jiha.reforms import selectors
from jiha.reforms.models import Reform
from jiha.regions.selectors import region_names


class ReformForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3})
    )
    kind = forms.ChoiceField(label=_("Kind of change"), choices=Reform.Kind.choices)
    start = forms.DateField(label=_("In force from"), widget=forms.DateInput({"type": "date"}))
    parameter = forms.ChoiceField(label=_("Parameter"), required=False)
    value = forms.CharField(
        label=_("New value"),
        required=False,
        max_length=50,
        help_text=_("A rate between 0 and 1 (0.2 for 20 %), an amount in MAD, or a number."),
    )
    bonus_amount = forms.DecimalField(
        label=_("Bonus per hire (MAD)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text=_("An amount you choose for this reform: it is not a legal figure."),
    )
    bonus_regions = forms.MultipleChoiceField(
        label=_("Regions of the bonus"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parameter = self.fields["parameter"]
        assert isinstance(parameter, forms.ChoiceField)  # noqa: S101 - declared above
        parameter.choices = [("", "—")] + [
            (p.name, f"{p.name} — {p.description} ({p.current})")
            for p in selectors.numeric_parameters()
        ]
        regions = self.fields["bonus_regions"]
        assert isinstance(regions, forms.MultipleChoiceField)  # noqa: S101 - declared above
        regions.choices = sorted(region_names().items())
