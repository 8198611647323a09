from django.urls import path

from sori.core.placeholder import placeholder

app_name = "feedback"
urlpatterns = [path("feedback/", placeholder, name="owed")]
