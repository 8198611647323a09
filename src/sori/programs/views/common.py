"""Helpers shared by the programs views: permission checks on objects, error text, today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sori.core.roles import can
from sori.programs.selectors import company_of
from sori.registry.models import Organisation


def require_any(*capabilities: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Like ``core.permissions.require``, for pages both staff and companies use (each sees their part)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(can(request.user, c) for c in capabilities):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def check_owner(request: HttpRequest, organisation_id: int) -> None:
    """Let staff through; a company user only for their own organisation."""
    if can(request.user, "program.manage"):
        return
    if company_of(request.user) != organisation_id:
        raise PermissionDenied


def own_organisation(request: HttpRequest) -> Organisation:
    """Return the organisation a company user acts for; 403 for a user who acts for none."""
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.organisation is None:
        raise PermissionDenied
    organisation: Organisation = profile.organisation
    return organisation


def today() -> dt.date:
    return timezone.localdate()


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)
