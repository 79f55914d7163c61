from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "jiha.regions"
    label = "regions"
    verbose_name = _("Reference geography")
