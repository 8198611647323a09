"""Where Sori keeps its files when no database URL says otherwise."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    """Return the data folder.

    ``SORI_DATA_DIR`` if set, else ``$XDG_DATA_HOME/sori``, else ``~/.local/share/sori``.
    """
    explicit = os.environ.get("SORI_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser().resolve()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return (base / "sori").resolve()
