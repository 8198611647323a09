"""Helpers shared by the registry views."""

from sori.core.forms import form_error_text

__all__ = ["form_error_text"]
