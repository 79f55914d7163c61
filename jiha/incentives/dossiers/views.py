"""Pages of the incentive procedure: a company's dossiers (create, fill, see the computed
amount and its explanation, submit, answer corrections, write), the reviewers' queue and
review page (assign, request a correction, decide, second review, invite an expert), and the
invited expert's page. Every write goes through the services; a refusal is shown on the form
or on the error page, never as a traceback."""

from __future__ import annotations

from functools import partial
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiha.accounts.decorators import staff_required
from jiha.accounts.models import Membership, Organisation, Role, User
from jiha.incentives.dossiers import selectors, services
from jiha.incentives.dossiers.forms import (
    AnswerForm,
    CorrectionForm,
    DecisionForm,
    DossierCreateForm,
    DossierDataForm,
    HireFormSet,
    InviteForm,
    MessageForm,
    OpinionForm,
    QueueFilterForm,
    TrainingLineFormSet,
    WithdrawForm,
)
from jiha.incentives.models import Dossier, Scheme
from jiha.lib.errors import AppError
from jiha.lib.forms import run_as_message, run_on_form

EXPLAINED = {
    "employment_bonus_total",
    "training_bonus_total",
    "training_aid_total",
    "charter_bonus",
    "is_support",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required / staff_required
    return user


def _version(request: HttpRequest) -> int | None:
    """The version the form was shown at. A value that is not one (``-1``, ``NaN``, text, 400
    digits) is refused: read as "no version", it skipped the check for a stale page and the
    action went through."""
    raw = request.POST.get("version", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 9):
        raise AppError(
            _("This form is damaged or out of date: reload the page, then try again."),
            code="invalid_version",
            status=422,
        )
    return int(raw)


# --- the company ------------------------------------------------------------------------


def _companies(user: User) -> list[Organisation]:
    return [
        m.organisation
        for m in Membership.objects.filter(user=user, role=Role.APPLICANT).select_related(
            "organisation"
        )
    ]


@login_required
def dossier_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = Paginator(selectors.dossiers_of(user), 50).get_page(request.GET.get("page"))
    context = {"page": page, "can_apply": bool(_companies(user))}
    return render(request, "incentives/dossiers/list.html", context)


@login_required
def dossier_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    companies = _companies(user)
    if not companies:
        raise AppError(
            _("Only a company's applicants file dossiers."), code="not_an_applicant", status=403
        )
    form = DossierCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        dossier = run_on_form(
            form,
            partial(
                services.dossier_create,
                actor=user,
                organisation=companies[0],
                scheme=c["scheme"],
                region=c["region"],
                period_start=c["period_start"],
                period_end=c["period_end"],
                idempotency_key=c["idempotency_key"],
            ),
        )
        if dossier is not None:
            messages.success(request, _("Draft created: fill in its data."))
            return redirect("incentives:dossier_edit", dossier_id=dossier.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "company": companies[0]}
    return render(request, "incentives/dossiers/create.html", context, status=status)


def _rows(dossier: Dossier) -> list[dict[str, Any]]:
    if dossier.scheme.data_kind == Scheme.DataKind.TRAININGS:
        return [
            {
                f: getattr(line, f)
                for f in (
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
            }
            for line in dossier.training_lines.all()
        ]
    return [
        {
            **hire,
            "fixed_term": not hire.get("permanent", True),
            "foreign": not hire.get("moroccan", True),
        }
        for hire in dossier.data.get("hires", [])
    ]


def _formset(dossier: Dossier, data: Any = None) -> Any:
    if dossier.scheme.data_kind == Scheme.DataKind.TRAININGS:
        return TrainingLineFormSet(data, initial=_rows(dossier), prefix="lines")
    if dossier.scheme.data_kind in (Scheme.DataKind.HIRES, Scheme.DataKind.EMPLOYEES):
        return HireFormSet(data, initial=_rows(dossier), prefix="hires")
    return None


def _filled(formset: Any) -> list[Any]:
    return [f for f in formset.forms if f.has_changed() and f.cleaned_data]


@login_required
def dossier_edit(request: HttpRequest, dossier_id: int) -> HttpResponse:
    user = _user(request)
    dossier = selectors.dossier_get(user=user, dossier_id=dossier_id)
    if not rules.has_perm("incentives.change_dossier", user, dossier):
        raise AppError(_("Only the company's applicants edit its dossier."), status=403)
    data = dossier.data or {}
    initial = {
        "period_start": dossier.period_start,
        "period_end": dossier.period_end,
        "activity": data.get("activity", "ITO"),
        "park": data.get("park", "none"),
        "investment": data.get("investment"),
        "investment_date": data.get("investment_date"),
        "planned_jobs": data.get("planned_jobs"),
    }
    post = request.POST if request.method == "POST" else None
    form = DossierDataForm(post, initial=initial)
    formset = _formset(dossier, post)
    if post is not None and form.is_valid() and (formset is None or formset.is_valid()):
        new_data = form.data_dict(data)
        lines = None
        if dossier.scheme.data_kind == Scheme.DataKind.TRAININGS:
            lines = [f.line() for f in _filled(formset)]
        elif formset is not None:
            new_data["hires"] = [f.hire() for f in _filled(formset)]
        saved = run_on_form(
            form,
            partial(
                services.dossier_update,
                actor=user,
                dossier_id=dossier.pk,
                version=_version(request),
                data=new_data,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                training_lines=lines,
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved. The amount below is computed again."))
            return redirect("incentives:dossier", dossier_id=dossier.pk)
    context = {"dossier": dossier, "form": form, "formset": formset}
    status = 422 if post is not None else 200
    return render(request, "incentives/dossiers/edit.html", context, status=status)


def _explanations(dossier: Dossier) -> list[tuple[str, Any]]:
    computation = dossier.computation or {}
    return [
        (name, tree)
        for name, tree in (computation.get("explanations") or {}).items()
        if name in EXPLAINED
    ]


def _detail_context(dossier: Dossier, user: User) -> dict[str, Any]:
    return {
        "dossier": dossier,
        "computation": dossier.computation or {},
        "explanations": _explanations(dossier),
        "rows": _rows(dossier),
        "corrections": list(dossier.corrections.all()),
        "messages_list": list(dossier.messages.select_related("author")),
        "deadline": selectors.dossier_deadline(dossier),
        "decision": getattr(dossier, "decision", None),
        "message_form": MessageForm(),
    }


@login_required
def dossier_detail(request: HttpRequest, dossier_id: int) -> HttpResponse:
    user = _user(request)
    dossier = selectors.dossier_get(user=user, dossier_id=dossier_id)
    if not rules.has_perm("incentives.change_dossier", user, dossier):
        if rules.has_perm("incentives.review_dossier", user, dossier):
            return redirect("incentives:review_dossier", dossier_id=dossier.pk)
        if rules.has_perm("incentives.expert_dossier", user, dossier):
            return redirect("incentives:expert_opinion", dossier_id=dossier.pk)
    context = {
        **_detail_context(dossier, user),
        "answer_form": AnswerForm(),
        "withdraw_form": WithdrawForm(),
        "can_change": rules.has_perm("incentives.change_dossier", user, dossier),
    }
    return render(request, "incentives/dossiers/detail.html", context)


@require_POST
@login_required
def dossier_submit(request: HttpRequest, dossier_id: int) -> HttpResponse:
    key = request.POST.get("idempotency_key", "")
    run_as_message(
        request,
        partial(
            services.dossier_submit,
            actor=_user(request),
            dossier_id=dossier_id,
            version=_version(request),
            idempotency_key=key,
        ),
        _("Dossier submitted. The reviewers will instruct it."),
    )
    return redirect("incentives:dossier", dossier_id=dossier_id)


@require_POST
@login_required
def dossier_withdraw(request: HttpRequest, dossier_id: int) -> HttpResponse:
    run_as_message(
        request,
        partial(
            services.dossier_withdraw,
            actor=_user(request),
            dossier_id=dossier_id,
            version=_version(request),
            reason=request.POST.get("reason", "")[:2000],
        ),
        _("Dossier withdrawn."),
    )
    return redirect("incentives:dossier", dossier_id=dossier_id)


@require_POST
@login_required
def dossier_answer(request: HttpRequest, dossier_id: int) -> HttpResponse:
    run_as_message(
        request,
        partial(
            services.correction_answer,
            actor=_user(request),
            dossier_id=dossier_id,
            version=_version(request),
            answer=request.POST.get("answer", "")[:5000],
        ),
        _("Answer sent: the dossier is resubmitted."),
    )
    return redirect("incentives:dossier", dossier_id=dossier_id)


@require_POST
@login_required
def dossier_message(request: HttpRequest, dossier_id: int) -> HttpResponse:
    user = _user(request)
    run_as_message(
        request,
        partial(
            services.message_post,
            actor=user,
            dossier_id=dossier_id,
            body=request.POST.get("body", "")[:6000],
        ),
        _("Message sent."),
    )
    back = "incentives:review_dossier" if request.POST.get("back") == "review" else None
    return redirect(back or "incentives:dossier", dossier_id=dossier_id)


# --- reviewers ----------------------------------------------------------------------------


@staff_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = QueueFilterForm(request.GET or None)
    filters = selectors.QueueFilters()
    if form.is_valid():
        c = form.cleaned_data
        filters = selectors.QueueFilters(
            scheme=c["scheme"].code if c["scheme"] else "",
            region=c["region"].code if c["region"] else "",
            state=c["state"] or "",
            older_than_days=c["older_than_days"],
            mine=c["mine"],
        )
    queue = selectors.review_queue(user=user, filters=filters)
    page = Paginator(queue, 100).get_page(request.GET.get("page"))
    rows = [(d, selectors.dossier_deadline(d)) for d in page]
    context = {"form": form, "page": page, "rows": rows, "reviewers": selectors.reviewers()}
    return render(request, "incentives/review/queue.html", context)


@require_POST
@staff_required
def review_assign(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not rules.has_perm("incentives.review_queue", user):
        raise AppError(_("Only reviewers assign dossiers."), status=403)
    ids = [int(i) for i in request.POST.getlist("dossier") if i.isdigit()]
    instructor = selectors.reviewers().filter(pk=request.POST.get("instructor") or 0).first()
    if instructor is None:
        messages.error(request, _("Choose the reviewer who will instruct the dossiers."))
        return redirect("incentives:review_queue")
    run_as_message(
        request,
        partial(services.dossiers_assign, actor=user, dossier_ids=ids, instructor=instructor),
        _("Dossiers assigned."),
    )
    return redirect("incentives:review_queue")


def _reviewable(user: User, dossier_id: int) -> Dossier:
    dossier = selectors.dossier_get(user=user, dossier_id=dossier_id)
    if not rules.has_perm("incentives.review_dossier", user, dossier):
        raise AppError(_("Your role does not allow reviewing this dossier."), status=403)
    return dossier


@staff_required
def review_dossier(request: HttpRequest, dossier_id: int) -> HttpResponse:
    user = _user(request)
    dossier = selectors.dossier_get(user=user, dossier_id=dossier_id)
    if not rules.has_perm("incentives.review_dossier", user, dossier):
        raise AppError(_("Your role does not allow reviewing this dossier."), status=403)
    context = {
        **_detail_context(dossier, user),
        "correction_form": CorrectionForm(),
        "decision_form": DecisionForm(),
        "invite_form": InviteForm(),
        "opinions": list(dossier.opinions.select_related("expert")),
        "history": selectors.dossier_history(dossier),
        "reviewers": selectors.reviewers(),
        "is_instructor": dossier.instructor_id == user.pk,
    }
    return render(request, "incentives/review/dossier.html", context)


@require_POST
@staff_required
def review_correction(request: HttpRequest, dossier_id: int) -> HttpResponse:
    run_as_message(
        request,
        partial(
            services.correction_request,
            actor=_user(request),
            dossier_id=dossier_id,
            version=_version(request),
            kind=request.POST.get("kind", ""),
            message=request.POST.get("message", "")[:5000],
        ),
        _("Correction requested: instruction waits for the applicant's answer."),
    )
    return redirect("incentives:review_dossier", dossier_id=dossier_id)


@require_POST
@staff_required
def review_decide(request: HttpRequest, dossier_id: int) -> HttpResponse:
    user = _user(request)
    _reviewable(user, dossier_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("incentives:review_dossier", dossier_id=dossier_id)
    c = form.cleaned_data
    decision = run_as_message(
        request,
        partial(
            services.dossier_decide,
            actor=user,
            dossier_id=dossier_id,
            version=_version(request),
            outcome=c["outcome"],
            amount=c["amount"],
            adjustment_reason=c["adjustment_reason"],
            motivation=c["motivation"],
        ),
        _("Decision recorded."),
    )
    if decision is not None and not decision.final:
        messages.info(request, _("Above the threshold: a second reviewer must confirm it."))
    return redirect("incentives:review_dossier", dossier_id=dossier_id)


@require_POST
@staff_required
def review_approve(request: HttpRequest, dossier_id: int) -> HttpResponse:
    run_as_message(
        request,
        partial(
            services.decision_approve,
            actor=_user(request),
            dossier_id=dossier_id,
            version=_version(request),
        ),
        _("Decision confirmed by a second reviewer."),
    )
    return redirect("incentives:review_dossier", dossier_id=dossier_id)


@require_POST
@staff_required
def review_invite(request: HttpRequest, dossier_id: int) -> HttpResponse:
    _reviewable(_user(request), dossier_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        expert = User.objects.filter(email__iexact=form.cleaned_data["expert"]).first()
        if expert is None:
            messages.error(request, _("No Jiha account has this e-mail address."))
        else:
            run_as_message(
                request,
                partial(
                    services.opinion_invite,
                    actor=_user(request),
                    dossier_id=dossier_id,
                    expert=expert,
                    question=form.cleaned_data["question"],
                ),
                _("Expert invited: they see this dossier only."),
            )
    else:
        messages.error(request, _("Give the expert's e-mail address and your question."))
    return redirect("incentives:review_dossier", dossier_id=dossier_id)


# --- invited experts ---------------------------------------------------------------------


@login_required
def expert_opinion(request: HttpRequest, dossier_id: int) -> HttpResponse:
    user = _user(request)
    dossier = selectors.dossier_get(user=user, dossier_id=dossier_id)
    if not rules.has_perm("incentives.expert_dossier", user, dossier):
        raise AppError(_("You were not invited to give an opinion on this dossier."), status=403)
    opinion = dossier.opinions.get(expert=user)
    form = OpinionForm(request.POST or None, initial={"opinion": opinion.opinion})
    if request.method == "POST" and form.is_valid():
        saved = run_on_form(
            form,
            partial(
                services.opinion_give,
                actor=user,
                dossier_id=dossier.pk,
                opinion=form.cleaned_data["opinion"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Opinion recorded. The applicant never sees it."))
            return redirect("incentives:expert_opinion", dossier_id=dossier.pk)
    context = {**_detail_context(dossier, user), "opinion": opinion, "form": form}
    return render(request, "incentives/review/expert.html", context)


def scheme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "incentives/schemes/list.html", {"schemes": selectors.scheme_list()})


def scheme_detail(request: HttpRequest, code: str) -> HttpResponse:
    scheme = selectors.scheme_get(code)
    return render(request, "incentives/schemes/detail.html", {"scheme": scheme})
