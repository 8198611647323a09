from django.urls import path

from sori.core.placeholder import placeholder

app_name = "voices"
urlpatterns = [
    path("proposals/", placeholder, name="proposal_list"),
    path("moderation/", placeholder, name="moderation"),
    path("demands/", placeholder, name="demand_list"),
    path("demands/<int:demand_id>/", placeholder, name="demand_detail"),
]
