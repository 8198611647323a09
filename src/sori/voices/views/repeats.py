"""Link a demand to the earlier demands it repeats, say a suggestion is not the same, or take either back."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.permissions import SignedInRequest, require
from sori.voices import services
from sori.voices.forms import RepeatForm
from sori.voices.models import RepeatLink
from sori.voices.views.common import error_text, fail, form_error_text
from sori.voices.views.demand_detail import _back, _demand


def _judge(request: SignedInRequest, demand_id: int, *, confirm: bool) -> HttpResponse:
    demand = _demand(demand_id)
    back = _back(demand) + "#asked-before"
    form = RepeatForm(request.POST)
    if not form.is_valid():
        return fail(request, form_error_text(form), back)
    earlier, score = form.cleaned_data["earlier"], form.cleaned_data["score"]
    act = services.repeat_confirm if confirm else services.repeat_dismiss
    try:
        act(demand=demand, earlier=earlier, actor=request.user, score=score)
    except ValidationError as exc:
        return fail(request, error_text(exc), back)
    names = {"id": earlier.id, "title": earlier.title}
    if confirm:
        messages.success(
            request,
            _(
                "#%(id)s '%(title)s'을(를) 이전에도 제기된 요구로 연결했습니다. 답변 화면과 회신에 함께 "
                "보입니다. 잘못했다면 '연결 취소'를 누르세요."
            )
            % names,
        )
    else:
        messages.success(
            request,
            _("#%(id)s '%(title)s'은(는) 같은 요구가 아니라고 표시했습니다. 다시 제안하지 않습니다.") % names,
        )
    return HttpResponseRedirect(back)


@require("demand.organise")
@require_POST
def demand_repeat_confirm(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Link the demand to an earlier demand asking the same (suggested by the machine, or typed by number)."""
    return _judge(request, demand_id, confirm=True)


@require("demand.organise")
@require_POST
def demand_repeat_dismiss(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Say a suggested earlier demand is not the same; the machine stops suggesting it here."""
    return _judge(request, demand_id, confirm=False)


@require("demand.organise")
@require_POST
def demand_repeat_undo(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Take back the link (or the dismissal) between the demand and one earlier demand."""
    demand = _demand(demand_id)
    back = _back(demand) + "#asked-before"
    raw = request.POST.get("earlier", "")
    link = RepeatLink.objects.filter(demand=demand, earlier_id=int(raw) if raw.isdigit() else 0).first()
    if link is None:
        return fail(request, _("취소할 연결이 없습니다. 화면을 새로 고쳐 확인해 주세요."), back)
    earlier = link.earlier
    services.repeat_undo(link=link, actor=request.user)
    messages.success(
        request,
        _("#%(id)s '%(title)s'과(와)의 연결을 취소했습니다.") % {"id": earlier.id, "title": earlier.title},
    )
    return HttpResponseRedirect(back)
