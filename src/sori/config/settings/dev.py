"""The embedded default: what ``sori demo`` and ``sori serve`` use when nothing else is set."""

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY

if not SECRET_KEY:
    from sori.config.secret import secret_key_from

    SECRET_KEY = secret_key_from(DATA_DIR)
