"""Selection: run the optimiser for a call, read why each application got what it got, override, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core.forms import form_error_text, new_key
from sori.core.permissions import SignedInRequest, require
from sori.programs import occupancy, selectors, services
from sori.programs.forms import OverrideForm
from sori.programs.models import Call, RunStatus, SelectionLine, SelectionRun
from sori.programs.views.common import error_text
from sori.programs.workflow import run_may_move


@require("program.manage")
def run_request(request: SignedInRequest, call_id: int) -> HttpResponse:
    call = get_object_or_404(Call, pk=call_id)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("programs:call_detail", args=[call.id]))
    try:
        run = services.selection_request(
            call=call, actor=request.user, submission_key=request.POST.get("submission_key") or None
        )
    except ValidationError as error:
        messages.error(
            request, _("선정을 실행하지 않았습니다 — 다음을 먼저 해결하세요: %s") % error_text(error)
        )
        return HttpResponseRedirect(reverse("programs:call_detail", args=[call.id]))
    messages.success(request, _("선정 계산을 시작했습니다. 끝나면 이 페이지에 결과가 보입니다."))
    return HttpResponseRedirect(reverse("programs:run_detail", args=[run.id]))


@require("program.manage")
def run_detail(request: SignedInRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(SelectionRun.objects.select_related("call__program", "created_by"), pk=run_id)
    lines = list(selectors.run_lines(run))
    awarded = sum(1 for line in lines if line.final)
    return render(
        request,
        "programs/run_detail.html",
        {
            "run": run,
            "call": run.call,
            "lines": lines,
            "awarded": awarded,
            "greedy_awarded": sum(1 for line in lines if line.greedy),
            "editable": run_may_move(run, RunStatus.DONE),
            "pools": occupancy.run_occupancy(run)
            if run.status in (RunStatus.DONE, RunStatus.CONFIRMED)
            else [],
            "queued": run.status == RunStatus.QUEUED,
            "key": new_key(),
        },
    )


@require("program.manage")
def line_override(request: SignedInRequest, line_id: int) -> HttpResponse:
    """Change one grant before confirmation, with a recorded reason; over capacity is refused."""
    line = get_object_or_404(SelectionLine.objects.select_related("run__call", "application"), pk=line_id)
    form = OverrideForm(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            services.selection_override(
                line=line,
                final=form.cleaned_data["final"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("'%(t)s'의 배정량을 %(n)s(으)로 조정하고 사유를 남겼습니다.")
                % {"t": line.application.title, "n": line.final},
            )
    elif request.method == "POST":
        messages.error(request, form_error_text(form) + " " + _("조정하지 않았습니다."))
    return HttpResponseRedirect(reverse("programs:run_detail", args=[line.run_id]) + f"#line-{line.id}")


@require("program.manage")
def run_confirm(request: SignedInRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(SelectionRun.objects.select_related("call"), pk=run_id)
    if request.method == "POST":
        try:
            awards = services.selection_confirm(run=run, actor=request.user)
        except ValidationError as error:
            messages.error(request, _("확정하지 않았습니다(아무 협약도 만들지 않음): %s") % error_text(error))
        else:
            messages.success(request, _("선정을 확정하고 협약 %(n)s건을 만들었습니다.") % {"n": len(awards)})
            count = selectors.decision_notice_count(run=run)
            messages.info(request, _("신청 %(n)s건의 선정 결과를 신청 기관에 보냅니다.") % {"n": count.told})
            if count.without_address:
                names = ", ".join(count.without_address)
                warning = _("이메일 주소가 없어 결과를 보내지 못한 기관: %(names)s.") % {"names": names}
                messages.warning(request, warning + " " + _("기관 정보에 주소를 넣고 따로 알려 주세요."))
    return HttpResponseRedirect(reverse("programs:run_detail", args=[run.id]))
