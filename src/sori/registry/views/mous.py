"""MOUs: the list, one page per MOU with its commitments and follow-up, and the forms that change them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core import listing, trail
from sori.core.exports import xlsx_response
from sori.core.formatting import kdate
from sori.core.forms import new_key
from sori.core.permissions import SignedInRequest, require
from sori.registry import services, workflow
from sori.registry.forms import CommitmentForm, MouFilterForm, MouForm, MoveForm
from sori.registry.models import Commitment, Mou, MouStage
from sori.registry.selectors import mou_history, mou_list
from sori.registry.views.common import form_error_text

SORTS = {"signed": "signed_on", "title": "title", "stage": "stage", "commitments": "commitment_count"}


@require("registry.manage")
def mou_list_view(request: SignedInRequest) -> HttpResponse:
    """List MOUs with their parties, stage and commitments; filter, search, sort, page, export."""
    filters = MouFilterForm(request.GET)
    return listing.list_page(
        request,
        mou_list(**filters.values()).distinct(),  # a search over parties would repeat an MOU
        search_fields=("title", "event", "parties__name"),
        sorts=SORTS,
        default_sort="-signed",
        template="registry/mou_list.html",
        export=_export,
        context={"filters": filters},
    )


def _export(qs: QuerySet[Mou]) -> HttpResponse:
    headers = [
        _("번호"),
        _("협약명"),
        _("협약일"),
        _("협약 기관"),
        _("체결 행사"),
        _("후속 단계"),
        _("단계 사유"),
        _("이행 약속"),
    ]
    rows = (
        [
            m.id,
            m.title,
            m.signed_on,
            ", ".join(p.name for p in m.parties.all()),
            m.event or (m.engagement.title if m.engagement else ""),
            m.get_stage_display(),
            m.stage_reason,
            "; ".join(
                f"{c.get_kind_display()} {c.target_number or ''}{c.unit} ({c.get_status_display()})"
                for c in m.commitments.all()
            ),
        ]
        for m in qs
    )
    return xlsx_response(_("업무협약 목록") + ".xlsx", _("업무협약"), headers, rows)


def _mou_url(mou: Mou) -> str:
    return reverse("registry:mou_detail", args=[mou.id])


@require("registry.manage")
def mou_detail(request: SignedInRequest, mou_id: int) -> HttpResponse:
    """Show an MOU: parties, commitments and their progress, the follow-up stage and its history."""
    mou = get_object_or_404(mou_list(), pk=mou_id)
    return render(
        request,
        "registry/mou_detail.html",
        {
            "mou": mou,
            "next_stages": workflow.next_stages(mou.stage),
            "move_form": MoveForm(),
            "commitment_form": CommitmentForm(mou=mou, initial={"submission_key": new_key()}),
            "commitment_forms": [
                (c, CommitmentForm(mou=mou, instance=c, prefix=f"c{c.id}")) for c in mou.commitments.all()
            ],
            "history": trail.entries(mou_history(mou)[:50]),
            "stalled": mou.stage == MouStage.STALLED,
        },
    )


@require("registry.manage")
def mou_create(request: SignedInRequest) -> HttpResponse:
    """Record a signed MOU."""
    if request.method == "POST":
        form = MouForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                mou = services.mou_create(
                    title=d["title"],
                    signed_on=d["signed_on"],
                    parties=list(d["parties"]),
                    actor=request.user,
                    event=d["event"],
                    engagement=d["engagement"],
                    summary=d["summary"],
                    submission_key=d["submission_key"] or None,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("협약을 등록했습니다. 이제 이행 약속(사무소·고용·투자)을 더하세요.")
                )
                return HttpResponseRedirect(_mou_url(mou))
    else:
        form = MouForm(initial={"submission_key": new_key()})
    return render(request, "registry/mou_form.html", {"form": form, "mou": None})


@require("registry.manage")
def mou_edit(request: SignedInRequest, mou_id: int) -> HttpResponse:
    """Change an MOU's details and parties."""
    mou = get_object_or_404(Mou, pk=mou_id)
    if request.method == "POST":
        form = MouForm(request.POST, instance=mou)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.mou_update(
                    mou=mou,
                    actor=request.user,
                    parties=list(d["parties"]),
                    title=d["title"],
                    signed_on=d["signed_on"],
                    event=d["event"],
                    engagement=d["engagement"],
                    summary=d["summary"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("협약 정보를 저장했습니다."))
                return HttpResponseRedirect(_mou_url(mou))
    else:
        form = MouForm(instance=mou)
    return render(request, "registry/mou_form.html", {"form": form, "mou": mou})


@require("registry.manage")
@require_POST
def mou_move(request: SignedInRequest, mou_id: int) -> HttpResponse:
    """Move the MOU to its next follow-up stage."""
    mou = get_object_or_404(Mou, pk=mou_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form) + " " + _("아무 것도 바뀌지 않았습니다."))
        return HttpResponseRedirect(_mou_url(mou))
    try:
        done = services.mou_move(
            mou=mou,
            stage=form.cleaned_data["stage"],
            reason=form.cleaned_data["reason"],
            on=form.cleaned_data["on"],
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " " + _("아무 것도 바뀌지 않았습니다."))
    else:
        messages.success(
            request, _("후속 단계를 '%(stage)s'(으)로 바꿨습니다.") % {"stage": done.get_stage_display()}
        )
    return HttpResponseRedirect(_mou_url(mou))


