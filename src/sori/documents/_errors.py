"""The error every document reader raises: a Korean message template and its parameters."""

from __future__ import annotations

from typing import Any

__all__ = ["DocumentError", "_"]


def _(message: str) -> str:
    """Mark ``message`` for translation; it is translated where it is shown."""
    return message


class DocumentError(ValueError):
    """A file that cannot be read as a document; ``template % params`` is the message for the user.

    ``code`` names the failure for programs (``encrypted``, ``corrupt``, ``too_large``, ``zip_bomb``,
    ``scanned_pdf``, ``unknown_format``, ``unsupported_version``, ``empty``, ``table``); the message is for
    people and says what to do.
    """

    def __init__(self, template: str, *, code: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.code = code
        self.params = params
