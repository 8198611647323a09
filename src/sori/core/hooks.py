"""Events: a later app acts inside an earlier app's transaction without the earlier app importing it.

An earlier app names its events (e.g. ``sori.policy.events``) and fires them from its services, inside their
transaction; a later app registers what to do from its ``AppConfig.ready``, so a notice is written with the
change that caused it or not at all. Panels (``sori.core.panels``) are the same idea for pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_HOOKS: dict[str, list[Callable[..., Any]]] = {}


def register_hook(event: str, function: Callable[..., Any]) -> None:
    """Call ``function(**kwargs)`` each time ``event`` fires; the same function is registered once."""
    functions = _HOOKS.setdefault(event, [])
    if function not in functions:
        functions.append(function)


def fire(event: str, **kwargs: Any) -> None:
    """Call every function registered for ``event`` with ``kwargs``, in registration order."""
    for function in _HOOKS.get(event, ()):
        function(**kwargs)
