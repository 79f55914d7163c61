"""The programme office keeps conventions and antennas in the admin site; each save is audited
in its own transaction (Django's admin wraps save_model in one)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms.models import model_to_dict

from jiha.audit.services import audit_append
from jiha.programme.models import Antenna, Convention, FactSheet, Initiative


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: Any, obj: Any, form: Any, change: bool) -> None:
        before = model_to_dict(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        action = f"programme.{obj._meta.model_name}.{'update' if change else 'create'}"
        audit_append(
            actor=request.user, action=action, target=obj, before=before, after=model_to_dict(obj)
        )

    def delete_model(self, request: Any, obj: Any) -> None:
        before = model_to_dict(obj)
        target = (obj._meta.label_lower, obj.pk)
        super().delete_model(request, obj)
        audit_append(
            actor=request.user,
            action=f"programme.{obj._meta.model_name}.delete",
            target=target,
            before=before,
        )


@admin.register(Convention)
class ConventionAdmin(AuditedAdmin):
    list_display = ["region", "status", "signed_on", "synthetic"]
    list_filter = ["status"]


@admin.register(Antenna)
class AntennaAdmin(AuditedAdmin):
    list_display = ["name", "region", "contact"]
    list_filter = ["region"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    """Read-only here: initiatives change on their pages and the API (audited there)."""

    list_display = ["title", "region", "workstream", "status", "synthetic"]
    list_filter = ["region", "workstream", "status", "synthetic"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(FactSheet)
class FactSheetAdmin(admin.ModelAdmin):
    list_display = ["region", "language", "status", "created_at", "finished_at"]
    list_filter = ["status", "language"]
    exclude = ["pdf"]
    readonly_fields = ["region", "language", "status", "versions", "error", "requested_by"]
