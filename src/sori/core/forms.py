"""Small helpers for forms shared by every app."""

from __future__ import annotations

from django.forms import BaseForm


def form_error_text(form: BaseForm) -> str:
    """Return a form's errors as one line, with field labels, non-field errors first."""
    parts = [str(e) for e in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name != "__all__":
            label = form.fields[name].label if name in form.fields else name
            parts.extend(f"{label}: {e}" for e in errors)
    return " ".join(parts)
