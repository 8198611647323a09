from django.urls import path

from sori.policy import milestone_views, views

app_name = "policy"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("demands/<int:demand_id>/decide/", views.decide, name="decide"),
    path("demands/<int:demand_id>/milestones/", milestone_views.milestones, name="milestones"),
    path(
        "demands/<int:demand_id>/milestones/<int:pk>/",
        milestone_views.milestone_update,
        name="milestone_update",
    ),
]
