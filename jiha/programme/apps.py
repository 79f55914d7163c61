from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "jiha.programme"
    label = "programme"
    verbose_name = _("Regional programme")
