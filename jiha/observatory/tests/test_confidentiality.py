"""Statistical confidentiality of aggregated company reports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jiha.accounts.models import OrganisationKind, Role, User
from jiha.lib.errors import InvalidInput, PermissionDenied
from jiha.observatory.confidentiality import protect
from jiha.observatory.reports import LineInput, report_submit, reports_publish, reports_visible_to
from jiha.observatory.selectors import current_observations

D = Decimal


def test_a_cell_from_two_companies_is_withheld_and_cannot_be_recovered_from_the_total() -> None:
    cells, total = protect(
        {
            "MA-03": {"a": D(40), "b": D(60)},  # 2 companies: primary suppression
            "MA-06": {"a": D(100), "c": D(100), "d": D(100)},
            "MA-04": {"b": D(30), "c": D(30), "e": D(30)},
        }
    )
    assert cells["MA-03"].suppressed and cells["MA-03"].reason == "few-contributors"
    published = {t: c.value for t, c in cells.items() if not c.suppressed}
    assert not total.suppressed
    # total − published cells gives only the sum of at least two withheld cells, never one
    hidden = [t for t, c in cells.items() if c.suppressed]
    assert len(hidden) >= 2
    assert total.value - sum(published.values()) == sum(cells[t].value for t in hidden)


def test_a_dominated_cell_is_withheld() -> None:
    cells, _ = protect(
        {
            "MA-01": {"a": D(90), "b": D(5), "c": D(5)},
            "MA-02": {"a": D(1), "b": D(1), "c": D(1)},
            "MA-04": {"a": D(2), "b": D(2), "c": D(2)},
        }
    )
    assert cells["MA-01"].reason == "dominance"
    assert cells["MA-02"].reason == "secondary"  # the smallest other cell
    assert not cells["MA-04"].suppressed


def test_no_secondary_suppression_when_nothing_is_withheld() -> None:
    cells, _ = protect({"MA-01": {"a": D(1), "b": D(1), "c": D(1)}})
    assert not any(c.suppressed for c in cells.values())


def _line(region: str, headcount: int) -> LineInput:
    return LineInput(
        region, "bpo", headcount, headcount // 2, headcount // 3, 5, 100, 20, D(1_000_000), D(0)
    )


@pytest.fixture
def companies(make_member: object, indicators: None) -> list[User]:
    users = []
    for index in range(4):
        users.append(
            make_member(  # type: ignore[operator]
                f"c{index}@example.org", OrganisationKind.COMPANY, Role.APPLICANT, "MA-06"
            )
        )
    return users


def test_published_reports_withhold_small_cells(companies: list[User]) -> None:
    for index, user in enumerate(companies):
        lines = [_line("MA-06", 100 + index)]
        if index < 2:
            lines.append(_line("MA-03", 50))  # only two companies in Fès-Meknès
        report_submit(
            actor=user, company=user.memberships.get().organisation, year=2025, lines=lines
        )
    reports_publish(2025)
    cells = {
        o.territory: o for o in current_observations().filter(indicator__code="reported-headcount")
    }
    assert cells["MA-03"].confidential and cells["MA-03"].value is None
    assert cells["MA-06"].confidential  # secondary: MA-06 = total − MA-03 otherwise
    assert cells["MA"].value == 100 + 101 + 102 + 103 + 100 and not cells["MA"].confidential


def test_a_company_files_only_for_itself(companies: list[User]) -> None:
    other = companies[1].memberships.get().organisation
    with pytest.raises(PermissionDenied):
        report_submit(actor=companies[0], company=other, year=2025, lines=[_line("MA-06", 1)])


def test_raw_reports_are_visible_only_to_their_company_and_administrators(
    companies: list[User], administrator: User
) -> None:
    for user in companies[:2]:
        report_submit(
            actor=user,
            company=user.memberships.get().organisation,
            year=2025,
            lines=[_line("MA-06", 10)],
        )
    assert reports_visible_to(companies[0]).count() == 1
    assert reports_visible_to(companies[3]).count() == 0
    assert reports_visible_to(administrator).count() == 2


@pytest.mark.parametrize(
    "line",
    [
        LineInput("MA-99", "bpo", 1, 0, 0, 0, 0, 0, D(0), D(0)),
        LineInput("MA-06", "bpo", 1, 2, 0, 0, 0, 0, D(0), D(0)),
        LineInput("MA-06", "bpo", 1, 0, 0, 0, 0, 0, D(-1), D(0)),
    ],
)
def test_bad_report_lines_are_refused(companies: list[User], line: LineInput) -> None:
    with pytest.raises(InvalidInput):
        report_submit(
            actor=companies[0],
            company=companies[0].memberships.get().organisation,
            year=2025,
            lines=[line],
        )
    assert not reports_visible_to(companies[0]).exists()
