"""Template filters of the midfielder pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def idle_days(last: dt.date | None) -> int | None:
    """Return the days since ``last`` (an introduction's last step), or None."""
    return (timezone.localdate() - last).days if last else None
