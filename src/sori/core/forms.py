"""Small helpers for forms shared by every app."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.utils.translation import gettext as _


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


def upload_within(upload: Any, limit: int) -> Any:
    """Return ``upload`` if it is at most ``limit`` bytes, else a form error with its size and the limit."""
    if upload.size > limit:
        raise forms.ValidationError(
            _(
                "파일이 %(size)s MB로 너무 큽니다. %(limit)s MB 이하로 나누어 올려 주세요. "
                "아무 것도 저장되지 않았습니다."
            )
            % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": limit // 1024 // 1024}
        )
    return upload


def reader_error_text(error: Any) -> str:
    """Return a file reader's refusal (``DocumentError``, ``TabularError`` …) in the page's language.

    Readers below Django mark their templates for translation and raise them with parameters; word
    parameters (an HWP file's "암호가 걸린") are marked messages too, and a file name translates to itself.
    """
    template = _(error.template)
    if not error.params:
        return template
    return template % {k: _(v) if isinstance(v, str) and v else v for k, v in error.params.items()}


def add_service_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: per field when it names a form field, else on the form."""
    if hasattr(error, "error_dict"):
        for field, texts in error.message_dict.items():
            form.add_error(field if field in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)
