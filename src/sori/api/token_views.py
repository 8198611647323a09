"""``/accounts/tokens/``: a user makes and revokes their own API tokens; a new token is shown once."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sori.api.models import ApiToken
from sori.api.token_forms import TokenForm
from sori.api.tokens import token_create, token_revoke, tokens_of
from sori.core.permissions import SignedInRequest, require

# The new token waits here between the POST that made it and the page that shows it, then is gone.
JUST_MADE = "sori_api_token_just_made"


@never_cache  # the page that shows a new token must never be kept by a browser or a proxy
@require("api.tokens")
def token_list(request: SignedInRequest) -> HttpResponse:
    """Make a token (POST, then redirect, so reloading never makes another) and show it once."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, secret = token_create(
                user=request.user,
                name=data["name"],
                scope=data["scope"],
                days=data["days"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[JUST_MADE] = {"id": token.id, "secret": secret}
            return redirect("tokens:list")
    just_made = request.session.pop(JUST_MADE, None) if request.method == "GET" else None
    tokens = tokens_of(request.user)
    created = next((t for t in tokens if just_made and t.id == just_made["id"]), None)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "tokens": tokens,
            "secret": just_made["secret"] if created and just_made else "",
            "created": created,
        },
    )


@require("api.tokens")
@require_POST
def token_revoke_view(request: SignedInRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, id=token_id, user=request.user)
    token_revoke(token=token, actor=request.user)
    messages.success(
        request,
        _("'%(name)s' 토큰을 폐기했습니다. 이 토큰을 쓰는 시스템은 이제 접속할 수 없습니다.")
        % {"name": token.name},
    )
    return redirect("tokens:list")
