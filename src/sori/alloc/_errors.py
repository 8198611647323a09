"""Input errors that name the field or line and say what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    """One problem in the input: ``path`` is a field path (``applications[3].amount``) or ``line 12``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InputError(ValueError):
    """Raised when input cannot be used; ``issues`` lists every problem found, not only the first."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in issues))
