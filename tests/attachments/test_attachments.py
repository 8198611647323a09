"""Attachments: a meeting's slides, a department's document, a company's written proposal, an answer's notice.

Each file is shown to exactly those who may see what it belongs to; files of an answer marked public reach the
public tracker only once the answer is released there. A refused file keeps nothing.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from sori.attachments.models import Attachment
from sori.attachments.selectors import attachments_of, public_attachments_of
from sori.attachments.services import attachment_add, attachment_remove
from sori.core.models import AuditRecord
from sori.core.roles import Role
from sori.policy.approval_services import answer_approve, answer_draft_save, answer_submit, approval_rule_set
from sori.policy.models import AnswerDraft, Disposition, ReasonCode
from sori.policy.services import disposition_decide
from sori.registry.models import Organisation, OrganisationKind
from sori.voices import services as voices
from sori.voices.models import Demand
from sori.voices.outcomes import Outcome

from ..documents.pdf_files import blank_pdf

ANSWER = {
    "outcome": Outcome.UNDER_REVIEW,
    "reason_code": ReasonCode.BUDGET,
    "reason": "내년 본예산에 GPU 임차 예산을 요구하겠습니다.",
    "limits": "올해 추경에는 반영할 수 없습니다.",
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _upload(client: Client, owner: Any, name: str, data: bytes, **extra: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("attachments:add", args=[owner._meta.label_lower, owner.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data), **extra}, follow=True)


@pytest.fixture
def demand(staff: User, meeting: Any, proposer: Any, department: Organisation) -> Demand:
    proposal = voices.proposal_record(
        text="GPU 사용기간을 12개월로 늘려 주세요", actor=staff, person=proposer, engagement=meeting
    )
    demand = voices.demand_create(title="GPU 12개월", proposal_ids=[proposal.id], actor=staff)
    return voices.demand_assign(demand=demand, department=department, actor=staff)


def test_meeting_slides_are_uploaded_listed_downloaded_and_audited(
    login: Callable[[User], Client], staff: User, meeting: Any, _media: Path
) -> None:
    client = login(staff)
    pdf = blank_pdf()
    # when: staff attach the presenter's slides on the meeting page
    page = _upload(client, meeting, "발제자료(광주AI센터).pdf", pdf)
    # then: the page says so and lists the file with its kind and size
    text = _text(page)
    assert "'발제자료(광주AI센터).pdf'을(를) 첨부했습니다." in text
    assert "발제자료(광주AI센터).pdf" in text and "PDF" in text
    (attachment,) = attachments_of(meeting)
    assert attachment.size == len(pdf) and attachment.kind == "pdf"
    # and: the file downloads as sent, shown in the browser with nothing able to run
    response = client.get(reverse("attachments:download", args=[attachment.id, attachment.name]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # a PDF opens in the browser's viewer, which Chrome will not start in a sandbox; other kinds are sandboxed
    assert "Content-Security-Policy" not in response
    sheet = attachment_add(
        owner=meeting, name="참석자.csv", data="기관,이름\n광주AI,김\n".encode(), actor=staff
    )
    response = client.get(reverse("attachments:download", args=[sheet.id, sheet.name]))
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("attachment")
    # and: the meeting's trail records who attached what
    record = AuditRecord.objects.filter(action="attachment.add").earliest("at")
    assert record.actor_id == staff.id and record.summary == "발제자료(광주AI센터).pdf"
    assert len(_stored(_media)) == 2  # the slides and the list of attendees


def test_meeting_files_stay_inside_the_office(
    login: Callable[[User], Client], staff: User, officer: User, company_user: User, meeting: Any
) -> None:
    attachment = attachment_add(owner=meeting, name="참석자 명단.pdf", data=blank_pdf(), actor=staff)
    url = reverse("attachments:download", args=[attachment.id, attachment.name])
    # anonymous readers are sent to sign in, and get the file nowhere else
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and reverse("login") in anonymous["Location"]
    # a company's account and a department officer (who do not run meetings) are refused
    assert login(company_user).get(url).status_code == 403
    assert login(officer).get(url).status_code == 403
    # and: a meeting's files can never be made public
    with pytest.raises(ValidationError):
        attachment_add(owner=meeting, name="공개.pdf", data=blank_pdf(), actor=staff, public=True)


def test_a_refused_file_says_what_to_send_and_keeps_nothing(
    login: Callable[[User], Client], staff: User, meeting: Any, settings: Any, _media: Path
) -> None:
    settings.SORI_ATTACHMENT_MAX_MB = 1
    client = login(staff)
    # a program, whatever its name says
    page = _upload(client, meeting, "발제자료.pdf", b"MZ\x90\x00" + b"\0" * 200)
    assert "아무 것도 저장되지 않았습니다." in _text(page)
    # a file over the limit
    big = blank_pdf() + b"\0" * (1024 * 1024 + 10)
    page = _upload(client, meeting, "큰 자료.pdf", big)
    text = _text(page)
    assert "파일이 1.0 MB로 너무 큽니다. 1 MB 이하로 나누어 올려 주세요." in text
    assert "아무 것도 저장되지 않았습니다." in text
    assert not Attachment.objects.exists()
    assert _stored(_media) == []


def test_the_same_file_twice_is_stored_once_and_removed_with_its_last_use(
    staff: User, meeting: Any, demand: Demand, _media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    pdf = blank_pdf()
    first = attachment_add(owner=meeting, name="발제자료.pdf", data=pdf, actor=staff)
    second = attachment_add(owner=demand, name="근거자료.pdf", data=pdf, actor=staff)
    assert first.file.name == second.file.name and len(_stored(_media)) == 1
    # removing one use keeps the bytes for the other; removing the last frees them
    with pytest.raises(Exception):  # noqa: B017 - a refusal of any kind; the file must stay
        attachment_remove(attachment=first, actor=User.objects.create_user("nobody"))
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=first, actor=staff)
    assert len(_stored(_media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=second, actor=staff)
    assert _stored(_media) == []
    assert AuditRecord.objects.filter(action="attachment.remove").count() == 2


def test_names_lose_folders_and_control_characters(staff: User, meeting: Any) -> None:
    name = "..\\..\\etc/발제\x00자료.pdf"
    attachment = attachment_add(owner=meeting, name=name, data=blank_pdf(), actor=staff)
    assert attachment.name == "발제 자료.pdf"


def test_demand_files_follow_the_demand(
    login: Callable[[User], Client],
    officer: User,
    other_officer: User,
    company_user: User,
    demand: Demand,
) -> None:
    # the assigned department's officer adds a supporting document on the demand page
    attachment = attachment_add(owner=demand, name="검토보고서.pdf", data=blank_pdf(), actor=officer)
    url = reverse("attachments:download", args=[attachment.id, attachment.name])
    page = login(officer).get(reverse("voices:demand_detail", args=[demand.id])).content.decode()
    assert "검토보고서.pdf" in page
    assert login(officer).get(url).status_code == 200
    # another department's officer may neither see nor add
    assert login(other_officer).get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        attachment_add(owner=demand, name="다른부서.pdf", data=blank_pdf(), actor=other_officer)
    assert login(company_user).get(url).status_code == 403


def test_an_answers_files_go_public_only_with_the_published_answer(
    login: Callable[[User], Client],
    staff: User,
    officer: User,
    make_user: Callable[..., User],
    department: Organisation,
    demand: Demand,
) -> None:
    head = make_user("park.head", Role.OFFICER, department)
    approval_rule_set(department=department, actor=staff, approver=head)
    # given: the officer drafts the answer and attaches the department's notice, marked public, and a memo
    draft = answer_draft_save(demand=demand, actor=officer, **ANSWER)
    notice = attachment_add(owner=draft, name="공고문.pdf", data=blank_pdf(), actor=officer, public=True)
    memo = attachment_add(owner=draft, name="내부검토.pdf", data=blank_pdf() + b"%memo", actor=officer)
    notice_url = reverse("attachments:download", args=[notice.id, notice.name])
    # the head who approves sees the draft's files; the public does not
    assert login(head).get(notice_url).status_code == 200
    assert Client().get(notice_url).status_code == 302
    # when: the answer is submitted and approved
    answer_submit(demand=demand, actor=officer, **ANSWER)
    disposition = answer_approve(draft=AnswerDraft.objects.get(demand=demand), actor=head)
    # then: the files belong to the answer
    assert {a.name for a in attachments_of(disposition)} == {"공고문.pdf", "내부검토.pdf"}
    # but: not public until the demand is published on the tracker
    assert public_attachments_of(disposition) == []
    assert Client().get(notice_url).status_code == 302
    voices.demand_publish(demand=demand, published=True, actor=staff)
    released = Disposition.objects.get(id=disposition.id)
    assert [a.name for a in public_attachments_of(released)] == ["공고문.pdf"]
    tracker = Client().get(reverse("public:demand", args=[demand.id])).content.decode()
    assert "공고문.pdf" in tracker and "내부검토.pdf" not in tracker
    assert Client().get(notice_url).status_code == 200
    memo_url = reverse("attachments:download", args=[memo.id, memo.name])
    assert Client().get(memo_url).status_code == 302


def test_an_answer_saved_directly_takes_its_drafts_files(staff: User, demand: Demand) -> None:
    draft = answer_draft_save(demand=demand, actor=staff, **ANSWER)
    attachment_add(owner=draft, name="검토의견.hwpx", data=_hwpx(), actor=staff)
    disposition = disposition_decide(demand=demand, actor=staff, **ANSWER)
    assert [a.name for a in attachments_of(disposition)] == ["검토의견.hwpx"]
    assert not AnswerDraft.objects.filter(demand=demand).exists()


def _hwpx() -> bytes:
    from sori.minutes.samples import to_hwpx

    return to_hwpx(["GPU 사용기간 연장 검토 의견"])


def test_a_company_sends_its_written_proposal_and_only_it_may_read_it(
    login: Callable[[User], Client], company_user: User, make_user: Callable[..., User], staff: User
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(company_user)
    form = {
        "name": "조춘호",
        "consent": "on",
        "text": "AI 실증 공간을 상시 개방해 주세요. 장비 예약이 어렵습니다.",
        "file": SimpleUploadedFile("건의서.pdf", blank_pdf()),
    }
    response = client.post(reverse("public:propose"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    (attachment,) = Attachment.objects.all()
    assert attachment.name == "건의서.pdf" and attachment.uploaded_by_id == company_user.id
    url = reverse("attachments:download", args=[attachment.id, attachment.name])
    assert client.get(url).status_code == 200
    assert login(staff).get(url).status_code == 200
    rival = Organisation.objects.create(name="㈜다른회사", kind=OrganisationKind.COMPANY)
    assert login(make_user("rival", Role.COMPANY, rival)).get(url).status_code == 403


def test_a_company_proposal_with_a_refused_file_keeps_nothing(
    login: Callable[[User], Client], company_user: User, _media: Path
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sori.voices.models import Proposal

    form = {
        "name": "조춘호",
        "consent": "on",
        "text": "AI 실증 공간을 상시 개방해 주세요.",
        "file": SimpleUploadedFile("건의서.pdf", b"<script>alert(1)</script>"),
    }
    response = login(company_user).post(reverse("public:propose"), form)
    assert response.status_code == 200
    assert not Proposal.objects.exists() and not Attachment.objects.exists()
    assert _stored(_media) == []
