"""The organise screen (/staff/organise/): suggested groups to accept, split, add or dismiss; runs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.voices.models import RunStatus
from sori.voices.organise import selectors
from sori.voices.organise.forms import AcceptForm, DismissForm, DismissSuggestionForm
from sori.voices.organise.map import WAITING, staff_map
from sori.voices.organise.runs import organising_run_start, run_is_stale
from sori.voices.organise.suggestion_decisions import (
    CREATE,
    organise_accept,
    organise_dismiss,
    organise_dismiss_suggestion,
)
from sori.voices.selectors import demand_choices
from sori.voices.views.common import fail, form_error_text, offer_undo, undo_offer


def _back() -> str:
    return reverse("voices:organise")


@require("demand.organise")
def organise(request: SignedInRequest) -> HttpResponse:
    """Show the suggested groups of the waiting proposals, each with why, and the run's progress."""
    page = selectors.organise_page()
    listed = {m.proposal.id for g in page.groups for m in g.members} | {s.proposal.id for s in page.singles}
    voice_map = staff_map(request.GET.get("map", WAITING), tickable=listed)
    return render(
        request,
        "voices/organise/organise.html",
        {
            "p": page,
            "vmap": voice_map,
            "submission_key": new_key(),
            "open_demands": demand_choices(),
            "undo": undo_offer(request),
        },
    )


@require("demand.organise")
@require_POST
def organise_accept_view(request: SignedInRequest) -> HttpResponse:
    """Accept (or split, by unticking) a suggested group as a new demand, or add it to an existing one."""
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return fail(request, form_error_text(form), _back())
    data = form.cleaned_data
    try:
        demand, moved = organise_accept(
            action=data["action"],
            proposal_ids=data["ids"],
            actor=request.user,
            title=data["title"],
            theme=data["theme"],
            demand=data["demand"],
            run=data["run"],
            group=data["group"],
            submission_key=data["submission_key"],
        )
    except ValidationError as exc:
        return fail(request, " ".join(exc.messages), _back())
    if not moved:
        messages.info(request, _("선택한 제안은 이미 그 수요에 들어 있습니다. 바뀐 것은 없습니다."))
        return HttpResponseRedirect(_back())
    offer_undo(request)
    if data["action"] == CREATE:
        text = _('제안 {count}건을 새 수요 <a href="{url}">{title}</a>(으)로 묶었습니다.')
    else:
        text = _('제안 {count}건을 수요 <a href="{url}">{title}</a>에 추가했습니다.')
    messages.success(
        request,
        format_html(
            text + " " + _("잘못 묶었다면 '되돌리기'를 누르세요."),
            count=moved,
            url=reverse("voices:demand_detail", args=[demand.id]),
            title=demand.title,
        ),
    )
    return HttpResponseRedirect(_back())


@require("demand.organise")
@require_POST
def organise_dismiss_view(request: SignedInRequest) -> HttpResponse:
    """Record that a suggested group is not a demand; its proposals keep waiting, one by one."""
    form = DismissForm(request.POST)
    if not form.is_valid():
        return fail(request, form_error_text(form), _back())
    data = form.cleaned_data
    try:
        count = organise_dismiss(
            run=data["run"], group=data["group"], proposal_ids=data["ids"], actor=request.user
        )
    except ValidationError as exc:
        return fail(request, " ".join(exc.messages), _back())
    messages.success(
        request,
        _("묶음 제안을 받아들이지 않았습니다. 제안 %(count)s건은 '묶음 없는 제안'에 남아 있습니다.")
        % {"count": count},
    )
    return HttpResponseRedirect(_back())


@require("demand.organise")
@require_POST
def organise_dismiss_suggestion_view(request: SignedInRequest) -> HttpResponse:
    """Record that a waiting proposal does not join the demand suggested for it; it keeps waiting."""
    form = DismissSuggestionForm(request.POST)
    if not form.is_valid():
        return fail(request, _("이미 결정했거나 더는 없는 제안입니다. 화면을 새로 고쳐 주세요."), _back())
    try:
        s = organise_dismiss_suggestion(suggestion=form.cleaned_data["suggestion"], actor=request.user)
    except ValidationError as exc:
        return fail(request, " ".join(exc.messages), _back())
    messages.success(
        request,
        _("'%(title)s'에 넣자는 제안을 받아들이지 않았습니다. 이 제안에 그 수요를 다시 권하지 않습니다.")
        % {"title": s.label[:80]},
    )
    return HttpResponseRedirect(_back())


@require("demand.organise")
@require_POST
def organise_run(request: SignedInRequest) -> HttpResponse:
    """Start a full organising run (or show the one already running)."""
    _run, started = organising_run_start(actor=request.user)
    if started:
        messages.success(
            request,
            _("자동 정리를 시작했습니다. 끝나면 이 화면에 묶음 제안이 나타납니다.")
            + " "
            + _("담당자가 정한 묶음과 제목은 바뀌지 않습니다."),
        )
    else:
        messages.info(request, _("이미 진행 중인 자동 정리가 있습니다. 진행 상황을 아래에서 볼 수 있습니다."))
    return HttpResponseRedirect(_back())


@require("demand.organise")
def organise_progress(request: SignedInRequest) -> JsonResponse:
    """Return the latest run's progress for the progress bar."""
    run = selectors.running_run()
    if run is None:
        return JsonResponse({"run": None})
    if run_is_stale(run):  # its worker died: the screen offers to start again
        run.status = RunStatus.FAILED
    return JsonResponse(
        {
            "run": run.id,
            "status": run.status,
            "status_label": run.get_status_display(),
            "done": run.done,
            "total": run.total,
            "percent": run.percent,
            "finished": run.is_finished,
            "groups": run.group_count,
            "proposals": run.proposal_count,
        }
    )
