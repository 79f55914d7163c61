"""Forms of the public simulator and of the parameter browser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jiha.incentives.assumptions import SalarySource, salary_sources
from jiha.incentives.engine_io import HireGroup, Location, Project, TrainingItem, years_covered
from jiha.incentives.models import ParameterConfidence
from jiha.incentives.simulator import Limits, check_years, project_build
from jiha.legislation.vocabulary import ACTIVITIES, NO_PARK, PARKS, PROFILES
from jiha.lib.forms import BootstrapFormMixin, run_on_form
from jiha.lib.vocabulary import choices
from jiha.regions.models import Province, Region

# One row of hires per profile at least, so any project of the advisor fits the simulator.
GROUPS, TRAININGS = max(4, len(PROFILES.codes)), 2
# Refusals of the simulator that concern one field of the form.
YEAR_ERRORS = {
    "years_reversed": "last_year",
    "years_before_legislation": "first_year",
    "years_after_last_payment": "last_year",
}
MODALITY_CHOICES = [("in_person", _("In person")), ("remote", _("Remote"))]
DATE = forms.DateInput(attrs={"type": "date"})


def _money(label: Any, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=Decimal(10**12),
        decimal_places=2,
        max_digits=15,
    )


class SimulatorForm(BootstrapFormMixin, forms.Form):
    simulation: tuple[Project, range]  # set by clean() once the project passes every check
    # The hire groups whose salary was left empty, and the observatory's regional salary used
    # for each instead (ADR 0021).
    salaries_prefilled: dict[int, SalarySource]

    region = forms.ModelChoiceField(Region.objects.all(), label=_("Region"), to_field_name="code")
    park = forms.ChoiceField(choices=choices(PARKS), label=_("Offshoring park"))
    province = forms.ModelChoiceField(
        Province.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Province (for the Investment Charter zone)"),
    )
    compare_region = forms.ModelChoiceField(
        Region.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Compare with region"),
    )
    compare_park = forms.ChoiceField(choices=choices(PARKS), required=False, label=_("and park"))
    activity = forms.ChoiceField(choices=choices(ACTIVITIES), label=_("Activity line"))
    profit = _money(_("Annual taxable profit (MAD)"))
    investment = _money(_("Investment (MAD)"))
    investment_date = forms.DateField(required=False, widget=DATE, label=_("Investment date"))
    planned_jobs = forms.IntegerField(
        min_value=0,
        max_value=1_000_000,
        required=False,
        label=_("Stable jobs created (Investment Charter)"),
        help_text=_("Empty: the number of hires above."),
    )
    # The range of years is checked with the API's rule and message (simulator.check_years).
    first_year = forms.IntegerField(initial=2026, label=_("From year"))
    last_year = forms.IntegerField(initial=2030, label=_("To year"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.salaries_prefilled = {}
        covered = years_covered()
        for name in ("first_year", "last_year"):
            self.fields[name].help_text = _("%(first)s to %(last)s") % {
                "first": covered.start,
                "last": covered.stop - 1,
            }
        for i in range(GROUPS):
            self.fields[f"g{i}_count"] = forms.IntegerField(
                min_value=0, max_value=100_000, required=False, label=_("Hires")
            )
            self.fields[f"g{i}_profile"] = forms.ChoiceField(
                choices=choices(PROFILES), required=False, label=_("Profile")
            )
            self.fields[f"g{i}_salary"] = _money(_("Annual gross salary (MAD)"))
            self.fields[f"g{i}_hire_date"] = forms.DateField(
                required=False, widget=DATE, label=_("Hiring date")
            )
            self.fields[f"g{i}_permanent"] = forms.BooleanField(
                required=False, initial=True, label=_("Permanent")
            )
            self.fields[f"g{i}_moroccan"] = forms.BooleanField(
                required=False, initial=True, label=_("Moroccan")
            )
            for name in ("count", "profile", "salary", "hire_date", "permanent", "moroccan"):
                self._row_label(f"g{i}_{name}", _("hire group %(n)s") % {"n": i + 1})
        for i in range(TRAININGS):
            self.fields[f"t{i}_group"] = forms.TypedChoiceField(
                choices=[("", "—")] + [(str(g), str(g + 1)) for g in range(GROUPS)],
                coerce=int,
                required=False,
                empty_value=None,
                label=_("Hire group"),
            )
            self.fields[f"t{i}_cost"] = _money(_("Cost per person (MAD)"))
            self.fields[f"t{i}_date"] = forms.DateField(
                required=False, widget=DATE, label=_("Start date")
            )
            self.fields[f"t{i}_modality"] = forms.ChoiceField(
                choices=MODALITY_CHOICES, required=False, label=_("Modality")
            )
            for name in ("group", "cost", "date", "modality"):
                self._row_label(f"t{i}_{name}", _("training %(n)s") % {"n": i + 1})

    def _row_label(self, name: str, row: str) -> None:
        """The full name of a field shown in a table cell (its column's label and its row), for
        screen readers and the error summary."""
        field = self.fields[name]
        field.widget.attrs["aria-label"] = f"{field.label} ({row})"

    def field_name(self, name: str) -> str:
        """What the error summary calls a field."""
        field = self.fields[name]
        return str(field.widget.attrs.get("aria-label") or field.label)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first_year") is not None and data.get("last_year") is not None:
            run_on_form(
                self,
                partial(check_years, data["first_year"], data["last_year"]),
                fields=YEAR_ERRORS,
            )
        province, region = data.get("province"), data.get("region")
        if province and region and province.region_id != region.pk:
            self.add_error("province", _("This province is not in the chosen region."))
        groups = []
        self._prefill_salaries(data)
        for i in range(GROUPS):
            count = data.get(f"g{i}_count") or 0
            if not count:
                continue
            missing = [f for f in ("salary", "hire_date") if not data.get(f"g{i}_{f}")]
            for name in missing:
                self.add_error(f"g{i}_{name}", _("Needed for each group of hires."))
            if not missing:
                groups.append(i)
        if not groups and not self.errors:
            raise forms.ValidationError(_("Describe at least one group of hires."))
        if not self.errors:
            built = run_on_form(self, partial(self._build, data, groups), fields=YEAR_ERRORS)
            if built is not None:
                self.simulation = built
        return data

    def _prefill_salaries(self, data: dict[str, Any]) -> None:
        """An empty salary of a group of hires takes the observatory's latest regional salary
        of its profile in the chosen region, when one is published (else it stays needed)."""
        region = data.get("region")
        empty = [
            i
            for i in range(GROUPS)
            if data.get(f"g{i}_count") and data.get(f"g{i}_salary") in (None, "")
        ]
        if region is None or not empty:
            return
        profiles = {data.get(f"g{i}_profile") or "bpo" for i in empty}
        found = salary_sources([region.code], profiles)
        for i in empty:
            source = found.get((region.code, data.get(f"g{i}_profile") or "bpo"))
            if source is not None:
                data[f"g{i}_salary"] = source.amount
                self.salaries_prefilled[i] = source

    def _build(self, data: dict[str, Any], chosen: list[int]) -> tuple[Project, range]:
        """The project, built and bounded as the API builds it."""
        index = {g: position for position, g in enumerate(chosen)}
        return project_build(
            activity=data["activity"],
            groups=[
                HireGroup(
                    profile=data[f"g{i}_profile"] or "bpo",
                    gross_annual_salary=data[f"g{i}_salary"],
                    hire_date=data[f"g{i}_hire_date"],
                    count=data[f"g{i}_count"],
                    permanent=bool(data[f"g{i}_permanent"]),
                    moroccan=bool(data[f"g{i}_moroccan"]),
                )
                for i in chosen
            ],
            trainings=[
                TrainingItem(
                    group=index[data[f"t{i}_group"]],
                    cost=data[f"t{i}_cost"] or Decimal(0),
                    start_date=data[f"t{i}_date"] or dt.date(data["first_year"], 1, 1),
                    modality=data[f"t{i}_modality"] or "in_person",
                )
                for i in range(TRAININGS)
                if data.get(f"t{i}_group") in index and data.get(f"t{i}_cost")
            ],
            first_year=data["first_year"],
            last_year=data["last_year"],
            limits=Limits.synchronous(),
            profit=data.get("profit") or Decimal(0),
            investment=data.get("investment") or Decimal(0),
            investment_date=data.get("investment_date"),
            planned_jobs=data.get("planned_jobs"),
        )

    def locations(self) -> list[Location]:
        data = self.cleaned_data
        province = data.get("province")
        found = [Location(data["region"].code, data["park"], province.code if province else None)]
        if data.get("compare_region"):
            found.append(Location(data["compare_region"].code, data.get("compare_park") or NO_PARK))
        return found

    def project(self) -> tuple[Project, range]:
        return self.simulation


class ParameterValueForm(BootstrapFormMixin, forms.Form):
    start = forms.DateField(label=_("In force from"), widget=DATE)
    value = forms.CharField(
        label=_("Value"),
        required=False,
        max_length=500,
        help_text=_(
            "Rates as decimals (0.2 for 20 %), amounts in MAD, lists separated by "
            "commas. Leave empty for a value still to be confirmed."
        ),
    )
    reference = forms.CharField(label=_("Legal reference"), max_length=500)
    confidence = forms.ChoiceField(choices=ParameterConfidence.choices, label=_("Confidence"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
