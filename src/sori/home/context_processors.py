"""Expose the current user's role and menu to templates, so menus show only what the user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sori.core.otp import second_factor_due
from sori.core.roles import role_of
from sori.home.menu import menu_for


def roles(request: HttpRequest) -> dict[str, Any]:
    # Until the second factor is entered or set up, no page behind the menu would open: show none.
    menu = [] if second_factor_due(request) else menu_for(request.user, request.path)
    return {"sori_role": role_of(request.user), "sori_menu": menu}
