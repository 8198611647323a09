"""Helpers shared by the voices views: safe redirects, error messages and the undo offer."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from sori.core.models import AuditRecord
from sori.core.permissions import SignedInRequest
from sori.voices.services.demands import last_undoable

UNDO_SESSION_KEY = "voices_undo"


def list_url(name: str, query: str) -> str:
    """Return the list page ``name`` with the filters the user had (re-encoded, never a foreign URL)."""
    params = QueryDict(query or "", mutable=True)
    params.pop("format", None)
    encoded = params.urlencode()
    return reverse(name) + (f"?{encoded}" if encoded else "")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """Return ``next`` from the POST when it points inside this site, else ``fallback``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def error_text(exc: ValidationError) -> str:
    """Return a validation error as one line of Korean for a message."""
    return " ".join(exc.messages)


def form_error_text(form: Form) -> str:
    """Return a form's errors as one line, non-field errors first."""
    parts = list(form.non_field_errors())
    for name, errors in form.errors.items():
        if name != "__all__":
            parts.extend(errors)
    return " ".join(str(p) for p in parts)


def fail(request: HttpRequest, text: str, to: str) -> HttpResponseRedirect:
    """Show what went wrong and that nothing changed, then go back."""
    messages.error(request, f"{text} {_('아무 것도 바뀌지 않았습니다.')}")
    return HttpResponseRedirect(to)


def offer_undo(request: SignedInRequest) -> None:
    """Remember the user's latest grouping action so the next page can offer "되돌리기" for it."""
    entry = last_undoable(actor=request.user)
    if entry is not None:
        request.session[UNDO_SESSION_KEY] = entry.id


def undo_offer(request: SignedInRequest) -> AuditRecord | None:
    """Return the grouping action the user may undo from this page, if they just did one."""
    wanted = request.session.get(UNDO_SESSION_KEY)
    if not wanted:
        return None
    entry = last_undoable(actor=request.user)
    return entry if entry is not None and entry.id == wanted else None
