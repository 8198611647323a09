"""ASGI entry point: ``uvicorn sori.config.asgi:application``."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sori.config.settings.dev")
application = get_asgi_application()
