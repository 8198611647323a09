"""Production: every secret and address from ``SORI_*`` environment variables."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_flag

if not SECRET_KEY:
    raise ImproperlyConfigured("Set SORI_SECRET_KEY to a long random string for production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only, and browsers told to remember it for a year; load balancers may still probe over plain HTTP.
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True  # lets the city submit its domain to browsers' preload list
X_FRAME_OPTIONS = "DENY"
WHITENOISE_USE_FINDERS = False
# Staff and administrators log in with a second factor unless SORI_OTP_REQUIRED=0.
SORI_OTP_REQUIRED = env_flag("SORI_OTP_REQUIRED", True)
