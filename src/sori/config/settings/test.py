"""Fast, isolated settings for the test suite; ``SORI_DATABASE_URL`` switches it to PostgreSQL."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SORI_DATA_DIR", tempfile.mkdtemp(prefix="sori-test-"))

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT

SECRET_KEY = "test-only-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
# Tests roll the database back but not the cache: pages are cached only in the tests of the cache itself.
SORI_PUBLIC_CACHE_SECONDS = 0
LANGUAGE_CODE = "ko"
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = str(Path(os.environ["SORI_DATA_DIR"]) / "test.sqlite3")
    if os.environ.get("SORI_TEST_SQLITE_FILE") == "1":
        # Threads sharing the (faster) in-memory test database get "table is locked" at once instead of
        # waiting out the busy timeout as connections to a file do; the concurrency tests need a file.
        DATABASES["default"]["TEST"] = {"NAME": str(Path(os.environ["SORI_DATA_DIR"]) / "test-db.sqlite3")}
# WhiteNoise serves from finders here, but warns when the static root does not exist.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
