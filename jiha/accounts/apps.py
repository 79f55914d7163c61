from __future__ import annotations

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "jiha.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from jiha.accounts import signals  # noqa: F401 - connects the authentication log


class JihaAdminConfig(admin_apps.AdminConfig):
    """Django's admin, on a site that demands TOTP two-factor authentication."""

    default = False
    default_site = "jiha.accounts.admin_site.JihaAdminSite"
