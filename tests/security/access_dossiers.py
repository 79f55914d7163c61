"""Access rows of the incentive procedure (issue 12): dossiers, review, schemes.

The world: company A (applicant_a) has a draft and a submitted dossier; the submitted one is
instructed by a reviewer who is not the ``reviewer`` persona (so that persona may decide), and
the analyst is invited on it as an expert. API bodies are valid but carry a stale version, so a
persona that passes the gate gets 409 (a conflict), and one that does not gets 403/404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiha.accounts.models import Membership, Role, User
from jiha.incentives import services
from jiha.incentives.catalogue import catalogue_sync
from jiha.incentives.models import ExpertOpinion, Scheme
from jiha.regions.models import Region
from tests.security.access import EVERYONE, SIGNED_IN, Access

A = frozenset({"applicant_a"})
APPLICANTS = frozenset({"applicant_a", "applicant_b"})
REVIEWER = frozenset({"reviewer"})
# Who sees a submitted dossier: its company, reviewers, administrators, the invited expert.
SEES_SUBMITTED = frozenset({"applicant_a", "reviewer", "administrator", "analyst"})
STALE = 99

ROWS: dict[str, Access] = {
    # --- Pages --------------------------------------------------------------------------------
    "incentives:schemes": Access("/incentives/schemes/", EVERYONE),
    "incentives:scheme": Access("/incentives/schemes/training-aid-2006/", EVERYONE),
    "incentives:dossiers": Access("/incentives/dossiers/", SIGNED_IN, note="each sees their own"),
    "incentives:dossier_create": Access("/incentives/dossiers/new/", APPLICANTS),
    "incentives:dossier": Access("/incentives/dossiers/{submitted}/", SEES_SUBMITTED),
    "incentives:dossier_edit": Access("/incentives/dossiers/{draft}/edit/", A),
    "incentives:dossier_submit": Access(
        "/incentives/dossiers/{draft}/submit/", A, method="POST", data={"version": STALE}
    ),
    "incentives:dossier_withdraw": Access(
        "/incentives/dossiers/{draft}/withdraw/", A, method="POST", data={"version": STALE}
    ),
    "incentives:dossier_answer": Access(
        "/incentives/dossiers/{draft}/answer/", A, method="POST", data={"version": STALE}
    ),
    "incentives:dossier_message": Access(
        "/incentives/dossiers/{submitted}/messages/",
        frozenset({"applicant_a", "reviewer"}),
        method="POST",
        data={"body": "Hello"},
    ),
    "incentives:expert_opinion": Access(
        "/incentives/dossiers/{submitted}/opinion/", frozenset({"analyst"})
    ),
    "incentives:review_queue": Access("/incentives/review/", REVIEWER),
    "incentives:review_assign": Access("/incentives/review/assign/", REVIEWER, method="POST"),
    "incentives:review_dossier": Access("/incentives/review/{submitted}/", REVIEWER),
    "incentives:review_correction": Access(
        "/incentives/review/{submitted}/correction/",
        REVIEWER,
        method="POST",
        data={"version": STALE},
    ),
    "incentives:review_decide": Access(
        "/incentives/review/{submitted}/decide/",
        REVIEWER,
        method="POST",
        data={"version": STALE, "outcome": "approved"},
    ),
    "incentives:review_approve": Access(
        "/incentives/review/{submitted}/approve/",
        REVIEWER,
        method="POST",
        data={"version": STALE},
    ),
    "incentives:review_invite": Access(
        "/incentives/review/{submitted}/experts/", REVIEWER, method="POST"
    ),
    # --- API ----------------------------------------------------------------------------------
    "api:scheme_list": Access("/api/incentives/schemes", EVERYONE),
    "api:dossier_list": Access("/api/incentives/dossiers", SIGNED_IN, note="each sees their own"),
    "api:dossier_create": Access(
        "/api/incentives/dossiers",
        APPLICANTS,
        method="POST",
        json=True,
        data={
            "scheme": "employment-bonus-2025",
            "region": "MA-03",
            "period_start": "2027-01-01",
            "period_end": "2027-12-31",
        },
    ),
    "api:incentives_dossier": Access("/api/incentives/dossiers/{submitted}", SEES_SUBMITTED),
    "api:dossier_update": Access(
        "/api/incentives/dossiers/{draft}/data",
        A,
        method="POST",
        json=True,
        data={"version": STALE},
    ),
    "api:dossier_submit": Access(
        "/api/incentives/dossiers/{draft}/submit",
        A,
        method="POST",
        json=True,
        data={"version": STALE, "idempotency_key": "matrix"},
    ),
    "api:dossier_withdraw": Access(
        "/api/incentives/dossiers/{draft}/withdraw",
        A,
        method="POST",
        json=True,
        data={"version": STALE},
    ),
    "api:dossier_answer": Access(
        "/api/incentives/dossiers/{draft}/answer",
        A,
        method="POST",
        json=True,
        data={"version": STALE, "answer": "x"},
    ),
    "api:dossier_message": Access(
        "/api/incentives/dossiers/{submitted}/messages",
        frozenset({"applicant_a", "reviewer"}),
        method="POST",
        json=True,
        data={"body": "Hello"},
    ),
    "api:review_queue": Access("/api/incentives/review/queue", REVIEWER),
    "api:review_assign": Access(
        "/api/incentives/review/assign",
        REVIEWER,
        method="POST",
        json=True,
        data={"dossiers": [], "instructor": 0},
    ),
    "api:dossier_correction": Access(
        "/api/incentives/dossiers/{submitted}/corrections",
        REVIEWER,
        method="POST",
        json=True,
        data={"version": STALE, "kind": "incomplete", "message": "x"},
    ),
    "api:dossier_decide": Access(
        "/api/incentives/dossiers/{submitted}/decision",
        REVIEWER,
        method="POST",
        json=True,
        data={"version": STALE, "outcome": "approved"},
    ),
    "api:decision_approve": Access(
        "/api/incentives/dossiers/{submitted}/decision/approve",
        REVIEWER,
        method="POST",
        json=True,
        data={"version": STALE},
    ),
    "api:region_counts": Access(
        "/api/incentives/regions/MA-03/dossier-counts",
        frozenset({"officer", "analyst", "administrator"}),
        note="aggregated counts: the region's officers and the programme office",
    ),
}


def populate(world: Any) -> None:
    catalogue_sync(Scheme)  # a transactional test before may have emptied the table
    applicant: User = world.users["applicant_a"]
    reviewer: User = world.users["reviewer"]
    organisation = Membership.objects.get(user=applicant).organisation
    agency = Membership.objects.get(user=reviewer).organisation
    instructor = User.objects.create_user("instructor@agency.example", "x")
    Membership.objects.create(user=instructor, organisation=agency, role=Role.REVIEWER)
    common: dict[str, Any] = {
        "actor": applicant,
        "organisation": organisation,
        "scheme": Scheme.objects.get(code="employment-bonus-2025"),
        "region": Region.objects.get(code="MA-03"),
        "period_start": dt.date(2027, 1, 1),
        "period_end": dt.date(2027, 12, 31),
    }
    draft = services.dossier_create(**common)
    submitted = services.dossier_create(**common)
    submitted = services.dossier_submit(
        actor=applicant, dossier_id=submitted.pk, version=submitted.version, idempotency_key="m"
    )
    services.dossiers_assign(actor=instructor, dossier_ids=[submitted.pk], instructor=instructor)
    ExpertOpinion.objects.create(
        dossier=submitted, expert=world.users["analyst"], invited_by=instructor, question="?"
    )
    world.values.update({"draft": draft.pk, "submitted": submitted.pk})
