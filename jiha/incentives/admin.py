from __future__ import annotations

from django.contrib import admin

from jiha.incentives.models import CharterZone, ParameterValueChange


@admin.register(CharterZone)
class CharterZoneAdmin(admin.ModelAdmin):
    list_display = ["province", "zone", "confidence"]
    list_filter = ["zone", "confidence", "province__region"]
    autocomplete_fields = ["province"]


@admin.register(ParameterValueChange)
class ParameterValueChangeAdmin(admin.ModelAdmin):
    """Read-only: values are added from the parameter browser, and the log is append-only."""

    list_display = ["parameter", "start", "value", "confidence", "created_by", "created_at"]
    search_fields = ["parameter", "reference"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
