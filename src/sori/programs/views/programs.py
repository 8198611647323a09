"""Programs and calls: the list, a program's page (awards, low use, usage upload, sacctmgr), call rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.forms import form_error_text, new_key
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.programs import selectors, services
from sori.programs.forms import CallForm, ProgramForm, UsageUploadForm
from sori.programs.models import Call, Program
from sori.programs.views.common import error_text, require_any, today

if TYPE_CHECKING:
    from sori.programs.selectors import ProgramRow

SORTS = {"name": "name", "kind": "kind", "created": "created_at", "applications": "application_count"}


@require_any("program.manage", "program.apply")
def program_list(request: SignedInRequest) -> HttpResponse:
    """Staff: every program with counts. Companies: open calls, their applications and awards."""
    if not can(request.user, "program.manage"):
        org = selectors.company_of(request.user)
        if org is None:  # only companies apply, and a company always acts for an organisation
            raise PermissionDenied
        return render(
            request,
            "programs/company_home.html",
            {
                "calls": selectors.open_calls(today()),
                "applications": selectors.application_list(organisation_id=org).order_by("-created_at"),
                "awards": selectors.award_rows(selectors.Award.objects.filter(organisation_id=org), today()),
            },
        )
    return listing.list_page(
        request,
        selectors.program_list(),
        search_fields=("name", "description", "operator__name"),
        sorts=SORTS,
        default_sort="-created",
        template="programs/program_list.html",
        export=_export,
        context=lambda: {"queue": selectors.reviewer_queue(request.user)},
    )


def _export(qs: QuerySet[ProgramRow]) -> HttpResponse:
    rows = (
        [
            p.id,
            p.name,
            p.get_kind_display(),
            p.operator.name if p.operator else "",
            p.call_count,
            p.application_count,
            p.award_count,
        ]
        for p in qs
    )
    return xlsx_response(
        _("지원사업 목록") + ".xlsx",
        _("지원사업"),
        [_("번호"), _("사업명"), _("구분"), _("운영 기관"), _("공고"), _("신청"), _("협약")],
        rows,
    )


@require("program.manage")
def program_create(request: SignedInRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None, initial={"submission_key": new_key()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        program = services.program_create(
            name=data["name"],
            kind=data["kind"],
            operator=data["operator"],
            description=data["description"],
            slurm_cluster=data["slurm_cluster"],
            actor=request.user,
            submission_key=data["submission_key"] or None,
        )
        messages.success(request, _("'%s' 사업을 등록했습니다. 이제 공고를 만드세요.") % program.name)
        return HttpResponseRedirect(reverse("programs:program_detail", args=[program.id]))
    return render(request, "programs/program_form.html", {"form": form})


@require("program.manage")
def program_detail(request: SignedInRequest, program_id: int) -> HttpResponse:
    program = get_object_or_404(Program.objects.select_related("operator"), pk=program_id)
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "p": selectors.program_page(program, today()),
            "upload": UsageUploadForm(),
        },
    )


@require("program.manage")
def call_create(request: SignedInRequest, program_id: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=program_id)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(
                program=program,
                actor=request.user,
                criteria=form.cleaned_data["criteria_text"],
                capacities=form.cleaned_data["capacity_text"],
                **form.rules(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("공고 '%s'을(를) 등록했습니다.") % call.title)
            return HttpResponseRedirect(reverse("programs:call_detail", args=[call.id]))
    return render(request, "programs/call_form.html", {"form": form, "program": program, "call": None})


@require("program.manage")
def call_edit(request: SignedInRequest, call_id: int) -> HttpResponse:
    """Change a call's rules; the change and its reason are kept in the audit trail."""
    call = get_object_or_404(Call.objects.select_related("program"), pk=call_id)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST":
        # ModelForm validation writes onto the instance; the service must see the stored rules as "before"
        call = Call.objects.get(pk=call.pk)
        if form.is_valid():
            try:
                services.call_update(
                    call=call,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    criteria=form.cleaned_data["criteria_text"],
                    capacities=form.cleaned_data["capacity_text"],
                    **form.rules(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("공고 규칙을 바꾸고 변경 이력에 남겼습니다."))
                return HttpResponseRedirect(reverse("programs:call_detail", args=[call.id]))
    return render(request, "programs/call_form.html", {"form": form, "program": call.program, "call": call})


@require("program.manage")
def usage_upload(request: SignedInRequest, program_id: int) -> HttpResponse:
    """Apply a sacct or CSV usage file: every line or none, with a per-line report."""
    program = get_object_or_404(Program, pk=program_id)
    form = UsageUploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        if request.method == "POST":
            messages.error(request, form_error_text(form))
        return HttpResponseRedirect(reverse("programs:program_detail", args=[program.id]))
    upload = form.cleaned_data["file"]
    try:
        batch = services.usage_import(
            program=program,
            filename=upload.name,
            data=upload.read(),
            format=form.cleaned_data["format"],
            actor=request.user,
        )
    except services.UsageRejected as rejected:
        messages.error(
            request,
            _(
                "%(n)s행을 받아들일 수 없어 아무 것도 반영하지 않았습니다. "
                "아래 목록대로 파일을 고쳐 다시 올려 주세요."
            )
            % {"n": len(rejected.lines)},
        )
        return render(
            request,
            "programs/usage_rejected.html",
            {"program": program, "lines": rejected.lines, "filename": upload.name},
            status=400,
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return HttpResponseRedirect(reverse("programs:program_detail", args=[program.id]))
    messages.success(
        request,
        _(
            "%(f)s: 새 작업 %(a)s건(%(h)s GPU시간)을 반영했습니다. "
            "이미 반영된 작업 %(s)s건은 다시 세지 않았고 %(u)s건은 갱신했습니다."
        )
        % {
            "f": batch.filename,
            "a": batch.added - batch.flagged,
            "h": f"{batch.gpu_hours:,.1f}",
            "s": batch.unchanged,
            "u": batch.updated,
        },
    )
    if batch.flagged:
        messages.warning(
            request,
            _(
                "협약 기간 밖의 날짜로 들어온 작업 %(n)s건은 사용량에 넣지 않고 따로 두었습니다. "
                "각 협약 페이지의 '협약 기간 밖 사용'에서 인정하거나 제외하세요."
            )
            % {"n": batch.flagged},
        )
    return HttpResponseRedirect(reverse("programs:program_detail", args=[program.id]))


@require("program.manage")
def sacctmgr_export(request: SignedInRequest, program_id: int) -> HttpResponse:
    """Download the sacctmgr commands that create each award's account and GPU-minute limit."""
    program = get_object_or_404(Program, pk=program_id)
    try:
        text = selectors.sacctmgr_text(program)
    except ValueError as error:
        messages.error(request, _("Slurm 계정 이름을 고쳐야 내보낼 수 있습니다: %s") % error)
        return HttpResponseRedirect(reverse("programs:program_detail", args=[program.id]))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sori-program-{program.id}-sacctmgr.sh"'
    return response
