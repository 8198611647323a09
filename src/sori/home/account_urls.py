from django.urls import path

from sori.home import account_views, notice_views, otp_views

app_name = "accounts"
urlpatterns = [
    path("password/forgot/", account_views.forgot, name="password_forgot"),
    path("password/forgot/sent/", account_views.forgot_sent, name="password_forgot_sent"),
    path("password/set/<uidb64>/<token>/", account_views.PasswordSetView.as_view(), name="password_set"),
    path("otp/", otp_views.otp_setup, name="otp"),
    path("otp/start/", otp_views.otp_start, name="otp_start"),
    path("otp/confirm/", otp_views.otp_confirm, name="otp_confirm"),
    path("otp/backup-codes/", otp_views.otp_backup, name="otp_backup"),
    path("otp/turn-off/", otp_views.otp_turn_off, name="otp_disable"),
    path("otp/verify/", otp_views.otp_verify, name="otp_verify"),
    path("notices/", notice_views.notices, name="notices"),
]
