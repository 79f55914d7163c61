from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from jiha.accounts.models import Organisation


class OrganisationProfileForm(forms.ModelForm):
    ice = forms.CharField(
        label=_("ICE (company identifier)"),
        required=False,
        validators=[RegexValidator(r"^\d{15}$", _("The ICE has exactly 15 digits."))],
    )

    class Meta:
        model = Organisation
        fields = ["name", "ice", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
