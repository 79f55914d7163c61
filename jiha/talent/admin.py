"""The taxonomy in the admin: administrators add or correct skills, occupations and their
essential and optional skills (the data file is reloaded only by `jiha load_taxonomy`)."""

from __future__ import annotations

from django.contrib import admin

from jiha.talent.models import Occupation, OccupationSkill, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_en", "name_ar", "category", "esco_uri")
    list_filter = ("category",)
    search_fields = ("code", "name_fr", "name_en", "name_ar")


class OccupationSkillInline(admin.TabularInline):
    model = OccupationSkill
    autocomplete_fields = ("skill",)
    extra = 1


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ("code", "name_fr", "name_en", "family", "isco_group")
    list_filter = ("family",)
    search_fields = ("code", "name_fr", "name_en", "name_ar")
    inlines = (OccupationSkillInline,)
