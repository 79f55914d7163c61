from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiha.lib.forms import BootstrapFormMixin


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("CSV, XLSX or ODS file"))
    note = forms.CharField(label=_("What changed"), required=False, max_length=500)
    decimal_comma = forms.BooleanField(
        label=_("Numbers use a decimal comma (12,5)"), required=False
    )
    sheet = forms.CharField(
        label=_("Sheet (XLSX or ODS; empty: the sheet the workbook opens on)"),
        required=False,
        max_length=100,
    )


class PublishForm(forms.Form):
    acknowledge = forms.BooleanField(
        required=False, label=_("I have checked the unusual changes listed above")
    )
    acknowledge_removals = forms.BooleanField(
        required=False, label=_("I confirm that the figures listed above may disappear")
    )
