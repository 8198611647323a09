"""Outcome labels and colours from the value stored on a demand, without a query per row."""

from __future__ import annotations

from django import template

from sori.voices.outcomes import OUTCOME_COLOURS, Outcome

register = template.Library()


@register.filter
def outcome_label(value: str) -> str:
    return str(Outcome(value).label) if value in Outcome.values else ""


@register.filter
def outcome_colour(value: str) -> str:
    return OUTCOME_COLOURS[Outcome(value)] if value in Outcome.values else "none"
