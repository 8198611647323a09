"""Staff pages for bills (입법 추진): the list, a bill's page with its stages and tables, and their forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sori.core import listing
from sori.core.documents import pdf_response, render_pdf
from sori.core.exports import xlsx_response
from sori.core.formatting import kdate
from sori.core.forms import add_service_errors
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.policy.bill_forms import (
    BillAdvanceForm,
    BillCreateForm,
    BillFilterForm,
    BillLinkForm,
    BillUpdateForm,
)
from sori.policy.bill_selectors import (
    bill_list,
    bill_stages,
    bill_timeline,
    bill_trail,
    drafts_changed_since,
    snapshot_tables,
)
from sori.policy.bill_services import (
    bill_advance,
    bill_blocked,
    bill_create,
    bill_link_demand,
    bill_unlink_demand,
    bill_update,
    correctable_fields,
    default_kind,
)
from sori.policy.models import Bill, BillStage
from sori.policy.selectors import user_department
from sori.policy.workflow import bill_is_open, bill_next_stages
from sori.voices.models import Demand

NOT_SAVED = gettext_lazy("표시된 칸을 고쳐 다시 저장해 주세요 — 아무 것도 저장되지 않았습니다.")

SORTS = {"updated": "updated_at", "title": "title", "stage": "stage", "kind": "kind", "number": "bill_number"}


def _bill_for(request: HttpRequest, pk: int) -> Bill:
    """Return the bill if the user may see it: staff every one, an officer those answering their demands."""
    bill = get_object_or_404(Bill, id=pk)
    if can(request.user, "demand.view_all"):
        return bill
    department = user_department(request.user)
    if department is None or not bill.demands.filter(department=department).exists():
        raise PermissionDenied
    return bill


@require("staff.area")
def bill_list_view(request: SignedInRequest) -> HttpResponse:
    """List bills; filter by stage and kind, search by title or bill number, sort, export."""
    filters = BillFilterForm(request.GET)
    stage, kind = filters.values()["stage"], filters.values()["kind"]
    if can(request.user, "demand.view_all"):
        qs = bill_list(stage=stage, kind=kind)
    else:
        department = user_department(request.user)
        qs = bill_list(stage=stage, kind=kind, department=department) if department else Bill.objects.none()
    return listing.list_page(
        request,
        qs,
        search_fields=("title", "bill_number"),
        sorts=SORTS,
        default_sort="-updated",
        template="policy/bill_list.html",
        export=_export,
        context={"filters": filters},
    )


def _export(qs: QuerySet[Bill]) -> HttpResponse:
    headers = [
        _("번호"),
        _("안건명"),
        _("구분"),
        _("단계"),
        _("의안번호"),
        _("발의자"),
        _("소관 상임위원회"),
        _("본회의 결과"),
        _("본회의 의결일"),
        _("건의 기관"),
        _("회신일"),
        _("공포일"),
        _("시행일"),
        _("수요 수"),
    ]

    def day(value: Any) -> str:
        return value.isoformat() if value else ""

    rows = [
        [
            b.id,
            b.title,
            b.get_kind_display(),
            b.stage_label,
            b.bill_number,
            b.sponsor,
            b.committee,
            b.get_plenary_result_display(),
            day(b.plenary_date),
            b.sent_to,
            day(b.replied_on),
            day(b.promulgated_on),
            day(b.in_force_on),
            b.demand_count,  # type: ignore[attr-defined]
        ]
        for b in qs
    ]
    return xlsx_response("sori-bills.xlsx", _("입법 추진"), headers, rows)


@require("demand.organise")
def bill_create_view(request: SignedInRequest, demand_id: int) -> HttpResponse:
    """Register a bill for a demand that needs legal text, or link the demand to a bill already on its way."""
    demand = get_object_or_404(Demand.objects.select_related("department"), id=demand_id)
    blocked = bill_blocked(demand)
    form = BillCreateForm(
        request.POST or None, initial={"kind": default_kind(demand), "title": _suggested_title(demand)}
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                bill = bill_create(
                    demand=demand,
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    date=data["date"],
                    note=data["note"],
                    submission_key=data["submission_key"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "입법 추진 '%(title)s'을(를) 초안으로 등록했습니다. "
                        "단계가 바뀔 때마다 여기서 기록해 주세요."
                    )
                    % {"title": bill.title},
                )
                return redirect("bills:detail", bill.id)
        messages.error(request, NOT_SAVED)
    open_bills = [
        b for b in Bill.objects.exclude(demands=demand).order_by("-updated_at", "-id") if bill_is_open(b)
    ]
    return render(
        request,
        "policy/bill_form.html",
        {"demand": demand, "form": form, "blocked": blocked, "open_bills": open_bills},
    )


def _suggested_title(demand: Demand) -> str:
    """Return a title from the demand's first drafted law: '… 일부개정조례안' for an ordinance."""
    first = demand.amendments.order_by("created_at", "id").first()
    if first is None:
        return ""
    return f"{first.title} 일부개정조례안" if first.title.endswith("조례") else first.title


