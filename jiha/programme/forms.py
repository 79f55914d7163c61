"""Forms of the programme pages (each hands its data to a service)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiha.lib.forms import BootstrapFormMixin
from jiha.observatory import selectors as observatory
from jiha.programme import selectors
from jiha.programme.models import Channel, Initiative
from jiha.programme.services import InitiativeData

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InitiativeForm(BootstrapFormMixin, forms.Form):
    workstream = forms.ModelChoiceField(label=_("Workstream"), queryset=selectors.workstream_list())
    title = forms.CharField(label=_("Title"), max_length=200)
    objective = forms.CharField(label=_("Objective"), widget=forms.Textarea(attrs={"rows": 3}))
    budget = forms.DecimalField(
        label=_("Budget (MAD)"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    starts_on = forms.DateField(label=_("Start date"), widget=DATE)
    ends_on = forms.DateField(label=_("End date"), widget=DATE)
    owner = forms.CharField(label=_("Owner (organisation)"), max_length=200)
    status = forms.ChoiceField(label=_("Status"), choices=Initiative.Status.choices)

    @classmethod
    def of(cls, initiative: Initiative, data: Any = None) -> InitiativeForm:
        initial = {
            name: getattr(initiative, name)
            for name in ("title", "objective", "budget", "starts_on", "ends_on", "owner", "status")
        }
        return cls(data, initial={**initial, "workstream": initiative.workstream})

    def data_for_service(self) -> InitiativeData:
        d = self.cleaned_data
        return InitiativeData(
            workstream=d["workstream"],
            title=d["title"],
            objective=d["objective"],
            budget=d["budget"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            owner=d["owner"],
            status=d["status"],
        )


class KpiForm(BootstrapFormMixin, forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Observatory indicator"), queryset=observatory.indicator_list()
    )
    baseline_value = forms.DecimalField(label=_("Baseline value"), max_digits=24, decimal_places=6)
    baseline_on = forms.DateField(label=_("Baseline date"), widget=DATE)
    target_value = forms.DecimalField(label=_("Target value"), max_digits=24, decimal_places=6)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)


class ProcedureForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Procedure"), max_length=200)
    channel_before = forms.ChoiceField(label=_("Channel before"), choices=Channel.choices)
    channel_after = forms.ChoiceField(label=_("Channel after"), choices=Channel.choices)
    volume_per_year = forms.IntegerField(label=_("Volume per year"), min_value=0)


class MilestoneForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)
    done_on = forms.DateField(label=_("Done on"), widget=DATE, required=False)
