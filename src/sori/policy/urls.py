from django.urls import path

from sori.core.placeholder import placeholder

app_name = "policy"
urlpatterns = [path("inbox/", placeholder, name="inbox")]
