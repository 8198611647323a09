"""Routes of a demand's comparison tables; included under ``staff/``."""

from django.urls import path

from sori.policy import amendment_views as views

app_name = "amendments"
urlpatterns = [
    path("demands/<int:demand_id>/amendments/new/", views.create, name="create"),
    path("demands/<int:demand_id>/amendments/<int:pk>/", views.detail, name="detail"),
    path("demands/<int:demand_id>/amendments/<int:pk>/edit/", views.edit, name="edit"),
    path("demands/<int:demand_id>/amendments/<int:pk>/delete/", views.delete, name="delete"),
    path("demands/<int:demand_id>/amendments/<int:pk>.pdf", views.pdf, name="pdf"),
    path("demands/<int:demand_id>/amendments/<int:pk>.xlsx", views.xlsx, name="xlsx"),
]
