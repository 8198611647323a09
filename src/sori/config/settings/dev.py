"""The embedded default: what ``sori demo`` and ``sori serve`` use when nothing else is set."""

from .base import *  # noqa: F403
from .base import DATA_DIR, SECRET_KEY, STATIC_ROOT

if not SECRET_KEY:
    from sori.config.secret import secret_key_from

    SECRET_KEY = secret_key_from(DATA_DIR)

# WhiteNoise serves from finders in the embedded default, but warns when the static root does not exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
