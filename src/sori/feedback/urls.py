from django.urls import path

from sori.feedback import letter_views, views, views_outbox

app_name = "feedback"
urlpatterns = [
    path("feedback/", views.owed_list, name="owed"),
    path("feedback/send-all/", views.send_all, name="send_all"),
    path("feedback/preview/<str:kind>/<int:pk>/", views.preview, name="preview"),
    path("feedback/preview/<str:kind>/<int:pk>/draft/", views.preview_draft, name="preview_draft"),
    path("feedback/sent/", views.sent_list, name="sent"),
    path("feedback/<int:pk>/retry/", views.retry, name="retry"),
    path("feedback/<int:pk>/letter/", views.letter, name="letter"),
    path("feedback/<int:pk>/letter.pdf", letter_views.sent_letter, name="letter_pdf"),
    path("feedback/letters/<str:kind>/<int:pk>.pdf", letter_views.owed_letter, name="owed_letter_pdf"),
    path("feedback/outbox/", views_outbox.outbox_list, name="outbox"),
    path("feedback/outbox/<int:pk>/retry/", views_outbox.outbox_retry, name="outbox_retry"),
    path("feedback/deadlines/", views_outbox.deadlines, name="deadlines"),
]
