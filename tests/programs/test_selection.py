"""Selection with the optimiser: explanations stored, greedy beside it, overrides with reasons, confirming."""

from __future__ import annotations

from django.urls import reverse

from sori.core.models import AuditRecord
from sori.programs import services
from sori.programs.models import Application, ApplicationStatus, Award, RunStatus, SelectionRun


def _three(apply, scored, company, other_company):
    # H100 capacity is 8 per month: two 4-unit requests fit, the third does not
    a = scored(apply(company, title="과제 A", amount=4), 90)
    b = scored(apply(other_company, title="과제 B", amount=4), 80)
    c = scored(apply(other_company, title="과제 C", amount=4, min_amount=None), 70)
    return a, b, c


def test_selection_stores_result_and_reasons_in_korean(
    login, staff, call, apply, scored, company, other_company, django_capture_on_commit_callbacks
):
    # given three scored applications competing for 8 H100 per month
    _a, _b, c = _three(apply, scored, company, other_company)
    client = login(staff)
    # when staff run the selection (the task runs in-process once the request commits)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programs:run_request", args=[call.id]))
    run = SelectionRun.objects.get()
    # then the run is solved and each application shows its rank and why
    assert run.status == RunStatus.DONE and run.solver_status == "OPTIMAL"
    assert run.objective is not None and run.baseline_objective is not None
    line_c = run.lines.get(application=c)
    assert line_c.optimised == 0 and line_c.rank == 3
    assert any("H100 용량이 모두 찼습니다" in r["text"] for r in line_c.reasons)
    page = client.get(response["Location"]).content.decode()
    assert "점수순 배정(비교)" in page
    assert "H100 용량이 모두 찼습니다" in page
    assert "신청량 전부 배정(점수 1위)" in page


def test_run_is_refused_while_an_application_has_no_counted_review(
    login, staff, call, apply, scored, company, other_company, reviewer, reviewer2
):
    # given one application whose only reviewer declared a conflict
    scored(apply(company, title="과제 A"), 90)
    app = apply(other_company, title="과제 B")
    review = services.review_assign(application=app, reviewer=reviewer2, actor=staff)
    services.review_declare_conflict(review=review, reason="가족 회사", actor=reviewer2)
    # when staff run the selection
    response = login(staff).post(reverse("programs:run_request", args=[call.id]), follow=True)
    # then nothing runs and the message says what to do
    assert "집계되는 평가가 없습니다" in response.content.decode()
    assert not SelectionRun.objects.exists()


def test_override_needs_a_reason_is_audited_and_cannot_exceed_capacity(
    login, staff, call, apply, scored, company, other_company
):
    _a, b, c = _three(apply, scored, company, other_company)
    run = services.selection_execute(run_id=services.selection_request(call=call, actor=staff).id)
    line_c = run.lines.get(application=c)
    client = login(staff)
    # over capacity: refused, nothing changed
    response = client.post(
        reverse("programs:line_override", args=[line_c.id]), {"final": 4, "reason": "지역 우선"}, follow=True
    )
    assert "용량이 모자랍니다" in response.content.decode()
    line_c.refresh_from_db()
    assert line_c.final == 0
    # lower B, then give C its share: accepted with the reason recorded
    line_b = run.lines.get(application=b)
    client.post(reverse("programs:line_override", args=[line_b.id]), {"final": 0, "reason": "중복 지원 확인"})
    response = client.post(
        reverse("programs:line_override", args=[line_c.id]),
        {"final": 4, "reason": "위원회 결정"},
        follow=True,
    )
    line_c.refresh_from_db()
    assert line_c.final == 4 and line_c.override_reason == "위원회 결정"
    assert "위원회 결정" in response.content.decode()
    assert AuditRecord.objects.filter(action="selection.override").count() == 2


def test_confirm_creates_awards_once_and_marks_applications(
    login, staff, call, apply, scored, company, other_company
):
    a, _b, c = _three(apply, scored, company, other_company)
    run = services.selection_execute(run_id=services.selection_request(call=call, actor=staff).id)
    client = login(staff)
    client.post(reverse("programs:run_confirm", args=[run.id]))
    assert Award.objects.count() == 2
    assert Application.objects.get(pk=c.pk).status == ApplicationStatus.NOT_SELECTED
    assert Application.objects.get(pk=a.pk).awarded_amount == 4
    award = Award.objects.get(application=a)
    assert award.slurm_account == f"sori_c{call.id}a{a.id}"
    # a second confirmation changes nothing
    response = client.post(reverse("programs:run_confirm", args=[run.id]), follow=True)
    assert "확정하지 않았습니다" in response.content.decode()
    assert Award.objects.count() == 2


def test_new_run_sees_capacity_held_by_existing_awards(staff, call, apply, scored, company, other_company):
    from tests.programs.helpers import run_and_confirm

    scored(apply(company, title="과제 A", amount=8), 90)
    run_and_confirm(call, staff)
    late = scored(apply(other_company, title="과제 B", amount=2), 95)
    run = services.selection_execute(run_id=services.selection_request(call=call, actor=staff).id)
    assert run.lines.get(application=late).optimised == 0


def test_the_explanation_export_gives_each_line_its_reason_with_the_pool_and_the_method(
    login, staff, call, apply, scored, company, other_company
):
    import io

    from openpyxl import load_workbook

    # given a run where the third request finds the H100 pool full
    _three(apply, scored, company, other_company)
    run = services.selection_execute(run_id=services.selection_request(call=call, actor=staff).id)
    pool = run.call.capacities.get(resource="H100").pool.name
    # when staff download the explanation
    response = login(staff).get(reverse("programs:run_detail", args=[run.id]), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    # then each line is there with what bound it, naming the pool, the months and the figures
    by_title = {row[2]: row for row in rows[1:] if row and row[2]}
    reason = by_title["과제 C"][10]
    assert f"'{pool}' 풀의 H100 용량이 모두 찼습니다(남은 0장, 필요 4장)" in reason
    assert by_title["과제 A"][10] == "신청량 전부 배정(점수 1위)"
    # and the method used to find the reasons closes the sheet
    method = [row[2] for row in rows if row and row[1] == "이유를 찾은 방법"]
    assert method and "lifted for that line alone" in method[0]


def test_a_finished_run_is_left_alone_when_its_task_comes_again(call, apply, scored, company, staff):
    from sori.programs import services as programs

    scored(apply(company), 80)
    run = programs.selection_execute(run_id=programs.selection_request(call=call, actor=staff).id)
    lines = list(run.lines.values_list("id", flat=True))
    again = programs.selection_execute(run_id=run.id)
    assert again.status == run.status and list(again.lines.values_list("id", flat=True)) == lines
