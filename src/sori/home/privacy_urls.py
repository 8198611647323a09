from django.urls import path

from sori.home import privacy_views

app_name = "privacy"
urlpatterns = [
    path("access/", privacy_views.access_list, name="access_list"),
]
