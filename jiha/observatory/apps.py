from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObservatoryConfig(AppConfig):
    name = "jiha.observatory"
    label = "observatory"
    verbose_name = _("Data observatory")
