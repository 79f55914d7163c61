from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    name = "jiha.incentives"
    label = "incentives"
    verbose_name = _("Incentives")
