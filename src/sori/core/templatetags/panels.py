"""``{% panels "slot" obj %}``: render what other apps registered for this part of the page."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from sori.core.panels import panels_in

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context: Any, slot: str, obj: Any) -> SafeString:
    request = context.get("request")
    parts = []
    for panel in panels_in(slot):
        values = panel.context(request, obj)
        if values is None:
            continue
        # Rendered within the page's context, as {% include %} does, so csrf_token and the user are there.
        panel_template = context.template.engine.get_template(panel.template)
        with context.push(dict(values)):
            parts.append(panel_template.render(context))
    return mark_safe("".join(parts))
