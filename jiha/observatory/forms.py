from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiha.lib.forms import BootstrapFormMixin
from jiha.observatory.models import Dataset


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


class DatasetForm(BootstrapFormMixin, forms.ModelForm):
    """A new dataset's description; its figures come with its first version."""

    class Meta:
        model = Dataset
        fields = [
            "slug",
            "title_fr",
            "title_ar",
            "title_en",
            "description",
            "publisher",
            "source_url",
            "licence",
            "theme",
            "update_frequency",
            "confidence",
            "synthetic",
        ]
        labels = {
            "slug": _("Identifier (letters, digits and hyphens: it is in the dataset's address)"),
            "title_fr": _("Title in French"),
            "title_ar": _("Title in Arabic"),
            "title_en": _("Title in English"),
            "description": _("Description"),
            "publisher": _("Publisher"),
            "source_url": _("Source address (URL)"),
            "licence": _("Licence"),
            "theme": _("Theme (e.g. labour, population, offshoring)"),
            "update_frequency": _("Update frequency"),
            "confidence": _("Confidence"),
            "synthetic": _("Demo data (synthetic, never real)"),
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"].lower()
        if slug.startswith(("-", "_")):  # a leading sign would be neutralised in spreadsheets
            raise forms.ValidationError(_("The identifier starts with a letter or a digit."))
        return slug

    def validate_unique(self) -> None:
        """Uniqueness is the service's to check, in its transaction (one message)."""
