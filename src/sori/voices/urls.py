from django.urls import path

from sori.voices.intake import entry_views, import_views, minutes_views
from sori.voices.organise import views as organise
from sori.voices.organise import views_audit as organise_audit
from sori.voices.views import corrections, demand_detail, demands, moderation, proposals, repeats

app_name = "voices"
urlpatterns = [
    path("meetings/<int:engagement_id>/proposals/", entry_views.meeting_entry, name="meeting_entry"),
    path(
        "meetings/<int:engagement_id>/proposals.xlsx",
        entry_views.meeting_proposals_xlsx,
        name="meeting_proposals_xlsx",
    ),
    path("proposals/entry-preview.json", entry_views.entry_preview, name="entry_preview"),
    path("meetings/<int:engagement_id>/import/", import_views.import_upload, name="meeting_import"),
    path("meetings/<int:engagement_id>/minutes-file/", minutes_views.minutes_upload, name="minutes_upload"),
    path("minutes/<int:upload_id>/", minutes_views.minutes_review, name="minutes_review"),
    path("minutes/<int:upload_id>/accept/", minutes_views.minutes_accept, name="minutes_accept"),
    path("import/", import_views.import_upload, name="import_upload"),
    path("import/<int:batch_id>/", import_views.import_mapping, name="import_mapping"),
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/similar.json", organise_audit.proposal_similar, name="proposal_similar"),
    path("proposals/group/", proposals.proposal_group, name="proposal_group"),
    path("proposals/<int:proposal_id>/edit/", corrections.proposal_edit, name="proposal_edit"),
    path("proposals/<int:proposal_id>/delete/", corrections.proposal_delete_view, name="proposal_delete"),
    path("proposals/<int:proposal_id>/restore/", corrections.proposal_restore_view, name="proposal_restore"),
    path("proposals/deleted/", corrections.proposal_deleted_list, name="proposal_deleted"),
    path("grouping/undo/", proposals.grouping_undo_view, name="grouping_undo"),
    path("moderation/", moderation.moderation, name="moderation"),
    path("moderation/decide/", moderation.moderation_decide, name="moderation_decide"),
    path("demands/", demands.demand_list, name="demand_list"),
    path("demands/search.json", demands.demand_search, name="demand_search"),
    path("demands/bulk/", demands.demand_bulk, name="demand_bulk"),
    path("demands/<int:demand_id>/", demand_detail.demand_detail, name="demand_detail"),
    path("demands/<int:demand_id>/rename/", demand_detail.demand_rename, name="demand_rename"),
    path("demands/<int:demand_id>/proposals/", demand_detail.demand_proposals, name="demand_proposals"),
    path("demands/<int:demand_id>/merge/", demand_detail.demand_merge, name="demand_merge"),
    path("demands/<int:demand_id>/assign/", demand_detail.demand_assign, name="demand_assign"),
    path("demands/<int:demand_id>/publish/", demand_detail.demand_publish, name="demand_publish"),
    path(
        "demands/<int:demand_id>/repeats/confirm/",
        repeats.demand_repeat_confirm,
        name="demand_repeat_confirm",
    ),
    path(
        "demands/<int:demand_id>/repeats/dismiss/",
        repeats.demand_repeat_dismiss,
        name="demand_repeat_dismiss",
    ),
    path("demands/<int:demand_id>/repeats/undo/", repeats.demand_repeat_undo, name="demand_repeat_undo"),
    path("demands/<int:demand_id>/machine/", organise_audit.demand_machine_view, name="demand_machine"),
    path("organise/", organise.organise, name="organise"),
    path("organise/accept/", organise.organise_accept_view, name="organise_accept"),
    path("organise/dismiss/", organise.organise_dismiss_view, name="organise_dismiss"),
    path(
        "organise/dismiss-suggestion/",
        organise.organise_dismiss_suggestion_view,
        name="organise_dismiss_suggestion",
    ),
    path("organise/run/", organise.organise_run, name="organise_run"),
    path("organise/progress.json", organise.organise_progress, name="organise_progress"),
    path("organise/suggestions/", organise_audit.suggestion_list, name="suggestion_list"),
]
