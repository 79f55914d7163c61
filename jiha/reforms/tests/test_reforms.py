"""What-if reforms: the law in force and a reform side by side over every activity report and
filed dossier, by region; saved, shared by link (staff), exported; never changing a decision."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from conftest import force_login_confirmed
from jiha.accounts.models import Membership, User
from jiha.incentives.dossiers.compute import dossier_computation
from jiha.incentives.engine_io import current_legislation, legislation_version
from jiha.incentives.models import Decision, Dossier, DossierState, ParameterValueChange, Scheme
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.observatory.demo import demo_costs_create
from jiha.observatory.reports import LineInput, report_submit
from jiha.observatory.services import observatory_reference_load
from jiha.reforms import services
from jiha.reforms.models import Reform
from jiha.regions.models import Region

pytestmark = pytest.mark.django_db

RATE = "offer_2025.employment_bonus.rate"
HIRE = {"profile": "it_engineer", "gross_annual_salary": "120000", "hire_date": "2025-09-01"}


def _line(region: str, new_hires: int, profile: str = "it_engineer") -> LineInput:
    return LineInput(
        region=region,
        profile=profile,
        headcount=new_hires + 5,
        women=2,
        under_30=3,
        new_hires=new_hires,
        training_hours_in_person=0,
        training_hours_remote=0,
        export_revenue=Decimal(0),
        investment=Decimal(0),
    )


def _dossier(user: User, state: str, region: str = "MA-03", count: int = 1) -> Dossier:
    organisation = Membership.objects.get(user=user).organisation
    return Dossier.objects.create(
        reference=f"D-{Dossier.objects.count() + 1}",
        organisation=organisation,
        scheme=Scheme.objects.get(code="employment-bonus-2025"),
        region=Region.objects.get(code=region),
        period_start=dt.date(2027, 1, 1),
        period_end=dt.date(2027, 12, 31),
        state=state,
        data={"activity": "ITO", "hires": [{**HIRE, "count": count}]},
        created_by=user,
    )


@pytest.fixture
def world(applicant: User, other_applicant: User) -> dict[str, Any]:
    observatory_reference_load()
    demo_costs_create()
    year = timezone.localdate().year
    company_a = Membership.objects.get(user=applicant).organisation
    company_b = Membership.objects.get(user=other_applicant).organisation
    report_submit(actor=applicant, company=company_a, year=year, lines=[_line("MA-03", 4)])
    report_submit(actor=other_applicant, company=company_b, year=year, lines=[_line("MA-02", 3)])
    submitted = _dossier(applicant, DossierState.SUBMITTED)
    return {"year": year, "submitted": submitted}


def _reform(actor: User, **changes: Any) -> Reform:
    values: dict[str, Any] = {
        "name": "Higher employment bonus",
        "kind": Reform.Kind.PARAMETER,
        "start": dt.date(2026, 1, 1),
        "parameter": RATE,
        "raw_value": "0.25",
    }
    values.update(changes)
    return services.reform_create(actor=actor, **values)


def _money(text: str) -> Decimal:
    return Decimal(text)


def test_it_puts_a_parameter_reform_side_by_side_with_the_law_in_force(
    world: dict[str, Any], administrator: User
) -> None:
    reform = _reform(administrator)
    result = reform.result
    assert result is not None
    dossiers = result["sources"]["dossiers"]
    # The baseline of the dossier is what the dossier page computes under the law in force.
    expected = dossier_computation(world["submitted"]).partial_amount
    assert _money(dossiers["baseline"]) == expected == Decimal("20400.00")  # 17 % of 120,000
    assert _money(dossiers["reform"]) == Decimal("30000.00")  # 25 %
    total = result["total"]
    assert _money(total["difference"]) > 0
    assert total["companies_gaining"] == 2 and total["companies_losing"] == 0
    assert total["employees_gaining"] == 1 + 4 + 3  # the dossier's hire and the reported hires
    assert {row["region"] for row in result["regions"]} == {"MA-02", "MA-03"}
    split = sum(_money(row["difference"]) for row in result["regions"])
    assert split == _money(total["difference"])


def test_it_pays_a_regional_bonus_only_for_hires_in_the_chosen_regions(
    world: dict[str, Any], administrator: User
) -> None:
    reform = _reform(
        administrator,
        kind=Reform.Kind.REGIONAL_BONUS,
        parameter="",
        raw_value="",
        start=dt.date(world["year"], 1, 1),
        bonus_amount="5000",
        bonus_regions=["MA-03"],
    )
    result = reform.result
    assert result is not None
    rows = {row["region"]: row for row in result["regions"]}
    # Four hires reported in MA-03 this year; the dossier's hire is from 2025, before the start.
    assert _money(rows["MA-03"]["difference"]) == Decimal("20000.00")
    assert rows["MA-03"]["employees_gaining"] == 4
    assert _money(rows["MA-02"]["difference"]) == 0
    assert rows["MA-02"]["companies_gaining"] == 0


def test_it_never_changes_a_decided_dossier_nor_the_law_in_force(
    world: dict[str, Any], administrator: User, reviewer: User, analyst: User
) -> None:
    decided = _dossier(world["submitted"].created_by, DossierState.APPROVED, count=2)
    Decision.objects.create(
        dossier=decided,
        outcome=Decision.Outcome.APPROVED,
        computed_amount=Decimal("40800.00"),
        amount=Decimal("40800.00"),
        instructor=analyst,
        decided_by=reviewer,
        decided_at=timezone.now(),
    )
    before = Dossier.objects.filter(pk=decided.pk).values().get()
    version, changes = legislation_version(), ParameterValueChange.objects.count()
    rate_before = current_legislation().parameters[RATE].at(dt.date(2027, 1, 1))

    reform = _reform(administrator)

    assert Dossier.objects.filter(pk=decided.pk).values().get() == before
    assert Decision.objects.get(dossier=decided).amount == Decimal("40800.00")
    assert (legislation_version(), ParameterValueChange.objects.count()) == (version, changes)
    assert current_legislation().parameters[RATE].at(dt.date(2027, 1, 1)) == rate_before
    dossiers = reform.result["sources"]["dossiers"]  # type: ignore[index]
    assert dossiers["decided_unchanged"] == 1 and dossiers["recomputed"] == 1
    # The decided amount stands in both columns: only the submitted dossier moves.
    assert _money(dossiers["baseline"]) == Decimal("20400.00") + Decimal("40800.00")
    assert _money(dossiers["difference"]) == Decimal("9600.00")


def test_it_leaves_drafts_and_withdrawn_dossiers_out(
    world: dict[str, Any], administrator: User
) -> None:
    _dossier(world["submitted"].created_by, DossierState.DRAFT)
    _dossier(world["submitted"].created_by, DossierState.WITHDRAWN)
    reform = _reform(administrator)
    assert reform.result["sources"]["dossiers"]["filed"] == 1  # type: ignore[index]


@pytest.mark.parametrize(
    "changes",
    [
        {"parameter": "offer_2025.activities", "raw_value": "ITO"},  # a list, not a number
        {"parameter": "no.such.parameter"},
        {"raw_value": "1.5"},  # a rate above 1
        {"raw_value": ""},
        {"name": "  "},
        {"kind": "regional_bonus", "bonus_amount": "-3", "bonus_regions": ["MA-03"]},
        {"kind": "regional_bonus", "bonus_amount": "5000", "bonus_regions": []},
        {"kind": "regional_bonus", "bonus_amount": "5000", "bonus_regions": ["MA-99"]},
        {"kind": "regional_bonus", "bonus_amount": "abc", "bonus_regions": ["MA-03"]},
    ],
)
def test_it_refuses_a_badly_described_reform_and_saves_nothing(
    administrator: User, reference: None, changes: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput):
        _reform(administrator, **changes)
    assert not Reform.objects.exists()


def test_it_lets_only_administrators_describe_a_reform(analyst: User, applicant: User) -> None:
    for actor in (analyst, applicant):
        with pytest.raises(PermissionDenied):
            _reform(actor)
    assert not Reform.objects.exists()


def test_it_saves_from_the_page_shares_by_link_with_staff_and_exports(
    world: dict[str, Any], administrator: User, analyst: User, applicant: User
) -> None:
    admin = Client()
    force_login_confirmed(admin, administrator)
    response = admin.post(
        "/reforms/",
        {
            "name": "Bonus Fès-Meknès",
            "kind": "regional_bonus",
            "start": f"{world['year']}-01-01",
            "bonus_amount": "2500",
            "bonus_regions": ["MA-03"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reform = Reform.objects.get()
    link = f"/reforms/{reform.pk}/"
    assert response["Location"] == link
    staff = Client()
    force_login_confirmed(staff, analyst)
    page = staff.get(link)
    assert page.status_code == 200
    rows = {row["region"]: row for row in page.context["rows"]}
    assert rows["MA-03"]["difference"] == "10000.00"  # 4 hires × 2,500 MAD in MA-03
    assert "Fès-Meknès" in page.content.decode()
    company = Client()
    company.force_login(applicant)
    assert company.get(link).status_code == 403
    lines = list(csv.reader(io.StringIO(staff.get(f"{link}export.csv").content.decode())))
    assert lines[-1][0] == "MA" and Decimal(lines[-1][4]) == Decimal("10000.00")
    sheet = load_workbook(io.BytesIO(staff.get(f"{link}export.xlsx").content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[sheet.max_row]][0] == "MA"


def test_it_shows_the_form_again_with_the_message_of_a_refusal(administrator: User) -> None:
    admin = Client()
    force_login_confirmed(admin, administrator)
    response = admin.post(
        "/reforms/",
        {"name": "x", "kind": "parameter", "start": "2026-01-01", "parameter": RATE, "value": "7"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["value"]
    assert not Reform.objects.exists()


def test_it_creates_and_reads_reforms_through_the_api(
    world: dict[str, Any], administrator: User, applicant: User
) -> None:
    admin = Client()
    force_login_confirmed(admin, administrator)
    body = {"name": "API", "kind": "parameter", "start": "2026-01-01", "parameter": RATE}
    response = admin.post("/api/reforms", {**body, "value": "0.2"}, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["result"]["total"]["companies_gaining"] == 2
    assert admin.get(f"/api/reforms/{created['id']}").json()["name"] == "API"
    refused = admin.post("/api/reforms", {**body, "value": "2"}, content_type="application/json")
    assert refused.status_code == 422
    company = Client()
    company.force_login(applicant)
    assert company.get("/api/reforms").status_code == 403


def test_it_pays_the_regional_bonus_for_the_hires_a_dossier_claims(
    world: dict[str, Any], administrator: User
) -> None:
    dossier = world["submitted"]
    reform = _reform(
        administrator,
        kind=Reform.Kind.REGIONAL_BONUS,
        parameter="",
        raw_value="",
        start=dt.date(2025, 1, 1),
        bonus_amount="1000",
        bonus_regions=["MA-03"],
    )
    dossiers = reform.result["sources"]["dossiers"]  # type: ignore[index]
    # Its one hire (1 September 2025, in MA-03) gets the bonus, though the dossier claims 2027.
    assert dossier.region.code == "MA-03"
    assert _money(dossiers["difference"]) == Decimal("1000.00")
    assert dossiers["employees_gaining"] == 1
