"""Usage from the scheduler: all lines or none, no double counting, sacctmgr export."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sori.programs.models import UsageEntry

HEADER = "JobID|JobName|Account|User|Partition|AllocTRES|Elapsed|Start|End|State|ExitCode"


def _sacct(account: str, start: str, extra: str = "") -> bytes:
    lines = [
        HEADER,
        f"5001|ft|{account}|kimjh|h100|billing=8,cpu=8,gres/gpu:h100=4,gres/gpu=4,node=1|10:00:00|{start}T09:00:00|{start}T19:00:00|COMPLETED|0:0",
        f"5001.batch|batch|{account}||h100|cpu=8,gres/gpu:h100=4,gres/gpu=4,node=1|10:00:00|{start}T09:00:00|{start}T19:00:00|COMPLETED|0:0",
        f"5002|eval|{account}|kimjh|h100|cpu=8,gres/gpu=2,node=1|05:00:00|{start}T20:00:00|{start}T23:00:00|COMPLETED|0:0",
    ]
    return ("\n".join(lines) + "\n" + extra).encode()


def _upload(client, program_id, data: bytes, fmt: str = "sacct", name: str = "march.txt"):
    return client.post(
        reverse("programs:usage_upload", args=[program_id]),
        {"file": SimpleUploadedFile(name, data), "format": fmt},
        follow=True,
    )


def test_sacct_import_applies_and_reimport_does_not_double_count(login, staff, company, award_for):
    # given an award with a Slurm account
    award = award_for(company)
    day = award.start_month.replace(day=3).isoformat()
    client = login(staff)
    # when its sacct output is uploaded twice
    first = _upload(client, award.call.program_id, _sacct(award.slurm_account, day))
    second = _upload(client, award.call.program_id, _sacct(award.slurm_account, day))
    # then 4 GPUs × 10 h + 2 × 5 h = 50 GPU-hours are in the ledger once, steps not counted
    assert "새 작업 2건" in first.content.decode()
    assert "이미 반영된 작업 2건" in second.content.decode()
    assert UsageEntry.objects.count() == 2
    assert sum(e.gpu_seconds for e in UsageEntry.objects.all()) == 50 * 3600
    page = client.get(reverse("programs:award_detail", args=[award.id])).content.decode()
    assert "<svg" in page and "예산 소진 현황" in page


def test_unknown_account_or_malformed_line_applies_nothing(login, staff, company, award_for):
    award = award_for(company)
    day = award.start_month.replace(day=3).isoformat()
    bad = (
        f"5003|x|nobody_here|lee|h100|gres/gpu=1|01:00:00|{day}T09:00:00|{day}T10:00:00|COMPLETED|0:0\n"
        "5004|broken|line"
    )
    response = _upload(login(staff), award.call.program_id, _sacct(award.slurm_account, day, bad))
    body = response.content.decode()
    assert response.status_code == 400
    assert "아무 것도 반영하지 않았습니다" in body
    assert "nobody_here" in body and "연결된 협약이 이 사업에 없습니다" in body
    assert "5004|broken|line" in body
    assert not UsageEntry.objects.exists()


def test_csv_import_is_idempotent_without_job_ids(login, staff, company, award_for):
    award = award_for(company)
    day = award.start_month.replace(day=5).isoformat()
    csv = f"account,user,start,end,gpus\n{award.slurm_account},kimjh,{day}T09:00,{day}T11:00,2\n".encode(
        "cp949"
    )
    client = login(staff)
    _upload(client, award.call.program_id, csv, "csv", "usage.csv")
    _upload(client, award.call.program_id, csv, "csv", "usage.csv")
    assert UsageEntry.objects.count() == 1
    assert UsageEntry.objects.get().gpu_hours == 4


def test_sacctmgr_export_lists_each_award_with_its_gpu_minutes(
    login, staff, company, other_company, award_for
):
    a = award_for(company, amount=4, title="과제 가")
    b = award_for(other_company, amount=2, title="과제 나")
    response = login(staff).get(reverse("programs:sacctmgr_export", args=[a.call.program_id]))
    text = response.content.decode()
    assert response["Content-Disposition"].startswith("attachment")
    assert f"sacctmgr -i add account {a.slurm_account} Cluster=gjaidc" in text
    # 4 units × 12 months × 43,200 min, 25% held back until the progress report
    assert f"set GrpTRESMins=gres/gpu:h100={int(4 * 12 * 43200 * 0.75)}" in text
    assert b.slurm_account in text


def test_usage_upload_is_staff_only(login, company_user, company, award_for):
    award = award_for(company)
    response = _upload(login(company_user), award.call.program_id, b"x")
    assert response.status_code == 403


def _job(job: str, account: str, day: str, hours: int) -> str:
    return (
        f"{job}|train|{account}|kimjh|h100|cpu=8,gres/gpu:h100=1,gres/gpu=1,node=1|{hours:02d}:00:00|"
        f"{day}T00:00:00|{day}T{hours:02d}:00:00|COMPLETED|0:0"
    )


def test_usage_dated_outside_the_term_is_kept_apart_until_staff_decide(login, staff, company, award_for):
    from sori.programs.months import add_months
    from sori.programs.selectors import award_page
    from sori.programs.views.common import today

    # given an award and a file with one job in its term and two dated the month before it started
    award = award_for(company)
    inside = award.start_month.replace(day=3).isoformat()
    before = add_months(award.start_month, -1).replace(day=3).isoformat()
    account = award.slurm_account
    data = "\n".join(
        [
            HEADER,
            _job("7001", account, inside, 10),
            _job("7002", account, before, 20),
            _job("7003", account, before, 5),
        ]
    )
    client = login(staff)
    # when it is uploaded
    body = _upload(client, award.call.program_id, data.encode() + b"\n").content.decode()
    # then the import says how many were kept apart, and only the job in the term counts
    assert "새 작업 1건(10.0 GPU시간)" in body and "협약 기간 밖의 날짜로 들어온 작업 2건" in body
    assert {e.job_id: e.review for e in UsageEntry.objects.all()} == {
        "7001": "counted",
        "7002": "flagged",
        "7003": "flagged",
    }
    assert award_page(award, today()).used_hours == 10
    page = client.get(reverse("programs:award_detail", args=[award.id])).content.decode()
    assert "협약 기간 밖 사용" in page and "7002" in page and "기간 밖 확인 대기" in page
    # when staff accept one and reject the other
    early, late = UsageEntry.objects.get(job_id="7002"), UsageEntry.objects.get(job_id="7003")
    client.post(
        reverse("programs:usage_review", args=[early.id]), {"decision": "accept", "reason": "조기 개통"}
    )
    client.post(reverse("programs:usage_review", args=[late.id]), {"decision": "reject"})
    # then the accepted job counts in the term's first month, the rejected one never
    assert award_page(award, today()).used_hours == 30
    assert award_page(award, today()).rows[0].used == 30
    # and importing the same file again brings neither back
    _upload(client, award.call.program_id, data.encode() + b"\n")
    assert UsageEntry.objects.get(job_id="7003").review == "rejected"
    assert award_page(award, today()).used_hours == 30
    # and a decided job cannot be decided again
    response = client.post(
        reverse("programs:usage_review", args=[late.id]), {"decision": "accept"}, follow=True
    )
    assert "제외&#x27; 상태입니다. 다시 정할 것이 없습니다" in response.content.decode()


def test_a_binary_file_is_refused_in_korean_and_nothing_applied(login, staff, company, award_for):
    award = award_for(company)
    response = _upload(
        login(staff), award.call.program_id, bytes(range(256)) * 40, fmt="csv", name="usage.csv"
    )
    assert response.status_code == 200  # back on the programme's page with the reason, not a server error
    assert "텍스트 파일이 아닙니다" in response.content.decode()
    assert UsageEntry.objects.count() == 0
