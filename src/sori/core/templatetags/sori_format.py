"""Template filters for Korean formats; loaded as builtins in every template."""

from __future__ import annotations

from django import template

from sori.core import formatting
from sori.core.roles import can

register = template.Library()

register.filter("kdate", formatting.kdate)
register.filter("kdatetime", formatting.kdatetime)
register.filter("number", formatting.number)
register.filter("dday", formatting.dday)
register.filter("days_left", formatting.days_left)


@register.filter
def won(value: int | None, style: str = "") -> str:
    return formatting.won(value, short=style == "short")


@register.filter
def has_cap(user: object, capability: str) -> bool:
    return can(user, capability)
