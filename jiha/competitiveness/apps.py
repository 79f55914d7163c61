from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitivenessConfig(AppConfig):
    name = "jiha.competitiveness"
    label = "competitiveness"
    verbose_name = _("Competitiveness")
