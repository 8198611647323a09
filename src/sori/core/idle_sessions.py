"""Signed-in sessions end after a spell without requests, without writing the session on every request.

The session's expiry moves on when it is saved; saving it on every request would cost a write per page. So
a signed-in session is touched (and so saved, with a new expiry ``SESSION_COOKIE_AGE`` ahead) at most once
every ``TOUCH_EVERY`` seconds: it ends between ``SESSION_COOKIE_AGE - TOUCH_EVERY`` and
``SESSION_COOKIE_AGE`` after the last request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

KEY = "sori_touched"
TOUCH_EVERY = 300


def touch(session: Any) -> None:
    """Mark the session as in use now (which saves it, moving its expiry on)."""
    session[KEY] = int(time.time())


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session the page read anyway, of a signed-in user: visitors' pages stay free of writes.
        if session is not None and session.accessed and request.user.is_authenticated:
            last = session.get(KEY)
            if last is None or time.time() - last >= TOUCH_EVERY:
                touch(session)
        return response


def touch_on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Start the idle clock at login, in the same save as the login itself."""
    touch(request.session)
