"""Helpers for the apps' parts of the ``sori`` command: argument types and the Django set-up.

The ``sori`` command (``sori.cli``) sits above every app, so an app's subcommands cannot import it; the
command hands its set-up function down here instead (``setup_django_with``) before it runs a subcommand.
Nothing here imports Django, so subcommands that need no database start fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

_setup: Callable[[], None] | None = None


def setup_django_with(setup: Callable[[], None]) -> None:
    """Install the function that prepares Django for commands that need the database."""
    global _setup
    _setup = setup


def setup_django() -> None:
    """Set Django up for a command that needs the database (the embedded default unless configured)."""
    if _setup is None:  # called outside the ``sori`` command, e.g. from a test with Django already set up
        import django

        django.setup()
        return
    _setup()


def iso_date(value: str) -> dt.date:
    """Parse a ``YYYY-MM-DD`` command-line value, with a message that says how to write it."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"날짜는 YYYY-MM-DD로 적어 주세요: {value!r}") from None


def positive_int(value: str) -> int:
    """Parse a whole number of at least 1, with a message that says what to write."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"1 이상의 정수를 적어 주세요: {value!r}")
    return number
