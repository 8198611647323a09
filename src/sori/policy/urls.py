from django.urls import path

from sori.policy import approval_views, milestone_views, views

app_name = "policy"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("demands/<int:demand_id>/decide/", views.decide, name="decide"),
    path("demands/<int:demand_id>/decide/draft/", approval_views.decide_draft, name="decide_draft"),
    path("demands/<int:demand_id>/decide/confirm/", views.confirm_answer, name="confirm_answer"),
    path("approvals/", approval_views.approvals, name="approvals"),
    path("approvals/<int:draft_id>/", approval_views.approval_review, name="approval_review"),
    path("approvals/rules/", approval_views.approval_rule_list, name="approval_rules"),
    path("demands/<int:demand_id>/milestones/", milestone_views.milestones, name="milestones"),
    path(
        "demands/<int:demand_id>/milestones/<int:pk>/",
        milestone_views.milestone_update,
        name="milestone_update",
    ),
]
