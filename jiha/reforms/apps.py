from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformsConfig(AppConfig):
    name = "jiha.reforms"
    label = "reforms"
    verbose_name = _("What-if reforms")
