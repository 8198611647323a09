from django.urls import path

from sori.core.placeholder import placeholder

app_name = "engagement"
urlpatterns = [path("series/", placeholder, name="series_list")]
