"""HTTP API of the incentive procedure: everything the pages do, with the same services and
the same object permissions (a company sees only its dossiers; reviewers the submitted ones;
a regional officer only aggregated counts for its region). Mounted under
``/api/incentives/``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import rules
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from jiha.accounts.models import Membership, Role, User
from jiha.incentives.dossiers import selectors, services
from jiha.incentives.models import Dossier
from jiha.lib.apitypes import Hours, Large, Salary
from jiha.lib.errors import InvalidInput, NotFound, PermissionDenied
from jiha.lib.vocabulary import ProfileCode
from jiha.regions.models import Region

router = Router(auth=django_auth)


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # noqa: S101 - django_auth
    return request.user


class SchemeOut(Schema):
    code: str
    labels: dict[str, str]
    eligibility: dict[str, str]
    legal_basis: list[dict[str, Any]]
    required_documents: dict[str, Any]
    variables: list[str]
    data_kind: str
    filing_opens: dt.date | None
    filing_closes: dt.date | None
    decision_days: int | None = Field(description="None: to be confirmed")


class TrainingLineSchema(Schema):
    employee: str = Field(max_length=200)
    profile: ProfileCode
    hire_date: dt.date
    programme: str = Field(max_length=300)
    provider: str = Field(max_length=300)
    start_date: dt.date
    hours: Hours
    cost: Large
    modality: str = Field(pattern="^(in_person|remote)$")
    attendance_proof: str = Field("", max_length=300)


class HireSchema(Schema):
    profile: ProfileCode
    gross_annual_salary: Salary
    hire_date: dt.date
    count: int = Field(1, ge=1, le=100_000)
    permanent: bool = True
    moroccan: bool = True


class DossierDataIn(Schema):
    activity: str = "ITO"
    park: str = "none"
    province: str | None = None
    hires: list[HireSchema] = Field(default_factory=list, max_length=2000)
    investment: Large | None = None
    investment_date: dt.date | None = None
    planned_jobs: int | None = Field(None, ge=0, le=1_000_000)

    def as_data(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        return {k: v for k, v in data.items() if v is not None}


class DossierCreateIn(Schema):
    scheme: str
    region: str
    period_start: dt.date
    period_end: dt.date
    idempotency_key: str | None = Field(None, max_length=80)
    data: DossierDataIn | None = None


class DossierUpdateIn(Schema):
    version: int
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    data: DossierDataIn | None = None
    training_lines: list[TrainingLineSchema] | None = Field(None, max_length=2000)


class VersionIn(Schema):
    version: int


class SubmitIn(Schema):
    version: int
    idempotency_key: str = Field(min_length=1, max_length=80)


class WithdrawIn(Schema):
    version: int
    reason: str = Field("", max_length=2000)


class AnswerIn(Schema):
    version: int
    answer: str = Field(max_length=5000)


class MessageIn(Schema):
    body: str = Field(max_length=5000)


class CorrectionIn(Schema):
    version: int
    kind: str
    message: str = Field(max_length=5000)


class DecisionIn(Schema):
    version: int
    outcome: str
    amount: Large | None = None
    adjustment_reason: str = Field("", max_length=5000)
    motivation: str = Field("", max_length=5000)


class AssignIn(Schema):
    dossiers: list[int] = Field(max_length=500)
    instructor: int


class DossierOut(Schema):
    id: int
    reference: str
    scheme: str
    organisation: str
    region: str
    period_start: dt.date
    period_end: dt.date
    state: str
    version: int
    data: dict[str, Any]
    training_lines: list[dict[str, Any]]
    computed_amount: Decimal | None = Field(description="None: to be confirmed")
    computation: dict[str, Any] | None
    instructor: int | None
    submitted_at: dt.datetime | None
    decision: dict[str, Any] | None


def _payload(dossier: Dossier) -> dict[str, Any]:
    decision = getattr(dossier, "decision", None)
    return {
        "id": dossier.pk,
        "reference": dossier.reference,
        "scheme": dossier.scheme.code,
        "organisation": dossier.organisation.name,
        "region": dossier.region.code,
        "period_start": dossier.period_start,
        "period_end": dossier.period_end,
        "state": dossier.state,
        "version": dossier.version,
        "data": dossier.data,
        "training_lines": list(
            dossier.training_lines.values(
                "employee",
                "profile",
                "hire_date",
                "programme",
                "provider",
                "start_date",
                "hours",
                "cost",
                "modality",
                "attendance_proof",
            )
        ),
        "computed_amount": dossier.computed_amount,
        "computation": dossier.computation,
        "instructor": dossier.instructor_id,
        "submitted_at": dossier.submitted_at,
        "decision": None
        if decision is None or not decision.final
        else {
            "outcome": decision.outcome,
            "amount": str(decision.amount) if decision.amount is not None else None,
            "computed_amount": str(decision.computed_amount)
            if decision.computed_amount is not None
            else None,
            "adjustment_reason": decision.adjustment_reason,
            "decided_at": decision.decided_at.isoformat(),
        },
    }


def _get(request: HttpRequest, dossier_id: int) -> dict[str, Any]:
    return _payload(selectors.dossier_get(user=_user(request), dossier_id=dossier_id))


@router.get("/schemes", auth=None, response=list[SchemeOut], summary="Incentive schemes")
def scheme_list(request: HttpRequest) -> Any:
    """The catalogue: legal basis (source, date, confidence), eligibility, documents, filing
    window, decision deadline (None: to be confirmed), rules-engine variables."""
    return list(selectors.scheme_list())


@router.get("/dossiers", response=list[DossierOut], summary="My companies' dossiers")
def dossier_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [_payload(d) for d in selectors.dossiers_of(_user(request))[:500]]


@router.post("/dossiers", response={201: DossierOut}, summary="Create a draft dossier")
def dossier_create(request: HttpRequest, body: DossierCreateIn) -> Status[dict[str, Any]]:
    """A draft for the caller's company. The same ``idempotency_key`` again returns the
    dossier it created (201 both times), never a second one."""
    user = _user(request)
    membership = Membership.objects.filter(user=user, role=Role.APPLICANT).first()
    if membership is None:
        raise PermissionDenied(_("Only a company's applicants file dossiers."))
    try:
        scheme = selectors.scheme_get(body.scheme)
    except NotFound as unknown:  # named in the body: an invalid input, not a missing address
        raise InvalidInput(unknown.message, code="unknown_scheme") from unknown
    region = Region.objects.filter(code=body.region).first()
    if region is None:
        raise InvalidInput(_("Unknown region code."), code="unknown_region")
    dossier = services.dossier_create(
        actor=user,
        organisation=membership.organisation,
        scheme=scheme,
        region=region,
        period_start=body.period_start,
        period_end=body.period_end,
        data=body.data.as_data() if body.data else None,
        idempotency_key=body.idempotency_key,
    )
    return Status(201, _payload(dossier))


@router.get(
    "/dossiers/{dossier_id}",
    response=DossierOut,
    url_name="incentives_dossier",
    summary="One dossier",
)
def dossier_get(request: HttpRequest, dossier_id: int) -> dict[str, Any]:
    return _get(request, dossier_id)


@router.post("/dossiers/{dossier_id}/data", response=DossierOut, summary="Change a draft's data")
def dossier_update(request: HttpRequest, dossier_id: int, body: DossierUpdateIn) -> Any:
    """Only a draft, or a dossier whose correction is requested; ``version`` is the one you
    read (409 if someone changed it since). ``training_lines`` replaces every line."""
    lines = None
    if body.training_lines is not None:
        lines = [services.TrainingLineIn(**line.model_dump()) for line in body.training_lines]
    dossier = services.dossier_update(
        actor=_user(request),
        dossier_id=dossier_id,
        version=body.version,
        data=body.data.as_data() if body.data else None,
        period_start=body.period_start,
        period_end=body.period_end,
        training_lines=lines,
    )
    return _payload(dossier)


@router.post("/dossiers/{dossier_id}/submit", response=DossierOut, summary="Submit")
def dossier_submit(request: HttpRequest, dossier_id: int, body: SubmitIn) -> Any:
    """A retry with the same ``idempotency_key`` returns the first result."""
    return _payload(
        services.dossier_submit(
            actor=_user(request),
            dossier_id=dossier_id,
            version=body.version,
            idempotency_key=body.idempotency_key,
        )
    )


@router.post("/dossiers/{dossier_id}/withdraw", response=DossierOut, summary="Withdraw")
def dossier_withdraw(request: HttpRequest, dossier_id: int, body: WithdrawIn) -> Any:
    return _payload(
        services.dossier_withdraw(
            actor=_user(request), dossier_id=dossier_id, version=body.version, reason=body.reason
        )
    )


@router.post(
    "/dossiers/{dossier_id}/answer", response=DossierOut, summary="Answer a correction request"
)
def dossier_answer(request: HttpRequest, dossier_id: int, body: AnswerIn) -> Any:
    return _payload(
        services.correction_answer(
            actor=_user(request), dossier_id=dossier_id, version=body.version, answer=body.answer
        )
    )


@router.post(
    "/dossiers/{dossier_id}/messages",
    response={201: dict[str, Any]},
    summary="Write to the other side",
)
def dossier_message(request: HttpRequest, dossier_id: int, body: MessageIn) -> Any:
    message = services.message_post(actor=_user(request), dossier_id=dossier_id, body=body.body)
    return Status(201, {"id": message.pk, "from_applicant": message.from_applicant})


@router.get("/review/queue", response=list[DossierOut], summary="Reviewers' queue")
def review_queue(
    request: HttpRequest,
    scheme: str = "",
    region: str = "",
    state: str = "",
    older_than_days: int | None = Query(None, ge=0, le=3650),
) -> list[dict[str, Any]]:
    filters = selectors.QueueFilters(
        scheme=scheme, region=region, state=state, older_than_days=older_than_days
    )
    queue = selectors.review_queue(user=_user(request), filters=filters)
    return [_payload(d) for d in queue[:500]]


@router.post("/review/assign", response=list[DossierOut], summary="Assign dossiers (bulk)")
def review_assign(request: HttpRequest, body: AssignIn) -> list[dict[str, Any]]:
    if not rules.has_perm("incentives.review_queue", _user(request)):
        raise PermissionDenied(_("Only reviewers assign dossiers."))
    instructor = selectors.reviewers().filter(pk=body.instructor).first()
    if instructor is None:
        raise InvalidInput(_("The instructor must be a reviewer."), code="not_a_reviewer")
    done = services.dossiers_assign(
        actor=_user(request), dossier_ids=body.dossiers, instructor=instructor
    )
    return [_payload(d) for d in done]


@router.post(
    "/dossiers/{dossier_id}/corrections", response=DossierOut, summary="Request a correction"
)
def dossier_correction(request: HttpRequest, dossier_id: int, body: CorrectionIn) -> Any:
    services.correction_request(
        actor=_user(request),
        dossier_id=dossier_id,
        version=body.version,
        kind=body.kind,
        message=body.message,
    )
    return _get(request, dossier_id)


@router.post("/dossiers/{dossier_id}/decision", response=DossierOut, summary="Decide")
def dossier_decide(request: HttpRequest, dossier_id: int, body: DecisionIn) -> Any:
    """Approve (computed amount, or another with its ``adjustment_reason``) or reject. 409
    when another reviewer decided first or the dossier changed since ``version``."""
    services.dossier_decide(
        actor=_user(request),
        dossier_id=dossier_id,
        version=body.version,
        outcome=body.outcome,
        amount=body.amount,
        adjustment_reason=body.adjustment_reason,
        motivation=body.motivation,
    )
    return _get(request, dossier_id)


@router.post(
    "/dossiers/{dossier_id}/decision/approve",
    response=DossierOut,
    summary="Confirm a decision as second reviewer",
)
def decision_approve(request: HttpRequest, dossier_id: int, body: VersionIn) -> Any:
    services.decision_approve(actor=_user(request), dossier_id=dossier_id, version=body.version)
    return _get(request, dossier_id)


class CountsOut(Schema):
    region: str
    total: int
    by_state: dict[str, int]
    by_scheme: dict[str, int]


@router.get(
    "/regions/{code}/dossier-counts",
    response=CountsOut,
    summary="Dossier counts of a region (aggregated)",
)
def region_counts(request: HttpRequest, code: str) -> dict[str, Any]:
    """For the region's officers and the programme office: counts by state and scheme, no
    company and no amount."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise NotFound(_("Unknown region code."), code="unknown_region")
    return selectors.region_dossier_counts(user=_user(request), region=region)
