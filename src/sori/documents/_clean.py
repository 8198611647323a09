"""Whitespace and Unicode tidying shared by the readers."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "has_doctype"]

_SPACE = re.compile(r"[\s\u00a0\u2000-\u200b\u3000\ufeff]+")
# C0/C1 controls other than whitespace never belong in text a person wrote.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Return ``text`` in NFC with control characters dropped and runs of whitespace made one space."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text))
    return _SPACE.sub(" ", text).strip()


def has_doctype(xml: bytes) -> bool:
    """Return whether XML declares a DTD; office formats never do, and entity tricks need one."""
    return b"<!DOCTYPE" in xml[:4096].upper() or b"<!ENTITY" in xml.upper()
