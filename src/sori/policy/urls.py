from django.urls import path

from sori.policy import views

app_name = "policy"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("demands/<int:demand_id>/decide/", views.decide, name="decide"),
]
