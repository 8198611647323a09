from django.urls import path

from sori.home import search, views

app_name = "home"
urlpatterns = [
    path("", views.front, name="front"),
    path("home/", views.home, name="home"),
    path("staff/search/", search.staff_search, name="search"),
]
