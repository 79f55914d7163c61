from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> None:
    """Each test starts with no request counted against the simulator's rate limits."""
    cache.clear()


# --- Dossiers: personas beyond the root ones, and a dossier at any step of its life -------
import datetime as dt  # noqa: E402
from collections.abc import Callable  # noqa: E402
from decimal import Decimal  # noqa: E402
from typing import Any  # noqa: E402

from jiha.accounts.models import Membership, OrganisationKind, Role, User  # noqa: E402
from jiha.incentives import services  # noqa: E402
from jiha.incentives.models import Dossier, Scheme  # noqa: E402
from jiha.regions.models import Region  # noqa: E402


def training_line(**changes: Any) -> services.TrainingLineIn:
    values: dict[str, Any] = {
        "employee": "Salma B.",
        "profile": "it_engineer",
        "hire_date": dt.date(2022, 3, 1),
        "programme": "Cloud fundamentals",
        "provider": "Institut Fès Digital",
        "start_date": dt.date(2022, 9, 1),
        "hours": Decimal(40),
        "cost": Decimal("12000.00"),
        "modality": "remote",
    }
    values.update(changes)
    return services.TrainingLineIn(**values)


HIRES = [
    {"profile": "it_engineer", "gross_annual_salary": "120000", "hire_date": "2025-09-01"},
]


@pytest.fixture
def english() -> Any:
    """Messages of the services in English (the site's default language is French)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def schemes(db: None) -> None:
    """The catalogue, loaded by migration, but emptied by any transactional test before."""
    from jiha.incentives.catalogue import catalogue_sync

    catalogue_sync(Scheme)


@pytest.fixture
def instructor(make_member: Callable[..., User]) -> User:
    return make_member("ines@agency.example", OrganisationKind.MINISTRY_AGENCY, Role.REVIEWER)


@pytest.fixture
def second_reviewer(make_member: Callable[..., User], reviewer: User) -> User:
    organisation = Membership.objects.get(user=reviewer).organisation
    return make_member(
        "sami@agency.example",
        OrganisationKind.MINISTRY_AGENCY,
        Role.REVIEWER,
        organisation=organisation,
    )


@pytest.fixture
def make_dossier(applicant: User, schemes: None) -> Callable[..., Dossier]:
    """A dossier of the applicant's company, brought to ``state`` through the services."""

    def make(
        state: str = "draft",
        scheme: str = "employment-bonus-2025",
        instructor: User | None = None,
        actor: User | None = None,
    ) -> Dossier:
        who = actor or applicant
        organisation = Membership.objects.get(user=who).organisation
        chosen = Scheme.objects.get(code=scheme)
        if chosen.data_kind == Scheme.DataKind.TRAININGS:
            period = (dt.date(2022, 1, 1), dt.date(2022, 12, 31))
        else:
            period = (dt.date(2027, 1, 1), dt.date(2027, 12, 31))
        dossier = services.dossier_create(
            actor=who,
            organisation=organisation,
            scheme=chosen,
            region=Region.objects.get(code="MA-03"),
            period_start=period[0],
            period_end=period[1],
            data={"activity": "ITO", "hires": HIRES},
        )
        if chosen.data_kind == Scheme.DataKind.TRAININGS:
            dossier = services.dossier_update(
                actor=who,
                dossier_id=dossier.pk,
                version=dossier.version,
                training_lines=[training_line()],
            )
        if state == "draft":
            return dossier
        dossier = services.dossier_submit(
            actor=who,
            dossier_id=dossier.pk,
            version=dossier.version,
            idempotency_key=f"submit-{dossier.pk}",
        )
        if state == "submitted":
            return dossier
        assert instructor is not None, "a dossier under review needs an instructor"
        dossier = services.dossiers_assign(
            actor=instructor, dossier_ids=[dossier.pk], instructor=instructor
        )[0]
        if state == "under_review":
            return dossier
        services.correction_request(
            actor=instructor,
            dossier_id=dossier.pk,
            version=dossier.version,
            kind="incomplete",
            message="Add the payroll statement.",
        )
        dossier.refresh_from_db()
        if state == "information_requested":
            return dossier
        dossier = services.correction_answer(
            actor=who, dossier_id=dossier.pk, version=dossier.version, answer="Added."
        )
        assert state == "resubmitted", state
        return dossier

    return make
