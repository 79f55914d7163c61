from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "jiha.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from jiha.portal import dataversion

        # Once per migrate (portal's own signal), when every table exists.
        post_migrate.connect(dataversion.install_after_migrate, sender=self)
