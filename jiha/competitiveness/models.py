"""Index editions: a framework applied to frozen dataset versions, with its results."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiha.observatory.models import DatasetVersion


class IndexEdition(models.Model):
    """One build of an index. It records the dataset versions it read (and the legislation
    state for rule-based indicators), so it can be rebuilt identically."""

    framework_code = models.SlugField(max_length=60)
    framework = models.JSONField(help_text=_("The framework as built (nodes, spec, labels)."))
    versions = models.ManyToManyField(DatasetVersion, related_name="index_editions")
    legislation_version = models.PositiveIntegerField(default=0)
    inputs = models.JSONField(help_text=_("The units × indicators table that was built."))
    results = models.JSONField()
    uncertainty = models.JSONField(default=dict)
    sensitivity = models.JSONField(default=dict)
    audit = models.JSONField(default=dict)
    validation = models.JSONField(
        default=dict,
        help_text=_(
            "The index's correlation with where offshoring jobs are, computed with the edition."
        ),
    )
    synthetic = models.BooleanField(default=False, help_text=_("Built on demo (synthetic) data."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("index edition")
        verbose_name_plural = _("index editions")

    def __str__(self) -> str:
        return f"{self.framework_code} #{self.pk}"

    @property
    def units(self) -> list[str]:
        """The regions, in the order of the input table's values."""
        return [record["unit"] for record in self.results["records"]]
