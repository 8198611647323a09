"""Who calls: a bearer token acting as its user, with the same capabilities the web pages ask for."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from sori.api.models import ApiToken, Scope
from sori.api.tokens import token_authenticate
from sori.core.roles import can


class Token(HttpBearer):
    """Let a token through when its user holds one of ``capabilities`` (the web's rule: ``core.roles.can``).

    The check runs before the body is read, so a caller without the right learns nothing from validation.
    ``write`` operations also need a token made with the write scope.
    """

    def __init__(self, *capabilities: str, write: bool = False) -> None:
        super().__init__()
        self.capabilities = capabilities
        self.write = write

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_authenticate(token)
        if found is None:
            return None
        if self.write and found.scope != Scope.WRITE:
            raise PermissionDenied(
                _("이 토큰은 읽기 전용입니다. 바꾸려면 '읽기·쓰기' 범위의 토큰을 만들어 쓰세요.")
            )
        if not any(can(found.user, c) for c in self.capabilities):
            raise PermissionDenied(_("이 토큰의 사용자 역할로는 할 수 없는 작업입니다."))
        request.user = found.user
        return found


def reads(*capabilities: str) -> dict[str, Any]:
    """Keyword arguments for a reading operation that needs one of ``capabilities``."""
    return {"auth": Token(*capabilities)}


def writes(*capabilities: str) -> dict[str, Any]:
    """Keyword arguments for a writing operation: one of ``capabilities`` and a write-scope token."""
    return {"auth": Token(*capabilities, write=True)}


def actor(request: HttpRequest) -> User:
    """The user whose token let the request in: the actor every service records."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token.user
