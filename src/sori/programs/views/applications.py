"""A call's page with its applications; applying, changing before the deadline, reviews and conflicts."""

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
from sori.programs.forms import ApplicationForm, AssignForm, ConflictForm, ReviewForm
from sori.programs.models import Application, ApplicationStatus, Call, RequestType, Review
from sori.programs.services.applications import EDITABLE
from sori.programs.views.common import check_owner, error_text, own_organisation, require_any, today
from sori.programs.workflow import application_may_move
from sori.registry.models import Origin

if TYPE_CHECKING:
    from sori.programs.selectors import ApplicationRow

SORTS = {
    "org": "organisation__name",
    "score": "score",
    "amount": "amount",
    "start": "start_month",
    "status": "status",
    "created": "created_at",
}


@require_any("program.manage", "program.apply")
def call_detail(request: SignedInRequest, call_id: int) -> HttpResponse:
    """Show a call's rules and its applications (staff: all, with filters and export; a company: its own)."""
    call = get_object_or_404(Call.objects.select_related("program__operator"), pk=call_id)
    staff = can(request.user, "program.manage")
    qs = selectors.application_list(
        call=call, organisation_id=None if staff else selectors.company_of(request.user)
    )
    status = request.GET.get("status", "")
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("type", "")
    if kind in RequestType.values:
        qs = qs.filter(request_type=kind)
    return listing.list_page(
        request,
        qs,
        search_fields=("title", "summary", "organisation__name"),
        sorts=SORTS,
        default_sort="-score",
        template="programs/call_detail.html",
        export=(lambda rows: _export(call, rows)) if staff else None,
        context=lambda: {
            "call": call,
            "staff": staff,
            "open": call.is_open(today()),
            "criteria": list(call.criteria.all()),
            "capacities": list(call.capacities.select_related("pool")),
            "origins": [str(Origin(o).label) for o in call.eligible_origins or [] if o in Origin.values],
            "statuses": ApplicationStatus.choices,
            "types": RequestType.choices,
            "status": status,
            "type": kind,
            "run": selectors.latest_run(call) if staff else None,
        },
    )


def _export(call: Call, qs: QuerySet[ApplicationRow]) -> HttpResponse:
    headers = [
        _("번호"),
        _("신청 기관"),
        _("유형"),
        _("과제명"),
        _("자원"),
        _("월 신청량"),
        _("최소 수용량"),
        _("시작 월"),
        _("기간(개월)"),
        _("평가 점수"),
        _("평가 수"),
        _("이해충돌"),
        _("권고량"),
        _("배정량"),
        _("상태"),
    ]
    rows = (
        [
            a.id,
            a.organisation.name,
            a.get_request_type_display(),
            a.title,
            a.resource,
            a.amount,
            a.min_amount,
            a.start_month,
            a.months,
            a.score,
            a.review_count,
            a.conflict_count,
            a.recommended_amount,
            a.awarded_amount,
            a.get_status_display(),
        ]
        for a in qs
    )
    return xlsx_response(f"{call.title} 신청.xlsx", _("신청"), headers, rows)


@require_any("program.manage", "program.apply")
def application_create(request: SignedInRequest, call_id: int) -> HttpResponse:
    """Apply to a call (a company for itself; staff on a company's behalf) until the close date."""
    call = get_object_or_404(Call.objects.select_related("program"), pk=call_id)
    on_behalf = can(request.user, "program.manage")
    form = ApplicationForm(
        request.POST or None,
        call=call,
        on_behalf=on_behalf,
        initial={"submission_key": new_key(), "start_month": call.first_month, "months": call.term_months},
    )
    if request.method == "POST" and form.is_valid():
        org = form.cleaned_data["organisation"] if on_behalf else own_organisation(request)
        try:
            app = services.application_submit(
                call=call,
                organisation=org,
                actor=request.user,
                submission_key=form.cleaned_data["submission_key"] or None,
                **form.values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("신청을 접수했습니다. %(d)s까지 고칠 수 있습니다.") % {"d": call.closes_on}
            )
            return HttpResponseRedirect(reverse("programs:application_detail", args=[app.id]))
    return render(
        request,
        "programs/application_form.html",
        {"form": form, "call": call, "open": call.is_open(today()), "application": None},
    )


