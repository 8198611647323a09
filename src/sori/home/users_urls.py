from django.urls import path

from sori.home import users_views

app_name = "users"
urlpatterns = [
    path("", users_views.user_list, name="list"),
    path("new/", users_views.user_create, name="create"),
    path("<int:user_id>/", users_views.user_detail, name="detail"),
    path("<int:user_id>/deactivate/", users_views.user_deactivate, name="deactivate"),
    path("<int:user_id>/reactivate/", users_views.user_reactivate, name="reactivate"),
    path("<int:user_id>/password-link/", users_views.user_send_link, name="send_link"),
    path("<int:user_id>/otp-reset/", users_views.user_otp_reset, name="otp_reset"),
]
