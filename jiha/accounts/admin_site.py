"""The back-office admin site: staff only, and only after TOTP two-factor authentication."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from jiha.accounts.permissions import has_verified_second_factor


class JihaAdminSite(admin.AdminSite):
    site_header = _("Jiha back-office")
    site_title = _("Jiha back-office")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_verified_second_factor(request)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # One sign-in for the whole platform (allauth, with TOTP), not the admin's own form.
        from jiha.accounts.decorators import second_factor_redirect

        next_url = request.GET.get("next") or reverse("admin:index")
        if request.user.is_authenticated:
            return second_factor_redirect(request, next_url)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
