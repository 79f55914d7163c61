"""Values the database cannot hold are refused row by row with a message (never a server
error), and values it can hold are stored exactly as sent (never rounded, never a float)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client

from jiha.accounts.models import User
from jiha.observatory import services
from jiha.observatory.models import ActivityReport, ActivityReportLine, Dataset, Observation
from jiha.observatory.report_forms import lines_from_file, report_schema
from jiha.observatory.schemas import integer_bounds

HEADER = "indicator,territory,period,value\n"


def import_values(dataset: Dataset, *values: str) -> services.ImportOutcome:
    rows = "".join(f"population,MA-{i + 1:02d},2024,{value}\n" for i, value in enumerate(values))
    request = services.ImportRequest(
        dataset=dataset, source=(HEADER + rows).encode(), file_name="x.csv", language="en"
    )
    return services.dataset_import(request)


def errors(outcome: services.ImportOutcome) -> list[tuple[int, str]]:
    return [(error.row, error.code) for error in outcome.report.errors]


def test_it_refuses_observations_the_value_column_cannot_hold(dataset: Dataset) -> None:
    outcome = import_values(dataset, "1e18", "-1000000000000000000", "0.0000001", "1.1234567", "5")

    assert errors(outcome) == [
        (2, "exclusive-maximum"),
        (3, "exclusive-minimum"),
        (4, "decimal-places"),
        (5, "decimal-places"),
    ]
    assert not Observation.objects.exists()


def test_the_upload_page_answers_an_overflow_with_the_row_not_a_server_error(
    analyst_client: Client,
) -> None:
    file = io.BytesIO(f"{HEADER}population,MA-03,2024,1e18\n".encode())
    file.name = "big.csv"

    response = analyst_client.post("/en/observatory/datasets/fes-labour/upload/", {"file": file})

    assert response.status_code == 422
    assert "Row 2, column &quot;value&quot;: &quot;1e18&quot; must be less than" in (
        response.content.decode()
    )


def test_it_stores_the_largest_and_the_smallest_values_exactly(dataset: Dataset) -> None:
    edge = "999999999.999999" if connection.vendor == "sqlite" else "999999999999999999.999999"

    outcome = import_values(dataset, edge, "0.000001", "-42.5")

    assert outcome.version is not None, outcome.report.messages()
    stored = Observation.objects.order_by("territory").values_list("value", flat=True)
    assert list(stored) == [Decimal(edge), Decimal("0.000001"), Decimal("-42.5")]


def test_it_keeps_integers_beyond_float_precision_exact_or_refuses_them(dataset: Dataset) -> None:
    outcome = import_values(dataset, "12345678901234567")

    if connection.vendor == "sqlite":  # Django reads SQLite decimals with 15 digits
        assert errors(outcome) == [(2, "significant-digits")]
    else:
        assert Observation.objects.get().value == Decimal("12345678901234567")


def test_the_report_template_bounds_are_the_columns_bounds() -> None:
    fields = {field["name"]: field for field in report_schema()["fields"]}
    headcount = ActivityReportLine._meta.get_field("headcount")

    assert fields["headcount"]["constraints"]["maximum"] == integer_bounds(headcount)["maximum"]
    assert fields["export_revenue"]["decimalPlaces"] == 2
    assert fields["export_revenue"]["constraints"]["exclusiveMaximum"] == 10**14


def _template(headcount: object, revenue: object) -> bytes:
    return (
        "region,profile,headcount,women,under_30,new_hires,training_hours_in_person,"
        f"training_hours_remote,export_revenue,investment\nMA-03,bpo,{headcount},1,1,1,1,1,"
        f"{revenue},0\n"
    ).encode()


@pytest.mark.parametrize(
    ("headcount", "revenue", "code"),
    [
        ("above", "10", None),
        (12, "100000000000000", "exclusive-maximum"),
        (12, "10.005", "decimal-places"),
    ],
)
def test_a_report_file_with_figures_the_columns_cannot_hold_is_refused(
    reference: None, headcount: object, revenue: str, code: str | None
) -> None:
    maximum = integer_bounds(ActivityReportLine._meta.get_field("headcount"))["maximum"]
    if headcount == "above":
        headcount = maximum + 1

    lines, report = lines_from_file(_template(headcount, revenue), "r.csv", "en")

    assert lines == [] and len(report.errors) == 1
    assert report.errors[0].code in ((code,) if code else ("maximum", "integer-overflow"))


def test_the_report_page_answers_an_absurd_headcount_with_a_message(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    maximum = integer_bounds(ActivityReportLine._meta.get_field("headcount"))["maximum"]
    file = io.BytesIO(_template(maximum + 1, "10"))  # 2,147,483,648 on PostgreSQL
    file.name = "report.csv"

    response = client.post(
        "/en/observatory/reports/new/", {"mode": "file", "year": "2025", "file": file}
    )

    assert response.status_code == 422 and b"headcount" in response.content
    assert not ActivityReport.objects.exists()


def test_report_money_is_kept_to_the_cent(reference: None) -> None:
    lines, report = lines_from_file(_template(12, "12345678901.23"), "r.csv", "en")

    assert report.valid and lines[0].export_revenue == Decimal("12345678901.23")
