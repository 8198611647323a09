from django.urls import path

from sori.core.placeholder import placeholder

app_name = "public"
urlpatterns = [
    path("tracker/", placeholder, name="tracker"),
    path("tracker/<int:demand_id>/", placeholder, name="demand"),
    path("propose/", placeholder, name="propose"),
    path("status/<str:token>/", placeholder, name="status"),
    path("company/", placeholder, name="company"),
]
