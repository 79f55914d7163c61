"""A reform's result as rows (page, CSV, XLSX): one per region, then the total."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from jiha.reforms.models import Reform
from jiha.regions.selectors import region_names

FORMATS = ("csv", "xlsx")
AMOUNTS = ("baseline", "reform", "difference")
COUNTS = ("companies_gaining", "companies_losing", "employees_gaining", "employees_losing")


def _headers() -> list[str]:
    return [
        _("Region code"),
        _("Region"),
        _("Law in force (MAD)"),
        _("With the reform (MAD)"),
        _("Difference (MAD)"),
        _("Companies gaining"),
        _("Companies losing"),
        _("Employees gaining"),
        _("Employees losing"),
    ]


def result_rows(reform: Reform) -> list[dict[str, Any]]:
    """The region rows, then the total (region code "MA")."""
    result = reform.result or {}
    names = region_names()
    rows = [
        {**row, "name": names.get(row["region"], row["region"])}
        for row in result.get("regions", [])
    ]
    if "total" in result:
        rows.append({**result["total"], "region": "MA", "name": _("Morocco (total)")})
    return rows


def _values(row: dict[str, Any]) -> list[Any]:
    return [row["region"], row["name"], *(row[k] for k in AMOUNTS), *(row[k] for k in COUNTS)]


def export_response(reform: Reform, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    rows = result_rows(reform)
    name = f"reform-{reform.pk}-{slugify(reform.name)[:40] or 'result'}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_headers())
        writer.writerows(_values(row) for row in rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Reform"))
        sheet.append(_headers())
        for row in rows:
            values = _values(row)
            sheet.append([*values[:2], *(float(v) for v in values[2:5]), *values[5:]])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
