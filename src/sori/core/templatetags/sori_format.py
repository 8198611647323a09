"""Template filters for Korean formats; loaded as builtins in every template."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import gettext

from sori.core import formatting
from sori.core.roles import can

register = template.Library()

register.filter("kdate", formatting.kdate)
register.filter("kdatetime", formatting.kdatetime)
register.filter("number", formatting.number)
register.filter("dday", formatting.dday)
register.filter("days_left", formatting.days_left)


@register.filter
def page_title(value: str) -> str:
    """Return the browser tab's title: "할 일 · 소리", or "소리" alone for a page without its own title."""
    title = " ".join(str(value).split())
    site = gettext("소리")
    return f"{title} · {site}" if title else site


@register.filter
def won(value: int | None, style: str = "") -> str:
    return formatting.won(value, short=style == "short")


@register.filter
def has_cap(user: object, capability: str) -> bool:
    return can(user, capability)


@register.simple_tag
def now_kdatetime() -> str:
    """Return the present moment as pages write it, "2025. 11. 11.(화) 07:30": the date on a printed page."""
    return formatting.kdatetime(timezone.now())
