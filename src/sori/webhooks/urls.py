from django.urls import path

from sori.webhooks import views

app_name = "webhooks"
urlpatterns = [
    path("", views.webhook_list, name="list"),
    path("new/", views.webhook_create, name="create"),
    path("<int:pk>/rotate/", views.webhook_rotate, name="rotate"),
    path("<int:pk>/ping/", views.webhook_ping, name="ping"),
    path("<int:pk>/active/", views.webhook_set_active, name="set_active"),
    path("<int:pk>/delete/", views.webhook_delete, name="delete"),
]
