"""Panels: a later app shows its rows on an earlier app's page without the earlier app importing it.

A page names a slot (``{% panels "registry.organisation" org %}``); apps register what they show there from
their ``AppConfig.ready`` — a template and a function that returns its context for the page's object, or
``None`` to show nothing. Panels render in ``order``, then in registration order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

PanelContext = Callable[[HttpRequest | None, Any], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Panel:
    """One part of a page contributed by another app."""

    slot: str
    template: str
    context: PanelContext
    order: int = 100


_PANELS: dict[str, list[Panel]] = {}


def register_panel(slot: str, *, template: str, context: PanelContext, order: int = 100) -> None:
    """Show ``template`` in ``slot`` with the context ``context(request, obj)`` returns."""
    panels = _PANELS.setdefault(slot, [])
    panels.append(Panel(slot=slot, template=template, context=context, order=order))
    panels.sort(key=lambda p: p.order)


def panels_in(slot: str) -> list[Panel]:
    """Return the panels registered for ``slot``, in the order they show."""
    return list(_PANELS.get(slot, ()))
