from django.urls import path

from sori.registry.views import imports, mous, organisations, people

app_name = "registry"
urlpatterns = [
    path("organisations/", organisations.organisation_list_view, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/import/", imports.import_upload, name="import_upload"),
    path("organisations/import/<int:import_id>/", imports.import_review, name="import_review"),
    path(
        "organisations/<int:organisation_id>/", organisations.organisation_detail, name="organisation_detail"
    ),
    path(
        "organisations/<int:organisation_id>/edit/", organisations.organisation_edit, name="organisation_edit"
    ),
    path("people/", people.person_list_view, name="person_list"),
    path("people/<int:person_id>/", people.person_detail, name="person_detail"),
    path("people/<int:person_id>/erase/", people.person_erase_view, name="person_erase"),
    path("mous/", mous.mou_list_view, name="mou_list"),
    path("mous/new/", mous.mou_create, name="mou_create"),
    path("mous/<int:mou_id>/", mous.mou_detail, name="mou_detail"),
    path("mous/<int:mou_id>/edit/", mous.mou_edit, name="mou_edit"),
    path("mous/<int:mou_id>/stage/", mous.mou_move, name="mou_move"),
    path("mous/<int:mou_id>/commitments/", mous.commitment_add, name="commitment_add"),
    path("commitments/<int:commitment_id>/", mous.commitment_edit, name="commitment_edit"),
    path("commitments/<int:commitment_id>/snooze/", mous.commitment_snooze, name="commitment_snooze"),
]
