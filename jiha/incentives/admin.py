from __future__ import annotations

from django.contrib import admin

from jiha.incentives.models import (
    CharterZone,
    Dossier,
    ParameterValueChange,
    ReviewerGroup,
    RoutingRule,
    Scheme,
)


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


class RoutingRuleInline(admin.TabularInline):
    model = RoutingRule
    extra = 1


@admin.register(ReviewerGroup)
class ReviewerGroupAdmin(admin.ModelAdmin):
    """Reviewer groups and the rules that route submitted dossiers to them."""

    list_display = ["name"]
    filter_horizontal = ["members"]
    inlines = [RoutingRuleInline]


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    """The catalogue comes from schemes.yaml (``jiha load_schemes``); here an administrator may
    close a scheme or set the decision deadline once its source is known."""

    list_display = ["code", "data_kind", "active", "decision_days", "filing_opens", "filing_closes"]
    fields = ["active", "decision_days", "decision_days_reference", "filing_opens", "filing_closes"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    """Read-only: a dossier changes only through its services (locked, versioned, audited)."""

    list_display = ["reference", "organisation", "scheme", "region", "state", "computed_amount"]
    list_filter = ["state", "scheme", "region", "synthetic"]
    search_fields = ["reference", "organisation__name"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
