"""The webhooks pages, for administrators (``webhooks.manage``): list, create, rotate, test, stop, delete.

A secret is shown once, in the answer to the POST that made it (never stored in the session, never cached);
after that the page shows only when it was issued.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.core.submissions import submission_made
from sori.feedback.models import MessageStatus
from sori.webhooks import services
from sori.webhooks.forms import WebhookForm
from sori.webhooks.models import WebhookSubscription
from sori.webhooks.selectors import webhook_subscriptions
from sori.webhooks.sender import TIMEOUT


def _show_errors(form: WebhookForm, exc: ValidationError) -> None:
    """Put a service's refusal on the form, each message on the field it names."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _secret_page(
    request: SignedInRequest, subscription: WebhookSubscription, *, rotated: bool
) -> HttpResponse:
    response = render(
        request,
        "webhooks/secret.html",
        {"subscription": subscription, "rotated": rotated, "timeout": TIMEOUT},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require("webhooks.manage")
def webhook_list(request: SignedInRequest) -> HttpResponse:
    """List the subscriptions with their events and how their latest delivery went."""
    return render(request, "webhooks/list.html", {"subscriptions": webhook_subscriptions()})


@require("webhooks.manage")
def webhook_create(request: SignedInRequest) -> HttpResponse:
    """Subscribe a city system; the answer shows its secret, once."""
    if request.method != "POST":
        form = WebhookForm(initial={"submission_key": new_key()})
        return render(request, "webhooks/create.html", {"form": form})
    form = WebhookForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        key = data["submission_key"] or None
        already = bool(submission_made(key=key, model=WebhookSubscription))
        try:
            subscription = services.webhook_create(
                name=data["name"],
                url=data["url"],
                events=data["events"],
                actor=request.user,
                submission_key=key,
            )
        except ValidationError as exc:
            _show_errors(form, exc)
        else:
            if already:
                # The same form sent twice: the secret was shown the first time and is not shown again.
                messages.info(request, _("이미 등록한 구독입니다. 비밀값이 필요하면 새로 발급하세요."))
                return redirect("webhooks:list")
            return _secret_page(request, subscription, rotated=False)
    return render(request, "webhooks/create.html", {"form": form}, status=400)


def _subscription(pk: int) -> WebhookSubscription:
    return get_object_or_404(WebhookSubscription, pk=pk)


@require("webhooks.manage")
@require_POST
def webhook_rotate(request: SignedInRequest, pk: int) -> HttpResponse:
    """Issue a new secret and show it, once; the old one stops working at once."""
    subscription = services.webhook_secret_rotate(subscription=_subscription(pk), actor=request.user)
    return _secret_page(request, subscription, rotated=True)


@require("webhooks.manage")
@require_POST
def webhook_ping(request: SignedInRequest, pk: int) -> HttpResponse:
    """Send the test event and say how its first attempt went."""
    subscription = _subscription(pk)
    try:
        delivery = services.webhook_ping(subscription=subscription, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("webhooks:list")
    message = delivery.message
    message.refresh_from_db()
    if message.status == MessageStatus.SENT:
        messages.success(request, _("%(name)s에 시험 이벤트를 보냈습니다.") % {"name": subscription.name})
    elif message.status in (MessageStatus.RETRYING, MessageStatus.FAILED):
        messages.error(
            request,
            _("%(name)s에 시험 이벤트를 보내지 못했습니다(%(error)s). 발송함에서 자동으로 다시 보냅니다.")
            % {"name": subscription.name, "error": message.last_error[:200]},
        )
    else:
        messages.info(
            request,
            _("%(name)s에 보낼 시험 이벤트를 발송 대기열에 넣었습니다.") % {"name": subscription.name},
        )
    return redirect("webhooks:list")


@require("webhooks.manage")
@require_POST
def webhook_set_active(request: SignedInRequest, pk: int) -> HttpResponse:
    """Stop a subscription (``active=0``) or use it again (``active=1``)."""
    active = request.POST.get("active") == "1"
    subscription = services.webhook_set_active(
        subscription=_subscription(pk), active=active, actor=request.user
    )
    if active:
        messages.success(request, _("%(name)s 구독을 다시 사용합니다.") % {"name": subscription.name})
    else:
        messages.success(
            request,
            _("%(name)s 구독의 사용을 멈췄습니다. 기다리던 발송도 보내지 않습니다.")
            % {"name": subscription.name},
        )
    return redirect("webhooks:list")


@require("webhooks.manage")
@require_POST
def webhook_delete(request: SignedInRequest, pk: int) -> HttpResponse:
    """Delete a subscription (the page asks first); its past deliveries stay in the outbox."""
    subscription = _subscription(pk)
    name = subscription.name
    services.webhook_delete(subscription=subscription, actor=request.user)
    messages.success(request, _("%(name)s 구독을 삭제했습니다.") % {"name": name})
    return redirect("webhooks:list")
