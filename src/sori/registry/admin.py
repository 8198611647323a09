from django.contrib import admin

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
