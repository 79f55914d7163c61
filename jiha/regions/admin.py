from __future__ import annotations

from django.contrib import admin

from jiha.regions.models import Province, ReferenceSource, Region


@admin.register(ReferenceSource)
class ReferenceSourceAdmin(admin.ModelAdmin):
    list_display = ["key", "title", "confidence", "date"]
    list_filter = ["confidence"]
    search_fields = ["key", "title"]


class ProvinceInline(admin.TabularInline):
    model = Province
    extra = 0
    fields = ["code", "name_fr", "name_ar", "kind", "population_2024"]
    readonly_fields = ["code", "name_fr", "name_ar", "kind", "population_2024"]
    can_delete = False


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "name_en", "capital_fr", "population_2024"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]
    inlines = [ProvinceInline]
    # Reference data is loaded from the package (jiha load_reference); editing names stays
    # possible for corrections, figures are read-only.
    readonly_fields = ["code", "hcp_code", "population_2014", "population_2024", "households_2024"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "region", "kind", "population_2024"]
    list_filter = ["region", "kind"]
    search_fields = ["code", "name_fr", "name_ar"]
