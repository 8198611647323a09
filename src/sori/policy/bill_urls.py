"""Routes of bills (입법 추진); included under ``staff/``."""

from django.urls import path

from sori.policy import bill_views as views

app_name = "bills"
urlpatterns = [
    path("bills/", views.bill_list_view, name="list"),
    path("bills/<int:pk>/", views.bill_detail, name="detail"),
    path("bills/<int:pk>/advance/", views.bill_advance_view, name="advance"),
    path("bills/<int:pk>/edit/", views.bill_edit, name="edit"),
    path("bills/<int:pk>/demands/", views.bill_link, name="link"),
    path("bills/<int:pk>/demands/<int:demand_id>/remove/", views.bill_unlink, name="unlink"),
    path("bills/<int:pk>/versions/<int:stage_id>/", views.bill_version, name="version"),
    path("bills/<int:pk>/versions/<int:stage_id>.pdf", views.bill_version_pdf, name="version_pdf"),
    path("demands/<int:demand_id>/bills/new/", views.bill_create_view, name="create"),
]
