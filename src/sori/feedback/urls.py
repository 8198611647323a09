from django.urls import path

from sori.feedback import views

app_name = "feedback"
urlpatterns = [
    path("feedback/", views.owed_list, name="owed"),
    path("feedback/send-all/", views.send_all, name="send_all"),
    path("feedback/preview/<str:kind>/<int:pk>/", views.preview, name="preview"),
    path("feedback/sent/", views.sent_list, name="sent"),
    path("feedback/<int:pk>/retry/", views.retry, name="retry"),
    path("feedback/<int:pk>/letter/", views.letter, name="letter"),
]
