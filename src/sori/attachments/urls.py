from django.urls import path

from sori.attachments import views

app_name = "attachments"

urlpatterns = [
    path("files/<int:attachment_id>/<str:name>", views.attachment_download, name="download"),
    path("staff/attachments/<str:owner>/<int:owner_id>/add/", views.attachment_add, name="add"),
    path("staff/attachments/<int:attachment_id>/publish/", views.attachment_publish, name="publish"),
    path("staff/attachments/<int:attachment_id>/remove/", views.attachment_remove, name="remove"),
]
