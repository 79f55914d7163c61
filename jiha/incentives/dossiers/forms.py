"""Forms of the dossier pages: what a company types, and what a reviewer decides. They check
the shape of the input; the services decide what is allowed."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiha.incentives.dossiers.services import TrainingLineIn
from jiha.incentives.models import (
    CorrectionRequest,
    Decision,
    DossierState,
    Scheme,
    TrainingLine,
)
from jiha.legislation.vocabulary import ACTIVITIES, PARKS, PROFILES
from jiha.lib.forms import BootstrapFormMixin
from jiha.lib.vocabulary import choices
from jiha.regions.models import Region

# ISO dates: what a browser's date input reads (a localised 01/01/2027 would show empty).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank_first(options: Any) -> Any:
    """A blank first option, so that an untouched empty line of a formset stays unchanged."""
    return lambda: [("", "—"), *(options() if callable(options) else options)]


MONEY: dict[str, Any] = {"min_value": Decimal(0), "max_value": Decimal(10**12), "decimal_places": 2}


class SchemeField(forms.ModelChoiceField):
    """A scheme, shown by its name in the active language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label())


class DossierCreateForm(BootstrapFormMixin, forms.Form):
    scheme = SchemeField(
        Scheme.objects.filter(active=True), to_field_name="code", label=_("Scheme")
    )
    region = forms.ModelChoiceField(
        Region.objects.all(), to_field_name="code", label=_("Region of the activity")
    )
    period_start = forms.DateField(widget=DATE, label=_("Period from"))
    period_end = forms.DateField(widget=DATE, label=_("Period to"))
    # One key per form shown: a double click or a resent form creates one dossier.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = secrets.token_urlsafe(16)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class DossierDataForm(BootstrapFormMixin, forms.Form):
    """The data every scheme reads: the period, the activity, the site."""

    period_start = forms.DateField(widget=DATE, label=_("Period from"))
    period_end = forms.DateField(widget=DATE, label=_("Period to"))
    activity = forms.ChoiceField(choices=choices(ACTIVITIES), label=_("Activity line"))
    park = forms.ChoiceField(choices=choices(PARKS), label=_("Offshoring park"))
    investment = forms.DecimalField(required=False, label=_("Investment (MAD)"), **MONEY)
    investment_date = forms.DateField(required=False, widget=DATE, label=_("Investment date"))
    planned_jobs = forms.IntegerField(
        required=False, min_value=0, max_value=1_000_000, label=_("Stable jobs created")
    )

    def data_dict(self, previous: dict[str, Any]) -> dict[str, Any]:
        c = self.cleaned_data
        data = {**previous, "activity": c["activity"], "park": c["park"]}
        for name in ("investment", "investment_date", "planned_jobs"):
            value = c.get(name)
            data[name] = None if value is None else str(value)
        return data


class TrainingLineForm(BootstrapFormMixin, forms.Form):
    employee = forms.CharField(max_length=200, label=_("Employee"))
    profile = forms.ChoiceField(choices=_blank_first(choices(PROFILES)), label=_("Profile"))
    hire_date = forms.DateField(widget=DATE, label=_("Hiring date"))
    programme = forms.CharField(max_length=300, label=_("Training programme"))
    provider = forms.CharField(max_length=300, label=_("Training provider"))
    start_date = forms.DateField(widget=DATE, label=_("Training start"))
    hours = forms.DecimalField(min_value=0, max_value=10_000, decimal_places=1, label=_("Hours"))
    cost = forms.DecimalField(label=_("Cost (MAD)"), **MONEY)
    modality = forms.ChoiceField(
        choices=_blank_first(TrainingLine.Modality.choices), label=_("Modality")
    )
    attendance_proof = forms.CharField(
        max_length=300,
        required=False,
        label=_("Attendance proof"),
        help_text=_("Sign-in sheet, or the connection log of a remote training."),
    )

    def line(self) -> TrainingLineIn:
        return TrainingLineIn(**self.cleaned_data)


class HireForm(BootstrapFormMixin, forms.Form):
    profile = forms.ChoiceField(choices=_blank_first(choices(PROFILES)), label=_("Profile"))
    gross_annual_salary = forms.DecimalField(label=_("Gross annual salary (MAD)"), **MONEY)
    hire_date = forms.DateField(widget=DATE, label=_("Hiring date"))
    count = forms.IntegerField(
        min_value=1, max_value=100_000, required=False, label=_("Number"), help_text=_("Empty: 1")
    )
    # Worded so that an empty box is the common case: an untouched blank line stays blank.
    fixed_term = forms.BooleanField(required=False, label=_("Fixed-term contract"))
    foreign = forms.BooleanField(required=False, label=_("Not Moroccan"))

    def hire(self) -> dict[str, Any]:
        c = self.cleaned_data
        return {
            "profile": c["profile"],
            "gross_annual_salary": str(c["gross_annual_salary"]),
            "hire_date": c["hire_date"].isoformat(),
            "count": c["count"] or 1,
            "permanent": not c["fixed_term"],
            "moroccan": not c["foreign"],
        }


TrainingLineFormSet = forms.formset_factory(TrainingLineForm, extra=2, max_num=2000)
HireFormSet = forms.formset_factory(HireForm, extra=2, max_num=2000)


class AnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label=_("Your answer")
    )


class MessageForm(BootstrapFormMixin, forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label=_("Message")
    )


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(max_length=2000, required=False, label=_("Reason (optional)"))


class CorrectionForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(choices=CorrectionRequest.Kind.choices, label=_("The dossier is"))
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label=_("What to correct")
    )


class DecisionForm(BootstrapFormMixin, forms.Form):
    outcome = forms.ChoiceField(choices=Decision.Outcome.choices, label=_("Decision"))
    amount = forms.DecimalField(
        required=False,
        label=_("Amount (MAD)"),
        help_text=_("Empty: the computed amount. Another amount needs its written reason."),
        **MONEY,
    )
    adjustment_reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
        label=_("Reason for the adjusted amount"),
    )
    motivation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
        label=_("Motivation"),
    )


class InviteForm(BootstrapFormMixin, forms.Form):
    expert = forms.EmailField(label=_("Expert's e-mail address (a Jiha account)"))
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, label=_("Question")
    )


class OpinionForm(BootstrapFormMixin, forms.Form):
    opinion = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=10000, label=_("Your opinion")
    )


class QueueFilterForm(BootstrapFormMixin, forms.Form):
    scheme = SchemeField(
        Scheme.objects.all(), to_field_name="code", required=False, label=_("Scheme")
    )
    region = forms.ModelChoiceField(
        Region.objects.all(), to_field_name="code", required=False, label=_("Region")
    )
    state = forms.ChoiceField(required=False, label=_("State"))
    older_than_days = forms.IntegerField(
        required=False, min_value=0, max_value=3650, label=_("Submitted at least (days) ago")
    )
    mine = forms.BooleanField(required=False, label=_("Mine and my groups' only"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields["state"]
        assert isinstance(state, forms.ChoiceField)  # noqa: S101 - declared above
        state.choices = [("", _("Open (to instruct)")), *DossierState.choices]
