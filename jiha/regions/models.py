"""Reference geography: the 12 regions (2015 division) and their provinces and prefectures."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiha.lib.i18n import localised


class Confidence(models.TextChoices):
    OFFICIAL = "official", _("Official text or statistics")
    SECONDARY = "secondary", _("Secondary source (press), to be confirmed")
    TO_CONFIRM = "to_confirm", _("To be confirmed")


class ReferenceSource(models.Model):
    """Where a reference figure or name comes from: shown next to every figure it backs."""

    key = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=400)
    publisher = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=500, blank=True)
    date = models.DateField(null=True, blank=True, help_text=_("Publication or retrieval date"))
    licence = models.CharField(max_length=400, blank=True)
    confidence = models.CharField(max_length=20, choices=Confidence.choices)

    class Meta:
        ordering = ["key"]
        verbose_name = _("reference source")
        verbose_name_plural = _("reference sources")

    def __str__(self) -> str:
        return self.title


class TranslatedNameMixin(models.Model):
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (French when the language is unknown)."""
        return localised(self, "name")


class Region(TranslatedNameMixin):
    code = models.CharField(_("ISO 3166-2 code"), max_length=5, unique=True)  # MA-01 … MA-12
    hcp_code = models.CharField(_("HCP code"), max_length=2, unique=True)  # 01 … 12
    capital_fr = models.CharField(max_length=80)
    capital_ar = models.CharField(max_length=80)
    capital_en = models.CharField(max_length=80)
    population_2014 = models.PositiveIntegerField(_("population (2014 census)"))
    population_2024 = models.PositiveIntegerField(_("population (2024 census)"))
    households_2024 = models.PositiveIntegerField(_("households (2024 census)"))
    names_source = models.ForeignKey(
        ReferenceSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("names source")
    )
    census_2024_source = models.ForeignKey(
        ReferenceSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("2024 source")
    )
    census_2014_source = models.ForeignKey(
        ReferenceSource, on_delete=models.PROTECT, related_name="+", verbose_name=_("2014 source")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    @property
    def capital(self) -> str:
        return localised(self, "capital")

    @property
    def population_change_pct(self) -> float:
        return (self.population_2024 - self.population_2014) / self.population_2014 * 100


class Province(TranslatedNameMixin):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        PREFECTURE = "prefecture", _("Prefecture")
        PREFECTURE_OF_ARRONDISSEMENTS = (
            "prefecture_of_arrondissements",
            _("Prefecture of arrondissements"),
        )

    code = models.CharField(_("HCP code"), max_length=16, unique=True)  # 01.511, 06.141.01.00
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="provinces")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    population_2014 = models.PositiveIntegerField(null=True, blank=True)
    population_2024 = models.PositiveIntegerField()
    households_2024 = models.PositiveIntegerField()

    class Meta:
        ordering = ["code"]
        verbose_name = _("province or prefecture")
        verbose_name_plural = _("provinces and prefectures")
