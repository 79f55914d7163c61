from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "jiha.exports"
    label = "exports"
    verbose_name = _("Exports of dossiers")
