"""WSGI entry point: ``gunicorn sori.config.wsgi`` or ``sori serve``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sori.config.settings.dev")
application = get_wsgi_application()