@require("registry.manage")
@require_POST
def commitment_add(request: SignedInRequest, mou_id: int) -> HttpResponse:
    """Add a commitment to the MOU."""
    mou = get_object_or_404(Mou, pk=mou_id)
    form = CommitmentForm(request.POST, mou=mou)
    if not form.is_valid():
        messages.error(request, form_error_text(form) + " " + _("아무 것도 저장되지 않았습니다."))
        return HttpResponseRedirect(_mou_url(mou))
    try:
        item = services.commitment_add(
            mou=mou,
            actor=request.user,
            submission_key=form.cleaned_data["submission_key"] or None,
            **form.values(),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " " + _("아무 것도 저장되지 않았습니다."))
    else:
        messages.success(
            request, _("이행 약속 '%(kind)s'을(를) 더했습니다.") % {"kind": item.get_kind_display()}
        )
    return HttpResponseRedirect(_mou_url(mou))


@require("registry.manage")
@require_POST
def commitment_snooze(request: SignedInRequest, commitment_id: int) -> HttpResponse:
    """Put an overdue commitment off the home page for 30 days (it comes back if still unkept)."""
    item = get_object_or_404(Commitment.objects.select_related("mou"), pk=commitment_id)
    item = services.commitment_snooze(commitment=item, actor=request.user)
    messages.success(
        request,
        _("‘%(mou)s’의 이행 약속을 %(date)s까지 할 일에서 뺐습니다. 그때도 이행 전이면 다시 보입니다.")
        % {"mou": item.mou.title, "date": kdate(item.snoozed_until)},
    )
    return HttpResponseRedirect(reverse("home:home"))


@require("registry.manage")
@require_POST
def commitment_edit(request: SignedInRequest, commitment_id: int) -> HttpResponse:
    """Record progress on a commitment (realised number, status, date)."""
    item = get_object_or_404(Commitment.objects.select_related("mou"), pk=commitment_id)
    form = CommitmentForm(request.POST, mou=item.mou, instance=item, prefix=f"c{item.id}")
    if not form.is_valid():
        messages.error(request, form_error_text(form) + " " + _("아무 것도 바뀌지 않았습니다."))
        return HttpResponseRedirect(_mou_url(item.mou))
    try:
        services.commitment_update(commitment=item, actor=request.user, **form.values())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " " + _("아무 것도 바뀌지 않았습니다."))
    else:
        messages.success(request, _("이행 약속을 저장했습니다."))
    return HttpResponseRedirect(_mou_url(item.mou))
