"""Public pages served from the cache while nothing they show has changed.

When an article links the tracker, a crowd asks for the same few pages. A public page (anonymous, GET,
no session) is rendered once per *public version* and language and kept in the cache; the version moves on
after any change that a public page may show (a demand, an answer, a milestone, a bill, …), in the same
moment the change commits. 공감 counts do not move the version — they would empty the cache at every click
under a crowd — so they may lag by up to ``SORI_PUBLIC_CACHE_SECONDS``.

Pages carry a CSRF token (the language switch, 공감): the cached copy keeps a placeholder and each visitor
gets a token of their own. Set ``SORI_CACHE_URL`` (Redis) when the site runs in several processes, so that
they share the pages and the version.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

VERSION_KEY = "sori:public-version"
PLACEHOLDER = "__sori_csrf_token__"
_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{32,64}(")')


def public_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return int(version)


def _move_on() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (cache restarted): any new value starts afresh
        cache.set(VERSION_KEY, public_version() + 1, None)


def public_changed(**_kwargs: Any) -> None:
    """Move the public version on once the current transaction commits (a signal receiver)."""
    transaction.on_commit(_move_on)


def _personal(request: HttpRequest) -> bool:
    """A visitor with a session (signed in, or who gave 공감) or a message waiting sees their own page."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view``'s HTML from the cache for anonymous GETs, per public version, language and URL."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        seconds = settings.SORI_PUBLIC_CACHE_SECONDS
        if not seconds or request.method != "GET" or _personal(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha1(request.get_full_path().encode()).hexdigest()
        key = f"sori:public:{public_version()}:{get_language()}:{path}"
        html = cache.get(key)
        if html is None:
            response = view(request, *args, **kwargs)
            cacheable = response.status_code == 200 and not response.streaming and not response.cookies
            if cacheable and response.get("Content-Type", "").startswith("text/html"):
                cache.set(key, _TOKEN.sub(rf"\g<1>{PLACEHOLDER}\g<2>", response.content.decode()), seconds)
            return response
        response = HttpResponse(html.replace(PLACEHOLDER, get_token(request)))
        patch_vary_headers(response, ("Cookie",))
        response["X-Sori-Cache"] = "hit"
        return response

    return wrapped


def watch_public_models() -> None:
    """Move the public version on whenever a model a public page shows is saved or deleted."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from sori.attachments.models import Attachment
    from sori.engagement.models import Engagement, Series
    from sori.policy.models import Amendment, Bill, BillStage, Disposition, Milestone
    from sori.registry.models import Organisation
    from sori.voices.models import Demand, Proposal, RepeatLink, Theme, VoiceMap

    for model in (
        Demand,
        Proposal,
        Theme,
        RepeatLink,
        VoiceMap,
        Disposition,
        Milestone,
        Amendment,
        Bill,
        BillStage,
        Organisation,
        Engagement,
        Series,
        Attachment,
    ):
        post_save.connect(public_changed, sender=model, dispatch_uid=f"public-cache-save-{model.__name__}")
        post_delete.connect(
            public_changed, sender=model, dispatch_uid=f"public-cache-delete-{model.__name__}"
        )
    m2m_changed.connect(public_changed, sender=Bill.demands.through, dispatch_uid="public-cache-bill-demands")