def _page(request: HttpRequest, bill: Bill, forms: dict[str, Any] | None = None) -> HttpResponse:
    rows = bill_stages(bill)
    last = rows[-1] if rows else None
    may_edit = can(request.user, "demand.organise")
    advance = []
    if may_edit:
        forms = forms or {}
        advance = [forms.get(s.value) or BillAdvanceForm(stage=s, bill=bill) for s in bill_next_stages(bill)]
    return render(
        request,
        "policy/bill_detail.html",
        {
            "bill": bill,
            "demands": list(bill.demands.select_related("department").order_by("id")),
            "rows": rows,
            "timeline": bill_timeline(bill, rows),
            "current": last,
            "tables": snapshot_tables(last.snapshot) if last else [],
            "drafts_changed": may_edit and bill_is_open(bill) and drafts_changed_since(bill, last),
            "advance": advance,
            "link_form": (forms or {}).get("link") or BillLinkForm(),
            "may_edit": may_edit,
            "is_open": bill_is_open(bill),
            "trail": bill_trail(bill),
        },
    )


@require("staff.area")
def bill_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    """Show a bill: its stages, the demands it answers, the comparison table now and at each stage."""
    return _page(request, _bill_for(request, pk))


@require("demand.organise")
@require_POST
def bill_advance_view(request: SignedInRequest, pk: int) -> HttpResponse:
    """Record the next stage chosen on the bill page, with what that stage needs."""
    bill = _bill_for(request, pk)
    allowed = {s.value: s for s in bill_next_stages(bill)}
    chosen = request.POST.get("stage", "")
    if chosen not in allowed:
        # A form left open while someone else moved the bill on: say what may come next now.
        names = ", ".join(str(s.label) for s in allowed.values()) or _("없음")
        messages.error(
            request,
            _("그 단계는 지금 기록할 수 없습니다. 다음에 올 수 있는 단계: %(allowed)s.") % {"allowed": names},
        )
        return redirect("bills:detail", bill.id)
    form = BillAdvanceForm(request.POST, stage=allowed[chosen], bill=bill)
    if form.is_valid():
        try:
            row = bill_advance(bill=bill, actor=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("'%(stage)s' 단계를 %(date)s 자로 기록했습니다. 이 단계의 대비표도 함께 남겼습니다.")
                % {"stage": row.bill.stage_label, "date": kdate(row.date)},
            )
            return redirect("bills:detail", bill.id)
    messages.error(request, NOT_SAVED)
    return _page(request, bill, {chosen: form})


@require("demand.organise")
def bill_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    """Correct a bill's title and the fields of the stages it has reached."""
    bill = _bill_for(request, pk)
    form = BillUpdateForm(request.POST or None, bill=bill, fields=correctable_fields(bill))
    if request.method == "POST":
        if form.is_valid():
            try:
                bill_update(bill=bill, actor=request.user, **form.values())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("입법 추진 정보를 고쳤습니다. 고치기 전 내용은 변경 기록에 남아 있습니다.")
                )
                return redirect("bills:detail", bill.id)
        messages.error(request, NOT_SAVED)
    return render(request, "policy/bill_edit.html", {"bill": bill, "form": form})


@require("demand.organise")
@require_POST
def bill_link(request: SignedInRequest, pk: int) -> HttpResponse:
    """Link a demand to the bill: by number from the bill page, or this demand from the demand's form."""
    bill = _bill_for(request, pk)
    form = BillLinkForm(request.POST)
    if form.is_valid():
        demand = Demand.objects.filter(id=form.cleaned_data["demand"]).first()
        if demand is None:
            form.add_error(
                "demand", _("그런 번호의 수요가 없습니다. 수요 페이지 제목 앞의 번호를 적어 주세요.")
            )
        else:
            try:
                bill_link_demand(bill=bill, demand=demand, actor=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("수요 '%(demand)s'을(를) 이 건에 연결했습니다.") % {"demand": demand.title},
                )
                return redirect("bills:detail", bill.id)
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("bills:detail", bill.id)


@require("demand.organise")
@require_POST
def bill_unlink(request: SignedInRequest, pk: int, demand_id: int) -> HttpResponse:
    """Take a demand off the bill (a bill keeps at least one)."""
    bill = _bill_for(request, pk)
    demand = get_object_or_404(Demand, id=demand_id)
    try:
        bill_unlink_demand(bill=bill, demand=demand, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("수요 '%(demand)s'의 연결을 풀었습니다.") % {"demand": demand.title})
    return redirect("bills:detail", bill.id)


def _version(request: HttpRequest, pk: int, stage_id: int) -> tuple[Bill, BillStage]:
    bill = _bill_for(request, pk)
    row = BillStage.objects.filter(bill=bill, id=stage_id).select_related("recorded_by").first()
    if row is None:
        raise Http404
    return bill, row


@require("staff.area")
def bill_version(request: SignedInRequest, pk: int, stage_id: int) -> HttpResponse:
    """Show the comparison table as it stood at one stage of the bill."""
    bill, row = _version(request, pk, stage_id)
    full = request.GET.get("full") == "1"
    return render(
        request,
        "policy/bill_version.html",
        {
            "bill": bill,
            "row": row,
            "tables": snapshot_tables(row.snapshot, elide_unchanged=not full),
            "full": full,
        },
    )


@require("staff.area")
def bill_version_pdf(request: SignedInRequest, pk: int, stage_id: int) -> HttpResponse:
    """Return one stage's comparison table as an A4 PDF."""
    bill, row = _version(request, pk, stage_id)
    elided = request.GET.get("full") != "1"
    data = render_pdf(
        "policy/bill_version_pdf.html",
        {
            "bill": bill,
            "row": row,
            "tables": snapshot_tables(row.snapshot, elide_unchanged=elided),
            "elided": elided,
            "title": _("신·구조문대비표"),
            "running": f"{bill.title} · {row.get_stage_display()}",
            "today_label": kdate(timezone.localdate()),
        },
    )
    return pdf_response(data, f"신·구조문대비표_{bill.title}_{row.get_stage_display()}.pdf")
