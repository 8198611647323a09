"""Expose the current user's role and menu to templates, so menus show only what the user may open."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sori.core.roles import role_of
from sori.home.menu import menu_for


def roles(request: HttpRequest) -> dict[str, Any]:
    return {"sori_role": role_of(request.user), "sori_menu": menu_for(request.user, request.path)}
