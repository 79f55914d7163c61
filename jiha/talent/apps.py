from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "jiha.talent"
    label = "talent"
    verbose_name = _("Talent and reconversion")
