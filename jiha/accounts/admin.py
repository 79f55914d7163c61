from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from jiha.accounts.decorators import recent_reauthentication_required
from jiha.accounts.models import Membership, Organisation, User

reauthenticated = method_decorator(recent_reauthentication_required)


class ReauthenticatedChanges(admin.ModelAdmin):
    """Accounts, roles and memberships change only after a recent password or TOTP proof."""

    @reauthenticated
    def changeform_view(self, *args, **kwargs):
        return super().changeform_view(*args, **kwargs)

    @reauthenticated
    def changelist_view(self, *args, **kwargs):
        return super().changelist_view(*args, **kwargs)

    @reauthenticated
    def delete_view(self, *args, **kwargs):
        return super().delete_view(*args, **kwargs)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(ReauthenticatedChanges, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal information"), {"fields": ("first_name", "last_name", "preferred_language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    @reauthenticated
    def user_change_password(self, *args, **kwargs):
        return super().user_change_password(*args, **kwargs)


@admin.register(Organisation)
class OrganisationAdmin(ReauthenticatedChanges):
    list_display = ["name", "kind", "region", "is_verified", "synthetic"]
    list_filter = ["kind", "region", "is_verified", "synthetic"]
    search_fields = ["name", "ice"]
    inlines = [MembershipInline]
