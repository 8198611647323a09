from django.contrib import admin

from sori.registry.models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "sector", "location", "public_name_consent")
    list_filter = ("kind", "public_name_consent")
    search_fields = ("name", "sector")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation", "role", "contact_consent")
    list_filter = ("contact_consent",)
    search_fields = ("name", "organisation__name", "email")
    autocomplete_fields = ("organisation",)
