from django.urls import path

from sori.home import account_views

app_name = "accounts"
urlpatterns = [
    path("password/forgot/", account_views.forgot, name="password_forgot"),
    path("password/forgot/sent/", account_views.forgot_sent, name="password_forgot_sent"),
    path("password/set/<uidb64>/<token>/", account_views.PasswordSetView.as_view(), name="password_set"),
]
