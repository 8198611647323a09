"""Small typed readers for JSON objects that collect issues with their field path."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from sori.alloc._errors import Issue

_MISSING = object()


class Reader:
    """Read fields of one JSON object at ``path``, recording every problem in ``issues``."""

    def __init__(self, data: object, path: str, issues: list[Issue], known: Iterable[str]) -> None:
        self.path = path
        self.issues = issues
        self.data: dict[str, Any] = {}
        if not isinstance(data, dict):
            issues.append(Issue(path or "(top level)", f"must be a JSON object; got {_kind(data)}"))
            return
        self.data = data
        names = list(known)
        for key in data:
            if key not in names:
                close = difflib.get_close_matches(str(key), names, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(names)}"
                issues.append(Issue(self.at(str(key)), f"unknown field{hint}"))

    def at(self, key: str) -> str:
        """Return the path of ``key``."""
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str) -> object:
        """Return the raw value or the missing marker."""
        return self.data.get(key, _MISSING)

    def has(self, key: str) -> bool:
        """Return whether ``key`` is present and not null."""
        return self.data.get(key) is not None

    def text(self, key: str, default: str | None = None) -> str:
        """Return a non-empty string."""
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if default is not None:
                return default
            self.issues.append(Issue(self.at(key), "is required (a non-empty string)"))
            return ""
        if not isinstance(value, str) or not value.strip():
            self.issues.append(Issue(self.at(key), f"must be a non-empty string; got {_kind(value)}"))
            return ""
        return value.strip()

    def integer(self, key: str, default: int | None = None, *, minimum: int | None = None) -> int:
        """Return an integer (``true``/``false`` and ``2.5`` are refused)."""
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if default is not None:
                return default
            self.issues.append(Issue(self.at(key), "is required (a whole number)"))
            return 0
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.issues.append(Issue(self.at(key), f"must be a whole number; got {_kind(value)}"))
                return default or 0
        if minimum is not None and value < minimum:
            self.issues.append(Issue(self.at(key), f"must be at least {minimum}; got {value}"))
        return int(value)

    def optional_integer(self, key: str, *, minimum: int | None = None) -> int | None:
        """Return an integer or ``None`` when absent or null."""
        if not self.has(key):
            return None
        return self.integer(key, minimum=minimum)

    def number(
        self,
        key: str,
        default: float | None = None,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
    ) -> float:
        """Return a finite number."""
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if default is not None:
                return default
            self.issues.append(Issue(self.at(key), "is required (a number)"))
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.issues.append(Issue(self.at(key), f"must be a number; got {_kind(value)}"))
            return default or 0.0
        if minimum is not None and value < minimum:
            self.issues.append(Issue(self.at(key), f"must be at least {minimum}; got {value}"))
        if maximum is not None and value > maximum:
            self.issues.append(Issue(self.at(key), f"must be at most {maximum}; got {value}"))
        return float(value)

    def boolean(self, key: str, default: bool) -> bool:
        """Return ``true`` or ``false``."""
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None:
            return default
        if not isinstance(value, bool):
            self.issues.append(Issue(self.at(key), f"must be true or false; got {_kind(value)}"))
            return default
        return value

    def array(self, key: str, *, required: bool = True) -> list[Any]:
        """Return a list."""
        value = self.data.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required:
                self.issues.append(Issue(self.at(key), "is required (a list)"))
            return []
        if not isinstance(value, list):
            self.issues.append(Issue(self.at(key), f"must be a list; got {_kind(value)}"))
            return []
        return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:27] + "..."
        return f"the text {shown!r}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
