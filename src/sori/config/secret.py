"""A per-installation secret key kept in the data folder, so the embedded default needs no set-up."""

from __future__ import annotations

import secrets
from pathlib import Path


def secret_key_from(data_dir: Path) -> str:
    """Return the key stored in ``data_dir/secret_key``, creating it (mode 600) on first use."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="ascii")
    path.chmod(0o600)
    return key
