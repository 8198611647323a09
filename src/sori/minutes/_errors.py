"""The error raised when minutes hold nothing to extract."""

from __future__ import annotations

from typing import Any

__all__ = ["MinutesError", "_"]


def _(message: str) -> str:
    """Mark ``message`` for translation; it is translated where it is shown."""
    return message


class MinutesError(ValueError):
    """Minutes that yield no speaker turns; ``template % params`` is the message for the user."""

    def __init__(self, template: str, *, code: str, **params: Any) -> None:
        super().__init__(template % params if params else template)
        self.template = template
        self.code = code
        self.params = params
