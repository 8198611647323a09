"""Turn ``SORI_EMAIL_URL`` into Django's e-mail settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


def email_settings(url: str, data_dir: Path) -> dict[str, Any]:
    """Return EMAIL_* settings for ``smtp://``, ``smtps://``, ``console://``, ``locmem://`` or ``file://``.

    An empty URL writes each message as a file under the data folder, so nothing is lost and nothing leaves
    the machine until an operator configures SMTP.
    """
    if not url:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(data_dir / "mail"),
        }
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": unquote(parts.path) or str(data_dir / "mail"),
        }
    if scheme in ("smtp", "smtps"):
        query = parse_qs(parts.query)
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if scheme == "smtps" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": scheme == "smtps",
            "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in ("1", "true"),
            "EMAIL_TIMEOUT": int(query.get("timeout", ["10"])[0]),
        }
    raise ValueError(
        f"SORI_EMAIL_URL: unknown scheme {scheme!r}; use smtp://, smtps://, console:// or file://"
    )
