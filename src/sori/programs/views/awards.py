"""An award's page: burn-down, low use and reclaim, tranches, Slurm account, follow-ups on the short track."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sori.core.charts import line_chart
from sori.core.forms import form_error_text, new_key
from sori.core.permissions import SignedInRequest, require
from sori.core.roles import can
from sori.programs import selectors, services
from sori.programs.forms import (
    DecideForm,
    FollowUpForm,
    ProgressForm,
    ReclaimForm,
    ShortReviewForm,
    SlurmForm,
    UsageReviewForm,
)
from sori.programs.models import Application, Award, UsageEntry
from sori.programs.months import month_label
from sori.programs.views.common import check_owner, error_text, require_any, today


def _award(award_id: int) -> Award:
    return get_object_or_404(
        Award.objects.select_related("call__program", "organisation", "application"), pk=award_id
    )


@require_any("program.manage", "program.apply")
def award_detail(request: SignedInRequest, award_id: int) -> HttpResponse:
    award = _award(award_id)
    check_owner(request, award.organisation_id)
    page = selectors.award_page(award, today())
    chart = line_chart(
        [month_label(r.month) for r in page.rows],
        [
            (_("배정 누계(GPU시간)"), [r.allotted_total for r in page.rows]),
            (_("사용 누계(GPU시간)"), [r.used_total for r in page.rows]),
        ],
        title=_("예산 소진 현황"),
        dashed=(True, False),
    )
    staff = can(request.user, "program.manage")
    return render(
        request,
        "programs/award_detail.html",
        {
            "award": award,
            "p": page,
            "chart": chart,
            "staff": staff,
            "reclaim": ReclaimForm(),
            "slurm": SlurmForm(initial={"account": award.slurm_account, "users": award.slurm_users}),
            "progress": ProgressForm(),
            "follow_up": FollowUpForm(
                initial={"submission_key": new_key(), "months": award.call.term_months}
            ),
        },
    )


def _back(award: Award) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("programs:award_detail", args=[award.id]))


def _run(request: HttpRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success)


@require("program.manage")
def award_reclaim(request: SignedInRequest, award_id: int) -> HttpResponse:
    award = _award(award_id)
    form = ReclaimForm(request.POST)
    if request.method == "POST" and form.is_valid():
        _run(
            request,
            lambda: services.award_reclaim(
                award=award,
                keep=form.cleaned_data["keep"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            ),
            _("회수했습니다. 돌려받은 용량은 다음 선정과 연장 심사에 쓰입니다."),
        )
    elif request.method == "POST":
        messages.error(request, form_error_text(form))
    return _back(award)


@require("program.manage")
def award_tranche(request: SignedInRequest, award_id: int) -> HttpResponse:
    award = _award(award_id)
    if request.method == "POST":
        _run(
            request,
            lambda: services.tranche_release(award=award, actor=request.user),
            _("2차분을 배정했습니다."),
        )
    return _back(award)


@require("program.manage")
def award_slurm(request: SignedInRequest, award_id: int) -> HttpResponse:
    award = _award(award_id)
    form = SlurmForm(request.POST)
    if request.method == "POST" and form.is_valid():
        _run(
            request,
            lambda: services.award_set_slurm(
                award=award,
                account=form.cleaned_data["account"],
                users=form.cleaned_data["users"],
                actor=request.user,
            ),
            _("Slurm 계정을 저장했습니다."),
        )
    return _back(award)


@require_any("program.manage", "program.apply")
def award_progress(request: SignedInRequest, award_id: int) -> HttpResponse:
    award = _award(award_id)
    check_owner(request, award.organisation_id)
    form = ProgressForm(request.POST)
    if request.method == "POST" and form.is_valid():
        _run(
            request,
            lambda: services.progress_report_submit(
                award=award, text=form.cleaned_data["text"], actor=request.user
            ),
            _("중간 보고를 제출했습니다."),
        )
    return _back(award)


@require_any("program.manage", "program.apply")
def follow_up_create(request: SignedInRequest, award_id: int) -> HttpResponse:
    """Ask for a renewal, extension or supplement of an award (short track, no re-selection)."""
    award = _award(award_id)
    check_owner(request, award.organisation_id)
    form = FollowUpForm(request.POST)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app = services.follow_up_submit(
                award=award,
                actor=request.user,
                submission_key=data.pop("submission_key") or None,
                **data,
            )
        except ValidationError as error:
            messages.error(request, error_text(error) + " " + _("신청하지 않았습니다."))
        else:
            messages.success(
                request,
                _("%s 신청을 접수했습니다. 간이 평가 후 결과를 알려 드립니다.")
                % app.get_request_type_display(),
            )
            return HttpResponseRedirect(reverse("programs:application_detail", args=[app.id]))
    elif request.method == "POST":
        messages.error(request, form_error_text(form))
    return _back(award)


@require("program.review")
def short_review(request: SignedInRequest, application_id: int) -> HttpResponse:
    """The short track: one reviewer scores usage and outcomes; staff then decide."""
    app = get_object_or_404(
        Application.objects.select_related("award__call", "organisation", "call"), pk=application_id
    )
    if not app.short_track:
        return HttpResponseRedirect(reverse("programs:application_detail", args=[app.id]))
    review_form = ShortReviewForm(initial={"recommended_amount": app.amount})
    decide_form = DecideForm(initial={"amount": app.recommended_amount or app.amount})
    if request.method == "POST":
        if request.POST.get("action") == "decide":
            decide_form = DecideForm(request.POST)
            if decide_form.is_valid() and can(request.user, "program.manage"):
                d = decide_form.cleaned_data
                _run(
                    request,
                    lambda: services.follow_up_decide(
                        application=app,
                        actor=request.user,
                        approve=d["approve"],
                        amount=d["amount"],
                        reason=d["reason"],
                        exception_reason=d["exception_reason"],
                    ),
                    _("결정을 저장했습니다."),
                )
                return HttpResponseRedirect(reverse("programs:short_review", args=[app.id]))
        else:
            review_form = ShortReviewForm(request.POST)
            if review_form.is_valid():
                _run(
                    request,
                    lambda: services.short_review_submit(
                        application=app, actor=request.user, **review_form.cleaned_data
                    ),
                    _("간이 평가를 저장했습니다."),
                )
                return HttpResponseRedirect(reverse("programs:short_review", args=[app.id]))
    award_page = selectors.award_page(app.award, today()) if app.award else None
    checks = award_page.rule_checks.get(app.id, []) if award_page else []
    return render(
        request,
        "programs/short_review.html",
        {
            "app": app,
            "award": app.award,
            "p": award_page,
            "review_form": review_form,
            "decide_form": decide_form,
            "reviews": list(app.short_reviews.select_related("reviewer")),
            "checks": checks,
        },
    )


@require("program.manage")
def usage_review(request: SignedInRequest, entry_id: int) -> HttpResponse:
    """Accept (count) or reject (drop) a job dated outside its award's term."""
    entry = get_object_or_404(UsageEntry.objects.select_related("award"), pk=entry_id)
    form = UsageReviewForm(request.POST)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "accept"
        _run(
            request,
            lambda: services.usage_entry_review(
                entry=entry, accept=accept, reason=form.cleaned_data["reason"], actor=request.user
            ),
            (_("작업 %s을(를) 사용량에 넣었습니다.") if accept else _("작업 %s을(를) 사용량에서 뺐습니다."))
            % entry.job_id,
        )
    elif request.method == "POST":
        messages.error(request, form_error_text(form))
    return HttpResponseRedirect(reverse("programs:award_detail", args=[entry.award_id]) + "#outside")
