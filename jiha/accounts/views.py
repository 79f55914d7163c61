"""Pages of a signed-in person: their space, their organisation's profile, the back-office."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiha.accounts import selectors, services
from jiha.accounts.decorators import staff_required
from jiha.accounts.forms import ApiTokenForm, OrganisationProfileForm
from jiha.accounts.models import Organisation, Role, User
from jiha.accounts.permissions import has_totp, is_administrator, is_staff_role_user
from jiha.lib.forms import run_on_form

UNVERIFIED_AFTER_CHANGE = gettext_lazy(
    "You changed the name or the ICE of a verified organisation: it is no longer marked as "
    "verified until the programme office checks it again."
)


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - guaranteed by login_required
    return user


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "memberships": selectors.memberships_of(user),
        # A company's applicant files its yearly activity report from here.
        "files_reports": selectors.memberships_of(user).filter(role=Role.APPLICANT).exists(),
        "is_staff_role": is_staff_role_user(user),
        "has_totp": has_totp(user),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    user = _user(request)
    if not user.has_perm("accounts.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationProfileForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        saved = run_on_form(
            form,
            partial(
                services.organisation_update,
                actor=user,
                organisation=Organisation.objects.get(pk=pk),
                data={f: form.cleaned_data[f] for f in form.changed_data},
            ),
        )
        if saved is not None:
            messages.success(request, _("The organisation's profile was saved."))
            if organisation.is_verified and not saved.is_verified:
                messages.warning(request, UNVERIFIED_AFTER_CHANGE)
            return redirect("accounts:organisation", pk=pk)
    context = {
        "organisation": organisation,
        "form": form,
        "change_unverifies": organisation.is_verified and not is_administrator(user),
    }
    return render(request, "accounts/organisation.html", context)


@staff_required
def back_office(request: HttpRequest) -> HttpResponse:
    context = {
        "organisations": selectors.organisation_overview(),
        "user_count": User.objects.count(),
    }
    return render(request, "accounts/back_office.html", context)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The tokens of the user's organisations; create one (its text is shown once)."""
    user = _user(request)
    organisations = selectors.token_organisations(user)
    form = ApiTokenForm(request.POST or None, organisations=organisations)
    created_text = None
    if request.method == "POST" and form.is_valid():
        created = run_on_form(
            form,
            partial(
                services.api_token_create,
                actor=user,
                organisation=form.cleaned_data["organisation"],
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_on=form.cleaned_data["expires_on"],
            ),
            fields={"bad_expiry": "expires_on", "name_required": "name", "bad_scope": "scope"},
        )
        if created is not None:
            created_text = created[1]
            messages.success(request, _("The token was created. Copy it now: it is shown once."))
            form = ApiTokenForm(organisations=organisations)
    context = {
        "form": form,
        "tokens": selectors.api_tokens_of(user),
        "created_text": created_text,
        "has_organisations": organisations.exists(),
        "now": timezone.now(),
    }
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(selectors.api_tokens_of(user), pk=pk)
    services.api_token_revoke(actor=user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:api_tokens")