@require_any("program.manage", "program.apply")
def application_detail(request: SignedInRequest, application_id: int) -> HttpResponse:
    app = get_object_or_404(
        Application.objects.select_related("call__program", "organisation", "award"), pk=application_id
    )
    check_owner(request, app.organisation_id)
    staff = can(request.user, "program.manage")
    reviews = selectors.application_reviews(app) if staff else []
    mine = next((r for r in reviews if r.reviewer_id == request.user.id), None)
    return render(
        request,
        "programs/application_detail.html",
        {
            "app": app,
            "staff": staff,
            "reviews": reviews,
            "mine": mine,
            "editable": app.request_type == RequestType.NEW and app.call.is_open(today()),
            "assign": (
                AssignForm() if staff and application_may_move(app, ApplicationStatus.SUBMITTED) else None
            ),
            "lines": list(app.selection_lines.select_related("run").order_by("-run__created_at")[:1])
            if staff
            else [],
        },
    )


@require_any("program.manage", "program.apply")
def application_edit(request: SignedInRequest, application_id: int) -> HttpResponse:
    """Change an application; refused after the call's close date with a message saying so."""
    app = get_object_or_404(
        Application.objects.select_related("call__program", "organisation"), pk=application_id
    )
    check_owner(request, app.organisation_id)
    call = app.call
    initial = {f: getattr(app, f) for f in EDITABLE}
    form = ApplicationForm(request.POST or None, call=call, on_behalf=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(application=app, actor=request.user, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("신청을 고쳤습니다."))
            return HttpResponseRedirect(reverse("programs:application_detail", args=[app.id]))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programs/application_form.html",
        {"form": form, "call": call, "open": call.is_open(today()), "application": app},
        status=status,
    )


@require("program.manage")
def review_assign(request: SignedInRequest, application_id: int) -> HttpResponse:
    app = get_object_or_404(Application.objects.select_related("organisation"), pk=application_id)
    form = AssignForm(request.POST)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_assign(
                application=app, reviewer=form.cleaned_data["reviewer"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("평가위원을 배정했습니다."))
    elif request.method == "POST":
        messages.error(request, form_error_text(form))
    return HttpResponseRedirect(reverse("programs:application_detail", args=[app.id]))


@require("program.review")
def review_page(request: SignedInRequest, review_id: int) -> HttpResponse:
    """The assigned reviewer scores every criterion, or declares a conflict and is excluded."""
    review = get_object_or_404(
        Review.objects.select_related("application__call", "application__organisation"), pk=review_id
    )
    if review.reviewer_id != request.user.id:
        raise PermissionDenied
    criteria = list(review.application.call.criteria.all())
    scores = {s.criterion_id: s.score for s in review.scores.all()}
    form = ReviewForm(
        criteria=criteria, initial={"comment": review.comment, **{f"c{k}": v for k, v in scores.items()}}
    )
    conflict = ConflictForm()
    if request.method == "POST":
        try:
            if request.POST.get("action") == "conflict":
                conflict = ConflictForm(request.POST)
                if conflict.is_valid():
                    services.review_declare_conflict(
                        review=review, reason=conflict.cleaned_data["reason"], actor=request.user
                    )
                    messages.success(
                        request,
                        _("이해충돌을 신고했습니다. 이 신청의 평가에서 제외되며 점수는 집계되지 않습니다."),
                    )
                    return HttpResponseRedirect(
                        reverse("programs:application_detail", args=[review.application_id])
                    )
            else:
                form = ReviewForm(request.POST, criteria=criteria)
                if form.is_valid():
                    services.review_submit(
                        review=review,
                        scores=form.scores(),
                        comment=form.cleaned_data["comment"],
                        actor=request.user,
                    )
                    messages.success(request, _("평가를 제출했습니다."))
                    return HttpResponseRedirect(
                        reverse("programs:application_detail", args=[review.application_id])
                    )
        except ValidationError as error:
            messages.error(request, error_text(error))
    return render(
        request,
        "programs/review_form.html",
        {"review": review, "app": review.application, "form": form, "conflict": conflict},
    )
