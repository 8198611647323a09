from django.urls import path

from sori.core import views

app_name = "core"
urlpatterns = [
    path("", views.front, name="front"),
    path("home/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
]
