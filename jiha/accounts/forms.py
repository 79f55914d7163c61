from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from jiha.accounts.models import Organisation
from jiha.lib.forms import BootstrapFormMixin


class OrganisationProfileForm(BootstrapFormMixin, forms.ModelForm):
    ice = forms.CharField(
        label=_("ICE (company identifier)"),
        required=False,
        validators=[RegexValidator(r"^\d{15}$", _("The ICE has exactly 15 digits."))],
    )

    class Meta:
        model = Organisation
        fields = ["name", "ice", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
