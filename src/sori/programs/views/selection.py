"""Selection: run the optimiser for a call, read why each application got what it got, override, confirm."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core.exports import xlsx_response
from sori.core.forms import form_error_text, new_key
from sori.core.permissions import SignedInRequest, require
from sori.programs import occupancy, selectors, services
from sori.programs.forms import ExceptionForm, OverrideForm
from sori.programs.models import Call, RuleException, RunStatus, SelectionLine, SelectionRun
from sori.programs.services import rules
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


@dataclass(frozen=True)
class LineRow:
    """A selection line with the rules it breaks as it stands and the exceptions approved on it."""

    line: SelectionLine
    breaches: list[rules.Breach]
    exceptions: list[RuleException]

    @property
    def unexcepted(self) -> list[rules.Breach]:
        done = {e.rule for e in self.exceptions}
        return [b for b in self.breaches if b.rule not in done]


@require("program.manage")
def run_detail(request: SignedInRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(SelectionRun.objects.select_related("call__program", "created_by"), pk=run_id)
    lines = list(selectors.run_lines(run))
    if request.GET.get("format") == "xlsx":
        return _explanation_export(run, lines)
    awarded = sum(1 for line in lines if line.final)
    editable = run_may_move(run, RunStatus.DONE)
    breaches = rules.run_breaches(run, kept_out=True) if editable else {}
    excepted: dict[int, list[RuleException]] = {}
    for exception in RuleException.objects.filter(line__run=run).select_related("approved_by"):
        if exception.line_id is not None:
            excepted.setdefault(exception.line_id, []).append(exception)
    rows = [LineRow(line, breaches.get(line.id, []), excepted.get(line.id, [])) for line in lines]
    return render(
        request,
        "programs/run_detail.html",
        {
            "run": run,
            "call": run.call,
            "rows": rows,
            "awarded": awarded,
            "greedy_awarded": sum(1 for line in lines if line.greedy),
            "editable": editable,
            "pools": occupancy.run_occupancy(run)
            if run.status in (RunStatus.DONE, RunStatus.CONFIRMED)
            else [],
            "queued": run.status == RunStatus.QUEUED,
            "key": new_key(),
        },
    )


def _explanation_export(run: SelectionRun, lines: list[SelectionLine]) -> HttpResponse:
    """Download every line with what bound it, as the selection screen shows it, and the method used."""
    headers = [
        _("순위"),
        _("신청 기관"),
        _("과제명"),
        _("자원"),
        _("기간"),
        _("점수"),
        _("신청량"),
        _("최적화 배정량"),
        _("점수순 배정량"),
        _("최종 배정량"),
        _("이유"),
        _("조정 사유"),
    ]
    rows: list[list[object]] = [
        [
            line.rank,
            line.application.organisation.name,
            line.application.title,
            line.application.resource,
            line.application.period_label,
            line.score,
            line.requested,
            line.optimised,
            line.greedy,
            line.final,
            "\n".join(str(r.get("text", "")) for r in line.reasons),
            line.override_reason,
        ]
        for line in lines
    ]
    method = run.result.get("explanation_method", "")
    if method:
        rows.append([])
        rows.append(["", _("이유를 찾은 방법"), method])
    return xlsx_response(f"{run.call.title} 선정 결과.xlsx", _("선정 결과"), headers, rows)


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
                exception_reason=form.cleaned_data["exception_reason"],
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


@require("program.manage")
def line_except(request: SignedInRequest, line_id: int) -> HttpResponse:
    """Approve, with a reason, the rules one line breaks, so the selection can be confirmed with it."""
    line = get_object_or_404(SelectionLine.objects.select_related("run__call", "application"), pk=line_id)
    form = ExceptionForm(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.selection_line_except(
                line=line, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            done = _("'%(t)s'의 규칙 예외 %(n)s건을 사유와 함께 남겼습니다.") % {
                "t": line.application.title,
                "n": len(made),
            }
            then = (
                _("이제 확정할 수 있습니다.")
                if line.final
                else _("공고에서 선정을 다시 실행하면 이 신청도 계산에 넣습니다.")
            )
            messages.success(request, f"{done} {then}")
    elif request.method == "POST":
        messages.error(request, form_error_text(form) + " " + _("예외를 남기지 않았습니다."))
    return HttpResponseRedirect(reverse("programs:run_detail", args=[line.run_id]) + f"#line-{line.id}")
