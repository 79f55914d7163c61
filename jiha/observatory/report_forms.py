"""Activity report entry: a web form (one row per site region and profile) and the XLSX
template companies can fill offline and upload instead."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from jiha.legislation.vocabulary import PROFILES
from jiha.lib.forms import BootstrapFormMixin
from jiha.lib.vocabulary import choices
from jiha.observatory import engine_io
from jiha.observatory.models import ActivityReportLine
from jiha.observatory.reports import LineInput
from jiha.observatory.schemas import decimal_bounds, integer_bounds
from jiha.regions.selectors import region_codes, region_names

ROWS = 6
COLUMNS = [
    "region",
    "profile",
    "headcount",
    "women",
    "under_30",
    "new_hires",
    "training_hours_in_person",
    "training_hours_remote",
    "export_revenue",
    "investment",
]


def _typed(name: str, value: Any) -> Any:
    """Money columns as Decimal, counts as int; an empty cell is zero."""
    return Decimal(str(value or 0)) if name in COLUMNS[8:] else int(value or 0)


def _label(name: str) -> str:
    return str(getattr(_model_field(name), "verbose_name", name))


class ReportForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = [("", "—"), *region_names().items()]
        for i in range(ROWS):
            self.fields[f"r{i}_region"] = forms.ChoiceField(
                choices=regions, required=False, label=gettext_lazy("Site region")
            )
            self.fields[f"r{i}_profile"] = forms.ChoiceField(
                choices=choices(PROFILES),
                required=False,
                label=gettext_lazy("Profile"),
            )
            for name in COLUMNS[2:8]:
                self.fields[f"r{i}_{name}"] = forms.IntegerField(
                    min_value=0,
                    max_value=10_000_000,
                    required=False,
                    label=_label(name),
                )
            for name in COLUMNS[8:]:
                self.fields[f"r{i}_{name}"] = forms.DecimalField(
                    min_value=0,
                    max_digits=16,
                    decimal_places=2,
                    required=False,
                    label=_label(name),
                )

    def lines(self) -> list[LineInput]:
        data = self.cleaned_data
        out = []
        for i in range(ROWS):
            if not data.get(f"r{i}_region"):
                continue
            values: dict[str, Any] = {
                name: _typed(name, data.get(f"r{i}_{name}")) for name in COLUMNS[2:]
            }
            values["region"] = data[f"r{i}_region"]
            values["profile"] = data.get(f"r{i}_profile") or "bpo"
            out.append(LineInput(**values))
        return out


def template_xlsx() -> bytes:
    """The blank report template, with drop-down lists for the region and the profile."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "report"
    sheet.append(COLUMNS)
    regions = ",".join(region_codes())
    for column, values in (("A", regions), ("B", ",".join(PROFILES.codes))):
        validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}200")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_schema() -> dict[str, Any]:
    """The template's Table Schema; its bounds are what the report line columns hold, so a
    figure the database cannot keep is refused row by row (never a server error)."""
    return {
        "fields": [
            {"name": "region", "type": "string", "constraints": {"required": True}},
            {
                "name": "profile",
                "type": "string",
                "constraints": {"required": True, "enum": list(PROFILES.codes)},
            },
            *[
                {
                    "name": name,
                    "type": "integer",
                    "constraints": {"required": True, **integer_bounds(_model_field(name))},
                }
                for name in COLUMNS[2:8]
            ],
            *[_money_field(name) for name in COLUMNS[8:]],
        ],
        "primaryKey": ["region", "profile"],
        "foreignKeys": [
            {"fields": "region", "reference": {"resource": "regions", "fields": "code"}}
        ],
    }


def _model_field(name: str) -> Any:
    return ActivityReportLine._meta.get_field(name)


def _money_field(name: str) -> dict[str, Any]:
    bounds = decimal_bounds(_model_field(name))
    bounds["constraints"]["minimum"] = 0
    return {"name": name, "type": "number", **bounds}


def lines_from_file(data: bytes, filename: str, language: str) -> tuple[list[LineInput], Any]:
    """Report lines from a filled template (XLSX or CSV), checked by the tables engine: formulas,
    zip bombs, bad encodings, unknown regions and wrong types are refused with row and column."""
    from jiha.observatory.services import safe_filename

    report = engine_io.file_check(
        data,
        report_schema(),
        file_name=safe_filename(filename),
        references={"regions": set(region_codes())},
        language=language,
    )
    if not report.valid:
        return [], report
    lines = []
    for row in report.table.iter_rows(named=True):
        values: dict[str, Any] = {name: _typed(name, row[name]) for name in COLUMNS[2:]}
        values.update(region=row["region"], profile=row["profile"])
        lines.append(LineInput(**values))
    return lines, report
