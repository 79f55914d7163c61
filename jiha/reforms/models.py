"""A what-if reform: a change of the law an administrator describes, and its last evaluation.

A reform is never law: evaluating it builds a reformed legislation in memory, next to the law in
force, and writes nothing but its own result (docs/decisions/0014-what-if-reforms.md).
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reform(models.Model):
    class Kind(models.TextChoices):
        PARAMETER = "parameter", _("A new value of a legal parameter")
        REGIONAL_BONUS = "regional_bonus", _("A regional bonus per hire")

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    kind = models.CharField(_("kind of change"), max_length=20, choices=Kind.choices)
    start = models.DateField(_("in force from"))
    parameter = models.CharField(_("parameter"), max_length=200, blank=True)
    value = models.JSONField(_("new value"), null=True, blank=True)
    bonus_amount = models.DecimalField(
        _("bonus per hire (MAD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    bonus_regions = models.JSONField(_("regions of the bonus"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    legislation_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("what-if reform")
        verbose_name_plural = _("what-if reforms")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="parameter") & ~models.Q(parameter="")
                    | models.Q(kind="regional_bonus", bonus_amount__isnull=False)
                ),
                name="reform_describes_its_change",
            ),
        ]

    def __str__(self) -> str:
        return self.name
