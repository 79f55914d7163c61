from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jiha.accounts.models import Organisation
from jiha.exports.models import DossierExport
from jiha.lib.forms import BootstrapFormMixin


class ExportForm(BootstrapFormMixin, forms.Form):
    fmt = forms.ChoiceField(label=_("Format"), choices=DossierExport.Format.choices)
    organisation = forms.ModelChoiceField(
        label=_("Dossiers of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=None,
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], everything: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = organisations
        if everything:
            field.empty_label = _("Every dossier (staff)")
