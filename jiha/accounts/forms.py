from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jiha.accounts.models import ApiToken, Organisation
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


class ApiTokenForm(BootstrapFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Organisation")
    )
    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “ERP export”.")
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)
    expires_on = forms.DateField(
        label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = organisations
