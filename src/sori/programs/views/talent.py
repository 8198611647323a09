"""Staff pages of the talent programme: cohorts, a cohort's trainees and their moves, placements, needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sori.core import listing
from sori.core.exports import xlsx_response
from sori.core.forms import add_service_errors, form_error_text
from sori.core.permissions import SignedInRequest, require
from sori.programs import selectors_talent as talent
from sori.programs.models import Cohort, TalentNeed, Trainee, TraineeStatus
from sori.programs.models.talent import SEATED_STATUSES
from sori.programs.services import talent as services
from sori.programs.services.trainee_import import TraineeImportRejected, trainees_import
from sori.programs.talent_forms import (
    AttendanceForm,
    CohortForm,
    DateForm,
    DropForm,
    NeedFilterForm,
    NeedForm,
    PlacementForm,
    TraineeAddForm,
    TraineeImportForm,
)
from sori.programs.views.common import error_text, today
from sori.programs.workflow import trainee_next_statuses

COHORT_SORTS = {"starts": "starts_on", "name": "name", "seats": "seats", "applicants": "n_applicants"}
NEED_SORTS = {"posted": "posted_on", "title": "title", "organisation": "organisation__name", "count": "count"}


def _cohort_url(cohort_id: int) -> str:
    return reverse("programs:cohort_detail", args=[cohort_id])


@require("program.manage")
def cohort_list(request: SignedInRequest) -> HttpResponse:
    """Every cohort with its applicants, selected, completed, completion rate and placements; export."""
    return listing.list_page(
        request,
        talent.cohort_list(),
        search_fields=("name", "operator__name", "description"),
        sorts=COHORT_SORTS,
        default_sort="-starts",
        template="programs/talent/cohort_list.html",
        export=_cohort_export,
    )


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else ""


def _cohort_export(qs: QuerySet[Cohort]) -> HttpResponse:
    headers = [
        _("번호"),
        _("기수명"),
        _("과정 구분"),
        _("운영 기관"),
        _("교육 시작일"),
        _("교육 종료일"),
        _("정원"),
        _("지원"),
        _("선발"),
        _("수료"),
        _("수료율"),
        _("중도 포기"),
        _("배치"),
        _("지역 기업 배치율"),
    ]
    rows = []
    for c in qs:
        f = talent.figures_of(c)
        rows.append(
            [
                c.id,
                c.name,
                c.get_course_kind_display(),
                c.operator.name if c.operator else "",
                c.starts_on.isoformat(),
                c.ends_on.isoformat(),
                c.seats,
                f.applicants,
                f.selected,
                f.completed,
                _rate(f.completed, f.selected),
                f.dropped,
                f.placements,
                _rate(f.placed_local, f.completed),
            ]
        )
    return xlsx_response("sori-cohorts.xlsx", _("인재 양성"), headers, rows)


@require("program.manage")
def cohort_create(request: SignedInRequest) -> HttpResponse:
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(
                actor=request.user,
                submission_key=form.cleaned_data["submission_key"] or None,
                **form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("'%s' 기수를 등록했습니다. 이제 지원자를 추가하세요.") % cohort.name)
            return HttpResponseRedirect(_cohort_url(cohort.id))
    return render(request, "programs/talent/cohort_form.html", {"form": form, "cohort": None})


@require("program.manage")
def cohort_edit(request: SignedInRequest, cohort_id: int) -> HttpResponse:
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    initial = {f: getattr(cohort, f) for f in services.COHORT_FIELDS}
    form = CohortForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, actor=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("기수 정보를 고쳤습니다."))
            return HttpResponseRedirect(_cohort_url(cohort.id))
    return render(request, "programs/talent/cohort_form.html", {"form": form, "cohort": cohort})


@dataclass(frozen=True)
class TraineeRow:
    """A trainee and the moves the cohort page offers for them."""

    trainee: Trainee
    may_select: bool
    may_complete: bool
    may_drop: bool
    seated: bool


def _row(trainee: Trainee) -> TraineeRow:
    allowed = trainee_next_statuses(trainee)
    return TraineeRow(
        trainee=trainee,
        may_select=TraineeStatus.SELECTED in allowed,
        may_complete=TraineeStatus.COMPLETED in allowed,
        may_drop=TraineeStatus.DROPPED in allowed,
        seated=trainee.status in SEATED_STATUSES,
    )


def _cohort_page(
    request: SignedInRequest,
    cohort: Cohort,
    add_form: TraineeAddForm | None = None,
    import_problems: list[str] | None = None,
) -> HttpResponse:
    trainees = list(talent.cohort_trainees(cohort))
    rows = [_row(t) for t in trainees]
    return render(
        request,
        "programs/talent/cohort_detail.html",
        {
            "cohort": cohort,
            "figures": talent.cohort_figures(cohort),
            "rows": rows,
            "placements": [p for t in trainees for p in t.placements.all()],
            "add_form": add_form or TraineeAddForm(),
            "import_form": TraineeImportForm(),
            "import_problems": import_problems or [],
            "today": today(),
        },
        status=400 if (add_form is not None and add_form.errors) or import_problems else 200,
    )


@require("program.manage")
def cohort_detail(request: SignedInRequest, cohort_id: int) -> HttpResponse:
    """A cohort: its figures, trainees with the moves open to each, and where they were placed."""
    cohort = get_object_or_404(Cohort.objects.select_related("operator", "program"), pk=cohort_id)
    return _cohort_page(request, cohort)


@require("program.manage")
@require_POST
def trainee_add(request: SignedInRequest, cohort_id: int) -> HttpResponse:
    cohort = get_object_or_404(Cohort.objects.select_related("operator", "program"), pk=cohort_id)
    form = TraineeAddForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            trainee = services.trainee_add(
                cohort=cohort,
                name=data["name"],
                contact=data["contact"],
                applied_on=data["applied_on"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("지원자 %s을(를) 추가했습니다.") % trainee.name)
            return HttpResponseRedirect(_cohort_url(cohort.id) + "#trainees")
    return _cohort_page(request, cohort, add_form=form)


@require("program.manage")
@require_POST
def trainee_import(request: SignedInRequest, cohort_id: int) -> HttpResponse:
    """Add applicants from a CSV or XLSX file: all rows or none, each problem shown with its row."""
    cohort = get_object_or_404(Cohort.objects.select_related("operator", "program"), pk=cohort_id)
    form = TraineeImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _cohort_page(request, cohort, import_problems=[form_error_text(form)])
    upload = form.cleaned_data["file"]
    try:
        added = trainees_import(cohort=cohort, filename=upload.name, data=upload.read(), actor=request.user)
    except TraineeImportRejected as rejected:
        return _cohort_page(request, cohort, import_problems=rejected.lines)
    messages.success(request, _("지원자 %(n)s명을 가져왔습니다.") % {"n": len(added)})
    return HttpResponseRedirect(_cohort_url(cohort.id) + "#trainees")


def _trainee(trainee_id: int) -> Trainee:
    return get_object_or_404(Trainee.objects.select_related("cohort"), pk=trainee_id)


def _after(request: SignedInRequest, trainee: Trainee, done: str, call: Any) -> HttpResponse:
    try:
        call()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, done)
    return HttpResponseRedirect(_cohort_url(trainee.cohort_id) + f"#trainee-{trainee.id}")


@require("program.manage")
@require_POST
def trainee_select(request: SignedInRequest, trainee_id: int) -> HttpResponse:
    trainee = _trainee(trainee_id)
    form = DateForm(request.POST)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    return _after(
        request,
        trainee,
        _("%s 교육생을 선발했습니다.") % trainee.name,
        lambda: services.trainee_select(trainee=trainee, actor=request.user, on=on),
    )


@require("program.manage")
@require_POST
def trainee_complete(request: SignedInRequest, trainee_id: int) -> HttpResponse:
    trainee = _trainee(trainee_id)
    form = DateForm(request.POST)
    on = form.cleaned_data.get("on") if form.is_valid() else None
    return _after(
        request,
        trainee,
        _("%s 교육생의 수료를 기록했습니다.") % trainee.name,
        lambda: services.trainee_complete(trainee=trainee, actor=request.user, on=on),
    )


@require("program.manage")
@require_POST
def trainee_attendance(request: SignedInRequest, trainee_id: int) -> HttpResponse:
    trainee = _trainee(trainee_id)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_error_text(form))
        return HttpResponseRedirect(_cohort_url(trainee.cohort_id) + f"#trainee-{trainee.id}")
    return _after(
        request,
        trainee,
        _("%s 교육생의 출석률을 기록했습니다.") % trainee.name,
        lambda: services.trainee_attendance(
            trainee=trainee, rate=form.cleaned_data["attendance_rate"], actor=request.user
        ),
    )


@require("program.manage")
@require_POST
def trainee_drop(request: SignedInRequest, trainee_id: int) -> HttpResponse:
    trainee = _trainee(trainee_id)
    form = DropForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _after(
        request,
        trainee,
        _("%s 교육생을 중도 포기로 기록했습니다.") % trainee.name,
        lambda: services.trainee_drop(trainee=trainee, reason=reason, actor=request.user),
    )


@require("program.manage")
def placement_create(request: SignedInRequest, trainee_id: int) -> HttpResponse:
    """Record which firm hired or hosted a trainee, offering the open talent needs."""
    trainee = _trainee(trainee_id)
    form = PlacementForm(request.POST or None, initial={"starts_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.placement_record(
                trainee=trainee,
                organisation=data["organisation"],
                need=data["need"],
                kind=data["kind"],
                starts_on=data["starts_on"],
                note=data["note"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s → %(org)s %(kind)s을(를) 기록했습니다.")
                % {
                    "name": trainee.name,
                    "org": placement.organisation.name,
                    "kind": placement.get_kind_display(),
                },
            )
            return HttpResponseRedirect(_cohort_url(trainee.cohort_id) + "#placements")
    return render(
        request,
        "programs/talent/placement_form.html",
        {"form": form, "trainee": trainee, "placements": trainee.placements.select_related("organisation")},
    )


@require("program.manage")
def need_list(request: SignedInRequest) -> HttpResponse:
    """Firms' talent needs: filter, search, export; post a new one; close one."""
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            need = services.need_post(
                organisation=data["organisation"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                count=data["count"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(org)s의 인재 수요 '%(title)s'을(를) 등록했습니다.")
                % {
                    "org": need.organisation.name,
                    "title": need.title,
                },
            )
            return HttpResponseRedirect(reverse("programs:talent_need_list"))
    filters = NeedFilterForm(request.GET)
    response = listing.list_page(
        request,
        talent.need_list(**filters.values()),
        search_fields=("title", "description", "organisation__name"),
        sorts=NEED_SORTS,
        default_sort="-posted",
        template="programs/talent/need_list.html",
        export=_need_export,
        context={"filters": filters, "form": form},
    )
    if request.method == "POST":
        response.status_code = 400
    return response


def _need_export(qs: QuerySet[TalentNeed]) -> HttpResponse:
    headers = [_("번호"), _("기업"), _("구분"), _("제목"), _("인원"), _("등록일"), _("상태"), _("배치")]
    rows = (
        [
            n.id,
            n.organisation.name,
            n.get_kind_display(),
            n.title,
            n.count,
            n.posted_on.isoformat(),
            _("모집 중") if n.is_open else _("마감"),
            getattr(n, "placement_count", 0),
        ]
        for n in qs
    )
    return xlsx_response("sori-talent-needs.xlsx", _("인재 수요"), headers, rows)


@require("program.manage")
@require_POST
def need_close(request: SignedInRequest, need_id: int) -> HttpResponse:
    need = get_object_or_404(TalentNeed, pk=need_id)
    try:
        services.need_close(need=need, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("'%s' 수요를 마감했습니다.") % need.title)
    return HttpResponseRedirect(reverse("programs:talent_need_list"))
