"""Small helpers for forms shared by every app."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.forms import BaseForm


class DateInput(forms.DateInput):
    """A browser date picker; the value is written as ISO (YYYY-MM-DD) whatever the locale."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    """A browser time picker."""

    input_type = "time"


def new_key() -> str:
    """Return a fresh submission key for a form that creates something, so a second POST does not."""
    return uuid.uuid4().hex


def form_error_text(form: BaseForm) -> str:
    """Return a form's errors as one line, with field labels, non-field errors first."""
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != "__all__":
            label = form.fields[name].label if name in form.fields else name
            parts.extend(f"{label}: {e}" for e in errors)
    return " ".join(parts)
