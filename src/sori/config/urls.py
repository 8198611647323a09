from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("", include("sori.home.urls")),
    path("", include("sori.ops.urls")),
    path("", include("sori.feedback.public_urls")),
    path("", include("sori.attachments.urls")),
    path("staff/", include("sori.engagement.urls")),
    path("staff/", include("sori.voices.urls")),
    path("staff/", include("sori.policy.urls")),
    path("staff/", include("sori.policy.amendment_urls")),
    path("staff/", include("sori.policy.bill_urls")),
    path("staff/", include("sori.feedback.urls")),
    path("staff/", include("sori.registry.urls")),
    path("staff/", include("sori.reports.urls")),
    path("staff/", include("sori.programs.urls")),
    path("staff/webhooks/", include("sori.webhooks.urls")),
    path("staff/users/", include("sori.home.users_urls")),
    path("staff/privacy/", include("sori.home.privacy_urls")),
    path("accounts/", include("sori.home.account_urls")),
    path("accounts/tokens/", include("sori.api.token_urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/", include("sori.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
