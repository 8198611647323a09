from django.urls import path

from sori.voices.views import demand_detail, demands, moderation, proposals

app_name = "voices"
urlpatterns = [
    path("proposals/", proposals.proposal_list, name="proposal_list"),
    path("proposals/group/", proposals.proposal_group, name="proposal_group"),
    path("grouping/undo/", proposals.grouping_undo_view, name="grouping_undo"),
    path("moderation/", moderation.moderation, name="moderation"),
    path("moderation/decide/", moderation.moderation_decide, name="moderation_decide"),
    path("demands/", demands.demand_list, name="demand_list"),
    path("demands/search.json", demands.demand_search, name="demand_search"),
    path("demands/<int:demand_id>/", demand_detail.demand_detail, name="demand_detail"),
    path("demands/<int:demand_id>/rename/", demand_detail.demand_rename, name="demand_rename"),
    path("demands/<int:demand_id>/proposals/", demand_detail.demand_proposals, name="demand_proposals"),
    path("demands/<int:demand_id>/merge/", demand_detail.demand_merge, name="demand_merge"),
    path("demands/<int:demand_id>/assign/", demand_detail.demand_assign, name="demand_assign"),
    path("demands/<int:demand_id>/publish/", demand_detail.demand_publish, name="demand_publish"),
]
