from django.urls import path

from sori.home import views

app_name = "home"
urlpatterns = [
    path("", views.front, name="front"),
    path("home/", views.home, name="home"),
]
