"""Pages: the public supply/demand view, offers and programmes; the candidate's space (profile,
consent, matches, gaps, reconversion path, their data), the company's (offers, shortlists) and
the training provider's (programmes, outcomes)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from jiha.accounts.models import User
from jiha.lib.forms import run_on_form
from jiha.lib.ratelimit import rate_limited
from jiha.regions.selectors import region_names
from jiha.talent import engine_io, selectors, services
from jiha.talent.forms import (
    CandidateForm,
    ExtractForm,
    OfferForm,
    OutcomeForm,
    PathForm,
    ProgrammeForm,
    RegisterForm,
)
from jiha.talent.models import CandidateProfile

View = Callable[..., HttpResponse]


def _user(request: HttpRequest) -> User:
    """The signed-in user (the views below are all behind ``_signed_in``)."""
    return cast(User, request.user)


def _signed_in(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


def candidate_required(view: View) -> View:
    """Signed in, with a candidate profile (else sent to register); members of an
    organisation are not candidates."""

    @_signed_in
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _user(request).memberships.exists():
            raise PermissionDenied
        profile = selectors.candidate_of(request.user)
        if profile is None:
            return redirect("talent:register")
        return view(request, profile, *args, **kwargs)

    return wrapper


def company_required(view: View) -> View:
    @_signed_in
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.companies_of(request.user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def provider_required(view: View) -> View:
    @_signed_in
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.providers_of(request.user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _outlook() -> list[engine_io.OutlookRow]:
    return engine_io.hiring_outlook()


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 12 else None


# --- Public ---------------------------------------------------------------------------------
def index(request: HttpRequest) -> HttpResponse:
    region = request.GET.get("region") or None
    names = region_names()
    if region not in names:
        region = None
    context = {
        "rows": selectors.supply_demand(region),
        "regions": names,
        "region": region,
        "outlook": _outlook(),
    }
    return render(request, "talent/index.html", context)


def offers(request: HttpRequest) -> HttpResponse:
    context = {"offers": selectors.open_offers()[:200], "outlook": _outlook()}
    return render(request, "talent/offers.html", context)


def programmes(request: HttpRequest) -> HttpResponse:
    rows = selectors.current_programmes().prefetch_related("skills")[:200]
    return render(request, "talent/programmes.html", {"programmes": rows})


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(pk)
    six, twelve = selectors.placement_rates(programme)
    context = {"programme": programme, "rates": (six, twelve), "outlook": _outlook()}
    return render(request, "talent/programme_detail.html", context)


@rate_limited("talent.extract", rate_setting="JIHA_TALENT_EXTRACT_RATE")
def extract(request: HttpRequest) -> HttpResponse:
    form = ExtractForm(request.POST or None, request.FILES or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = run_on_form(form, lambda: engine_io.skills_in_text(form.cleaned_data["text"]))
    context = {
        "form": form,
        "found": found,
        "candidate": selectors.candidate_of(request.user),
    }
    return render(request, "talent/extract.html", context)


# --- Candidate ------------------------------------------------------------------------------
@_signed_in
def register(request: HttpRequest) -> HttpResponse:
    if _user(request).memberships.exists():
        raise PermissionDenied
    if selectors.candidate_of(request.user) is not None:
        return redirect("talent:profile")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        profile = run_on_form(
            form,
            lambda: services.candidate_register(
                user=_user(request), data=form.to_input(), consent=form.cleaned_data["consent"]
            ),
            fields={"unknown_skills": "skill_0", "consent": "consent"},
        )
        if profile is not None:
            messages.success(request, _("Your profile is ready."))
            return redirect("talent:profile")
    context = {"form": form, "consent_version": services.CONSENT_VERSION}
    return render(request, "talent/register.html", context)


@candidate_required
def profile(request: HttpRequest, profile: CandidateProfile) -> HttpResponse:
    matches: list[engine_io.CandidateMatch] = []
    if selectors.has_consent(profile):
        matches = engine_io.candidate_matches(profile, selectors.open_offers())
    context = {
        "profile": profile,
        "consented": selectors.has_consent(profile),
        "skills": profile.skills.select_related("skill").order_by("-level"),
        "matches": matches,
        "contacts": selectors.contacts_of(profile),
        "path_form": PathForm(
            initial={
                "occupation": profile.target_occupation.code if profile.target_occupation else None
            }
        ),
        "outlook": _outlook(),
    }
    return render(request, "talent/profile.html", context)


@candidate_required
def profile_edit(request: HttpRequest, profile: CandidateProfile) -> HttpResponse:
    form = CandidateForm(request.POST or None, initial=CandidateForm.initial_from(profile))
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            form,
            lambda: services.candidate_update(profile=profile, data=form.to_input()),
            fields={"unknown_skills": "skill_0"},
        )
        if done is not None:
            messages.success(request, _("Your profile is saved."))
            return redirect("talent:profile")
    return render(request, "talent/profile_edit.html", {"form": form})


@candidate_required
def path(request: HttpRequest, profile: CandidateProfile) -> HttpResponse:
    form = PathForm(request.GET or None)
    plan = None
    if form.is_valid():
        plan = run_on_form(
            form,
            lambda: engine_io.reconversion_plan(
                profile,
                form.cleaned_data["occupation"],
                selectors.current_programmes(),
                objective=form.cleaned_data["objective"] or "cost",
            ),
            fields={"no_path": "occupation"},
        )
    return render(request, "talent/path.html", {"form": form, "plan": plan, "profile": profile})


@require_POST
@candidate_required
def consent(request: HttpRequest, profile: CandidateProfile) -> HttpResponse:
    action = request.POST.get("action")
    if action == "give":
        services.consent_give(profile=profile)
        messages.success(request, _("Thank you: companies may see your pseudonymised profile."))
    elif action == "withdraw":
        services.consent_withdraw(profile=profile)
        messages.info(request, _("Consent withdrawn: companies no longer see your profile."))
    else:  # a forged or damaged form changes nothing
        messages.error(request, _("Choose to give or to withdraw your consent."))
    return redirect("talent:profile")


@candidate_required
def my_data(request: HttpRequest, profile: CandidateProfile) -> HttpResponse:
    body = json.dumps(selectors.candidate_export(profile), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="jiha-my-data.json"'
    return response


@candidate_required
def erase(request: HttpRequest, profile: CandidateProfile) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != "erase":
            messages.error(request, _("Tick the box to confirm the erasure."))
            return redirect("talent:erase")
        services.candidate_erase(profile=profile)
        return render(request, "talent/erased.html")
    return render(request, "talent/erase.html", {"profile": profile})


@require_POST
@candidate_required
def add_skills(request: HttpRequest, profile: CandidateProfile) -> HttpResponse:
    codes = request.POST.getlist("skill")[:60]
    added = services.candidate_skills_add(profile=profile, codes=codes)
    text = ngettext(
        "%(count)d skill added to your profile.", "%(count)d skills added to your profile.", added
    )
    messages.success(request, text % {"count": added})
    return redirect("talent:profile")


@require_POST
@candidate_required
def contact_answer(request: HttpRequest, profile: CandidateProfile, pk: int) -> HttpResponse:
    answer = request.POST.get("answer")
    if answer not in {"accept", "decline"}:  # a forged or damaged form changes nothing
        messages.error(request, _("Choose to accept or to decline the request."))
        return redirect("talent:profile")
    services.contact_answer(profile=profile, contact_id=pk, accept=answer == "accept")
    return redirect("talent:profile")


# --- Company --------------------------------------------------------------------------------
@company_required
def company_offers(request: HttpRequest) -> HttpResponse:
    companies = selectors.companies_of(request.user)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        extra = engine_io.skills_named(form.cleaned_data["description"])
        company = companies.filter(pk=_number(request.POST.get("company")) or 0).first()
        offer = run_on_form(
            form,
            lambda: services.offer_create(
                actor=_user(request), company=company or companies[0], data=form.to_input(extra)
            ),
        )
        if offer is not None:
            messages.success(request, _("The offer is published."))
            return redirect("talent:shortlist", pk=offer.pk)
    context = {"form": form, "offers": selectors.offers_of(request.user), "companies": companies}
    return render(request, "talent/company_offers.html", context)


@company_required
def shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for_company(request.user, pk)
    entries = engine_io.offer_shortlist(offer, selectors.consenting_candidates())
    contacts = {c.candidate_id: c for c in offer.contacts.select_related("candidate__user")}
    rows = [(entry, contacts.get(entry.candidate_id)) for entry in entries]
    return render(request, "talent/shortlist.html", {"offer": offer, "rows": rows})


@require_POST
@company_required
def contact_request(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for_company(request.user, pk)
    services.contact_request(
        actor=_user(request), offer=offer, pseudonym=request.POST.get("pseudonym", "")[:20]
    )
    messages.success(request, _("Request sent: the candidate decides whether to be contacted."))
    return redirect("talent:shortlist", pk=offer.pk)


# --- Training provider ----------------------------------------------------------------------
@provider_required
def provider_programmes(request: HttpRequest) -> HttpResponse:
    providers = selectors.providers_of(request.user)
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        programme = run_on_form(
            form,
            lambda: services.programme_create(
                actor=_user(request), provider=providers[0], data=form.to_input()
            ),
            fields={"region": "region", "end": "end", "unknown_skills": "skills"},
        )
        if programme is not None:
            messages.success(request, _("The programme is published."))
            return redirect("talent:provider_programmes")
    context = {"form": form, "programmes": selectors.programmes_of(request.user)}
    return render(request, "talent/provider_programmes.html", context)


@provider_required
def outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for_provider(request.user, pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_on_form(
            form,
            lambda: services.outcome_report(
                actor=_user(request), programme=programme, data=form.to_input()
            ),
            fields={"participant": "participant", "completed_on": "completed_on"},
        )
        if done is not None:
            messages.success(request, _("Outcome recorded."))
            return redirect("talent:outcomes", pk=programme.pk)
    six, twelve = selectors.placement_rates(programme)
    context = {
        "programme": programme,
        "form": form,
        "outcomes": selectors.outcomes_of(programme),
        "rates": (six, twelve),
    }
    return render(request, "talent/outcomes.html", context)
