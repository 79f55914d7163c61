"""The back-office admin site: staff only, and only after TOTP two-factor authentication."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiha.accounts.permissions import has_verified_second_factor


class JihaAdminSite(admin.AdminSite):
    site_header = gettext_lazy("Jiha back-office")
    site_title = gettext_lazy("Jiha back-office")
    index_title = gettext_lazy("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and has_verified_second_factor(request)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # One sign-in for the whole platform (allauth, with TOTP), not the admin's own form.
        from jiha.accounts.decorators import second_factor_redirect

        next_url = request.GET.get("next") or reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        if not (request.user.is_active and request.user.is_staff):
            # Confirming the session would not open the admin to them: say so, do not loop.
            message = _("The administration is reserved for the programme's administrators.")
            return render(
                request, "portal/error.html", {"status": 403, "message": message}, status=403
            )
        return second_factor_redirect(request, next_url)
