from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from sori.core.privacy import record_access
from sori.registry.models import Commitment, Mou, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sector", "location", "public_name_consent")
    list_filter = ("kind", "public_name_consent")
    search_fields = ("name", "sector", "business_number")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "role", "contact_consent")
    list_filter = ("contact_consent",)
    search_fields = ("name", "organisation__name", "email")
    autocomplete_fields = ("organisation",)

    # The admin shows contacts too: its pages are recorded like Sori's own (개인정보 접속기록).
    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        record_access(request, "view", "admin.registry.person")
        return super().changelist_view(request, extra_context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        record_access(request, "view", f"registry.person:{object_id}", people=1)
        return super().change_view(request, object_id, form_url, extra_context)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Mou)
class MouAdmin(admin.ModelAdmin):
    list_display = ("title", "signed_on", "stage")
    list_filter = ("stage",)
    search_fields = ("title", "parties__name")
    autocomplete_fields = ("parties",)
    inlines = [CommitmentInline]
