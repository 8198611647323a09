from django.contrib import admin
from django.http import HttpRequest

from sori.core.models import AuditRecord, Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "organisation")
    list_filter = ("role",)
    search_fields = ("user__username", "organisation__name")
    autocomplete_fields = ("organisation", "person")


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """The trail is read-only: nobody edits history, not even an administrator."""

    list_display = ("at", "actor_label", "action", "target", "summary")
    list_filter = ("action",)
    search_fields = ("summary", "target", "scope", "actor_label")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditRecord | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditRecord | None = None) -> bool:
        return False
