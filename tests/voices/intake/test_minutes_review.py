"""Minutes in, voices out on the meeting page: upload, review each candidate beside its paragraph, accept."""

from __future__ import annotations

import io
import re
import struct
import zipfile
from functools import cache
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sori.core.models import AuditRecord
from sori.engagement.models import Attendance
from sori.minutes.samples import ROUND1, expected_for, render, to_hwp, to_hwpx, to_txt
from sori.registry.models import Organisation, Person
from sori.voices.intake import minutes as services
from sori.voices.models import MinutesUpload, Proposal

# Who spoke at round 1 (the written suggestions' authors were not there).
ROUND1_SPEAKERS = {"강수훈", "김종민", "조춘호", "김세영", "홍길동", "박미정", "이영수"}


@cache
def sample(fmt: str) -> tuple[bytes, str]:
    return render(ROUND1, fmt)


def upload(client: Any, meeting: Any, data: bytes, name: str) -> Any:
    return client.post(
        reverse("voices:minutes_upload", args=[meeting.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def accept_all(client: Any, review: MinutesUpload) -> Any:
    review.refresh_from_db()
    return client.post(
        reverse("voices:minutes_accept", args=[review.pk]),
        {
            "take": [c["id"] for c in review.candidates],
            "attend": [a["key"] for a in services.attendee_choices(review)],
        },
    )


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("fmt", ["hwpx", "docx"])
def test_upload_review_accept_records_the_expected_proposals(
    staff: Any, login: Any, meeting: Any, fmt: str
) -> None:
    client = login(staff)
    data, name = sample(fmt)
    # when the minutes are uploaded on the meeting's page
    response = upload(client, meeting, data, name)
    review = MinutesUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/minutes/{review.pk}/"
    # then nothing is recorded yet, and the review shows each candidate beside its paragraph
    assert not Proposal.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "GPU 사용기간을 최소 12개월로 해 주시고" in page
    assert "13번째 문단" in page  # the paragraph the GPU request came from
    assert "인사·진행·약속 발언" in page and "공무원의 답변·설명" in page  # what was skipped and why
    # when every candidate and every speaker is accepted
    response = accept_all(client, review)
    assert response.status_code == 302 and response["Location"].endswith("#proposals")
    # then exactly the labelled proposals are recorded, each under its speaker and organisation
    proposals = list(Proposal.objects.filter(engagement=meeting).select_related("person", "organisation"))
    expected = expected_for(ROUND1, fmt)
    assert len(proposals) == len(expected) == 16
    for label in expected:
        hits = [
            p
            for p in proposals
            if label.phrase in compact(p.text)
            and p.person is not None
            and p.person.name == label.speaker
            and (p.organisation.name if p.organisation else "") == label.organisation
        ]
        assert len(hits) == 1, label
    # committee members speak in their own name: no organisation made from a person
    member = next(p for p in proposals if p.person and p.person.name == "박미정")
    assert member.organisation is None and member.person is not None and member.person.role == "위원"
    assert not Organisation.objects.filter(name__in=ROUND1_SPEAKERS).exists()
    # and the meeting's attendance holds the people who spoke, once each
    attended = list(Attendance.objects.filter(engagement=meeting).values_list("person__name", flat=True))
    assert sorted(attended) == sorted(ROUND1_SPEAKERS)
    # and the meeting page shows them
    page = client.get(reverse("engagement:meeting_detail", args=[meeting.pk])).content.decode()
    assert "이 간담회의 제안 16건" in page and "참석자 명단 7명" in page


def test_accepting_twice_and_uploading_again_record_nothing_new(staff: Any, login: Any, meeting: Any) -> None:
    client = login(staff)
    data, name = sample("hwpx")
    upload(client, meeting, data, name)
    review = MinutesUpload.objects.get()
    accept_all(client, review)
    counts = (Proposal.objects.count(), Attendance.objects.count(), Person.objects.count())
    audits = AuditRecord.objects.count()
    # when the same acceptance is posted again
    response = accept_all(client, review)
    # then nothing new is recorded, and the page says so
    assert response.status_code == 302 and response["Location"] == f"/staff/minutes/{review.pk}/"
    assert "새로 저장한 것이 없습니다" in client.get(response["Location"]).content.decode()
    # when the same file is uploaded again (under another name)
    response = upload(client, meeting, data, "다시_올린_회의록.hwpx")
    # then the existing review opens and nothing is duplicated
    assert response["Location"] == f"/staff/minutes/{review.pk}/"
    assert "이미 올린 파일입니다" in client.get(response["Location"]).content.decode()
    assert MinutesUpload.objects.count() == 1
    assert (Proposal.objects.count(), Attendance.objects.count(), Person.objects.count()) == counts
    assert AuditRecord.objects.count() == audits


def test_registered_people_and_organisations_are_linked_not_duplicated(
    staff: Any, login: Any, meeting: Any, proposer: Person
) -> None:
    # given 조춘호 of ㈜아이티앱스 is registered and already on the attendance list
    from sori.engagement.services import attendance_add

    attendance_add(engagement=meeting, actor=staff, people=[proposer])
    client = login(staff)
    upload(client, meeting, *sample("hwpx"))
    review = MinutesUpload.objects.get()
    # then the review says the organisation is registered, and that he is already attending
    page = client.get(reverse("voices:minutes_review", args=[review.pk])).content.decode()
    assert "등록된 기관 &#x27;㈜아이티앱스&#x27;(정확히 일치)" in page
    assert "이미 참석자 명단에 있음" in page
    accept_all(client, review)
    # and his three proposals are his, under the registered company, with no second 조춘호
    assert Proposal.objects.filter(person=proposer, organisation=proposer.organisation).count() == 3
    assert Person.objects.filter(name="조춘호").count() == 1
    assert Attendance.objects.filter(engagement=meeting, person=proposer).count() == 1


def _candidate(review: MinutesUpload, phrase: str) -> dict[str, Any]:
    review.refresh_from_db()
    return next(c for c in review.candidates if phrase in compact(c["text"]))


def act(client: Any, review: MinutesUpload, action: str, candidate: dict[str, Any], **fields: Any) -> str:
    response = client.post(
        reverse("voices:minutes_review", args=[review.pk]),
        {"action": action, "candidate": candidate["id"], **fields},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def test_staff_edit_split_merge_reassign_and_reject_before_accepting(
    staff: Any, login: Any, meeting: Any
) -> None:
    client = login(staff)
    upload(client, meeting, *sample("docx"))
    review = MinutesUpload.objects.get()
    total = len(review.candidates)
    # edit: the words and the kind
    gpu = _candidate(review, "GPU사용기간을최소12개월로")
    page = act(client, review, "edit", gpu, text="GPU 사용기간을 12개월 이상으로 해 주세요", kind="request")
    assert "후보 내용을 고쳤습니다" in page and "고침" in page
    # split: at the line break typed
    sme = _candidate(review, "상생프로젝트가필요")
    act(
        client,
        review,
        "split",
        sme,
        text="상생 프로젝트가 필요합니다.\n지역 기업이 함께 참여하도록 해 주세요.",
    )
    # merge: 김종민's first two candidates into one
    midfielder = _candidate(review, "미드필더가필요하다")
    act(client, review, "merge", midfielder)
    # reassign: 김세영's last candidate to someone else of another company, as a new organisation
    academy = _candidate(review, "맞춤형교육과정을운영해달라")
    act(client, review, "reassign", academy, speaker="이수진", title="본부장", organisation="(주)광주교육AI")
    # reject: the complaint about start-ups
    startup = _candidate(review, "버티기어렵습니다")
    page = act(client, review, "reject", startup)
    assert "후보를 뺐습니다" in page
    review.refresh_from_db()
    assert len(review.candidates) == total  # one split (+1), one merge (-1)
    assert AuditRecord.objects.filter(action__startswith="minutes.").count() == 6  # upload + five changes
    # when everything still open is accepted
    accept_all(client, review)
    texts = {compact(p.text): p for p in Proposal.objects.select_related("person", "organisation")}
    # then the edits are what was recorded
    assert compact("GPU 사용기간을 12개월 이상으로 해 주세요") in texts
    assert compact("상생 프로젝트가 필요합니다.") in texts
    assert compact("지역 기업이 함께 참여하도록 해 주세요.") in texts
    merged = next(p for t, p in texts.items() if "미드필더" in t)
    assert "AI교육과지원프로그램을신설" in compact(merged.text)
    moved = next(p for t, p in texts.items() if "맞춤형교육과정" in t)
    assert moved.person is not None and (moved.person.name, moved.person.role) == ("이수진", "본부장")
    assert moved.organisation is not None and moved.organisation.name == "㈜광주교육AI"
    assert not any("버티기어렵습니다" in t for t in texts)
    assert Proposal.objects.count() == total - 1
    # and a saved candidate can no longer be changed
    page = act(client, review, "reject", _candidate(review, "레퍼런스를쌓아야"))
    assert "이미 제안으로 저장한 후보는 고칠 수 없습니다" in page


def test_only_the_ticked_candidates_are_recorded_and_the_rest_can_follow(
    staff: Any, login: Any, meeting: Any
) -> None:
    client = login(staff)
    upload(client, meeting, *sample("hwpx"))
    review = MinutesUpload.objects.get()
    first, second = review.candidates[:2]
    client.post(reverse("voices:minutes_accept", args=[review.pk]), {"take": [first["id"]]})
    assert Proposal.objects.count() == 1 and not Attendance.objects.exists()  # no speaker ticked
    client.post(reverse("voices:minutes_accept", args=[review.pk]), {"take": [first["id"], second["id"]]})
    assert Proposal.objects.count() == 2


def test_splitting_one_sentence_asks_for_a_line_break(staff: Any, login: Any, meeting: Any) -> None:
    client = login(staff)
    upload(client, meeting, *sample("hwpx"))
    review = MinutesUpload.objects.get()
    one = _candidate(review, "협의체도마련되어야")
    page = act(client, review, "split", one, text=one["text"])
    assert "나눌 자리에서 줄을 바꾼 뒤" in page
    review.refresh_from_db()
    assert len(review.candidates) == 16


# ----------------------------------------------------------------------------------------------------
# Files that cannot be used: each says why, and nothing is saved


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _scanned_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted_entry() -> bytes:
    data = bytearray(to_hwpx(["○ 김세영 이사: 네."]))
    at = data.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<H", data, at + 8, 1)
        struct.pack_into("<H", data, struct.unpack_from("<I", data, at + 42)[0] + 6, 1)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


BAD_FILES = {
    "encrypted": (
        lambda: _zip({"META-INF/manifest.xml": b"<odf:manifest><odf:encryption-data/></odf:manifest>"}),
        "회의록.hwpx",
        "암호가 걸린",
    ),
    "encrypted_entries": (_encrypted_entry, "회의록.hwpx", "암호가 걸린"),
    "corrupt": (lambda: sample("hwpx")[0][: len(sample("hwpx")[0]) // 2], "회의록.hwpx", "손상되어"),
    "zip_bomb": (
        lambda: _zip({"Contents/section0.xml": b"\0" * (4 * 1024 * 1024)}),
        "회의록.hwpx",
        "압축을 풀면",
    ),
    "protected_hwp": (lambda: to_hwp(["○ 김세영 이사: 네."], flags=1 | 4), "회의록.hwp", "배포용으로 보호된"),
    "scanned_pdf": (_scanned_pdf, "스캔.pdf", "스캔한 PDF라 글자를 읽을 수 없습니다"),
    "no_speakers": (
        lambda: to_txt(["제1차 간담회 결과", "GPU 사용기간 연장이 필요하다는 의견이 많았습니다."]),
        "결과.txt",
        "발언자를 찾지 못했습니다",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_file_that_cannot_be_used_says_why_and_saves_nothing(
    staff: Any, login: Any, meeting: Any, case: str
) -> None:
    make, name, words = BAD_FILES[case]
    audits = AuditRecord.objects.count()
    response = upload(login(staff), meeting, make(), name)
    html = response.content.decode()
    assert response.status_code == 400
    assert words in html and "아무 것도 저장되지 않았습니다" in html
    assert not MinutesUpload.objects.exists() and not Proposal.objects.exists()
    assert AuditRecord.objects.count() == audits


def test_a_file_over_the_size_limit_is_refused_before_reading(
    staff: Any, login: Any, meeting: Any, monkeypatch: Any
) -> None:
    from sori.voices.intake import minutes_forms

    monkeypatch.setattr(minutes_forms, "MAX_BYTES", 1024 * 1024)
    response = upload(login(staff), meeting, b"a" * (1024 * 1024 + 1), "큰파일.txt")
    assert response.status_code == 400
    assert "파일이 1.0 MB로 너무 큽니다" in response.content.decode()
    assert not MinutesUpload.objects.exists()


def test_a_refusal_is_shown_in_english_to_english_readers(staff: Any, login: Any, meeting: Any) -> None:
    client = login(staff)
    client.cookies["django_language"] = "en"
    response = upload(client, meeting, _scanned_pdf(), "scan.pdf")
    html = response.content.decode()
    assert response.status_code == 400
    assert "scanned" in html.lower() and "Nothing was saved" in html
    assert not re.search("스캔한 PDF", html)
    # the words filled into a message are translated too
    html = upload(client, meeting, to_hwp(["○ 김세영 이사: 네."], flags=1 | 4), "m.hwp").content.decode()
    assert "This Hangul (HWP) document is protected for distribution" in html
