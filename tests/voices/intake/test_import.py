"""Importing proposals from CSV/XLSX files: mapping, all-or-nothing saving, and bad files."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from sori.core.models import AuditRecord
from sori.engagement.models import ImportBatch, ImportStatus
from sori.registry.models import Organisation, Person
from sori.voices.intake.imports import guess_mapping, import_batch_create, import_plan, proposals_import
from sori.voices.models import Proposal, Source

HEADER = ["건의사항", "기관명", "제안자", "직위", "이메일", "접수일시", "분야", "경로"]


def cp949_csv(rows: list[list[str]]) -> bytes:
    return "\r\n".join(",".join(r) for r in rows).encode("cp949")


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def good_rows() -> list[list[str]]:
    return [
        HEADER,
        [
            "GPU 사용기간을 최소 12개월로 늘려 주세요",
            "(주)아이티앱스",
            "조춘호",
            "대표",
            "cho@itapps.example.kr",
            "2025. 11. 11.",
            "compute",
            "간담회",
        ],
        [
            "실증 공간 제공형은 접근이 어렵습니다",
            "광주콘텐츠랩",
            "이수진",
            "이사",
            "",
            "2025.11.14 07:30",
            "컴퓨팅·GPU",
            "",
        ],
        ["제조업 AI 교육이 필요합니다", "", "", "", "", "", "", "이메일"],
    ]


def test_header_names_guess_the_mapping() -> None:
    mapping = guess_mapping(
        ("No", "건의 내용", "업체명", "성명", "직책", "E-mail", "접수일", "분야", "접수경로")
    )
    assert mapping == {
        "text": 1,
        "organisation": 2,
        "person": 3,
        "role": 4,
        "email": 5,
        "received_at": 6,
        "theme": 7,
        "source": 8,
        "engagement": None,
    }


def test_cp949_csv_imports_every_row_once(staff, meeting, company, theme) -> None:
    # given a CP949 CSV as Korean Excel writes it, for the first meeting
    batch = import_batch_create(
        filename="1차_건의사항.csv", data=cp949_csv(good_rows()), actor=staff, engagement=meeting
    )
    mapping = guess_mapping(tuple(HEADER))
    # when it is checked
    plan = import_plan(batch=batch, mapping=mapping)
    # then nothing is saved yet and the summary names the new organisation
    assert plan.ok and len(plan.rows) == 3
    assert plan.new_organisations == ["광주콘텐츠랩"]
    assert plan.new_people == 2
    assert not Proposal.objects.exists()
    # when it is applied twice
    proposals_import(batch=batch, mapping=mapping, actor=staff)
    again = proposals_import(batch=batch, mapping=mapping, actor=staff)
    # then three proposals exist, with who, when, theme and source
    assert again.status == ImportStatus.APPLIED and again.created_proposals == 3
    gpu, demo, education = Proposal.objects.order_by("id")
    assert gpu.organisation == company and gpu.person.name == "조춘호" and gpu.person.role == "대표"
    assert gpu.received_at == meeting.starts_at  # a date alone on the meeting's day takes the meeting's time
    assert list(gpu.themes.all()) == [theme] and list(demo.themes.all()) == [theme]
    assert timezone.localtime(demo.received_at).strftime("%Y-%m-%d %H:%M") == "2025-11-14 07:30"
    assert education.source == Source.EMAIL and education.organisation is None
    assert all(p.engagement == meeting for p in (gpu, demo, education))
    assert Proposal.objects.count() == 3
    assert AuditRecord.objects.filter(action="import.apply").count() == 1


def test_one_bad_row_saves_nothing_and_reports_every_row(staff, meeting, theme) -> None:
    rows = good_rows()
    rows.insert(2, ["", "기관", "", "", "", "", "", ""])  # row 3: no text
    rows.insert(4, ["내용", "", "", "", "", "2025-13-01", "", ""])  # row 5: no such month
    rows.append(["내용", "", "", "", "메일아님", "", "없는분야", "전화"])  # row 7
    batch = import_batch_create(filename="bad.csv", data=cp949_csv(rows), actor=staff, engagement=meeting)
    with pytest.raises(ValidationError) as err:
        proposals_import(batch=batch, mapping=guess_mapping(tuple(HEADER)), actor=staff)
    messages = err.value.messages
    assert messages[0] == "3행: '건의사항' 열이 비어 있습니다."
    assert messages[1] == (
        "5행: 접수일시 '2025-13-01'을(를) 날짜로 읽을 수 없습니다. "
        "2025-11-11 또는 2025. 11. 11. 형식으로 적어 주세요."
    )
    assert any(m.startswith("7행: 이메일 '메일아님'") for m in messages)
    assert any(m.startswith("7행: 분야 '없는분야'") for m in messages)
    assert any(m.startswith("7행: 경로 '전화'") for m in messages)
    assert not Proposal.objects.exists()
    assert not Organisation.objects.filter(name="광주콘텐츠랩").exists()
    assert not Person.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED


def test_general_import_finds_the_meeting_in_a_column(staff, meeting) -> None:
    data = xlsx(
        [
            ["내용", "간담회", "접수일시"],
            ["GPU", "제1차 AI기업 조찬간담회", dt.datetime(2025, 11, 11, 9, 0)],
            ["실증", "제9차 없는 회의", None],
        ]
    )
    batch = import_batch_create(filename="모음.xlsx", data=data, actor=staff)
    mapping = guess_mapping(("내용", "간담회", "접수일시"))
    assert mapping["engagement"] == 1
    plan = import_plan(batch=batch, mapping=mapping)
    assert plan.errors == [
        "3행: 간담회 '제9차 없는 회의'을(를) 찾을 수 없습니다. "
        "소리에 등록된 간담회 제목을 그대로 적어 주세요."
    ]


def test_mapping_needs_the_text_column(staff, meeting) -> None:
    batch = import_batch_create(
        filename="a.csv", data=cp949_csv(good_rows()), actor=staff, engagement=meeting
    )
    with pytest.raises(ValidationError, match="'내용' 항목"):
        import_plan(batch=batch, mapping={"organisation": 1})


def upload(client, url: str, name: str, data: bytes, **extra):
    return client.post(url, {"file": SimpleUploadedFile(name, data), **extra})


def test_the_three_steps_in_the_browser(staff, login, meeting, theme, company) -> None:
    client = login(staff)
    # step 1: upload
    response = upload(
        client, reverse("voices:meeting_import", args=[meeting.pk]), "건의.xlsx", xlsx(good_rows())
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "voices:import_mapping", args=[batch.pk]
    )
    # step 2: the mapping form shows the header, the first rows and the guessed columns
    html = client.get(response["Location"]).content.decode()
    assert "건의사항" in html and "GPU 사용기간을 최소 12개월로" in html
    assert '<option value="0" selected>A열: 건의사항</option>' in html
    mapping = {
        "text": "0",
        "organisation": "1",
        "person": "2",
        "role": "3",
        "email": "4",
        "received_at": "5",
        "theme": "6",
        "source": "7",
    }
    # step 3: check shows what would be created and saves nothing
    html = client.post(response["Location"], {**mapping, "check": "1"}).content.decode()
    assert "모든 행을 가져올 수 있습니다" in html and "새 기관 1곳" in html and "광주콘텐츠랩" in html
    assert not Proposal.objects.exists()
    # apply saves them; a second apply (back button, double click) saves nothing more
    done = client.post(response["Location"], {**mapping, "apply": "1"}, follow=True)
    client.post(response["Location"], {**mapping, "apply": "1"})
    assert "제안 3건을 가져왔습니다" in done.content.decode() and "가져오기 완료" in done.content.decode()
    assert Proposal.objects.filter(engagement=meeting).count() == 3


def test_the_browser_shows_the_row_report_and_saves_nothing(staff, login, meeting) -> None:
    client = login(staff)
    rows = good_rows()
    rows.insert(2, ["", "", "", "", "", "", "", "", "x"])
    response = upload(
        client, reverse("voices:import_upload"), "a.csv", cp949_csv(rows), engagement=meeting.pk
    )
    url = response["Location"]
    html = client.post(url, {"text": "0", "received_at": "5", "apply": "1"}).content.decode()
    assert "3행: &#x27;건의사항&#x27; 열이 비어 있습니다." in html
    assert "아무 것도 저장되지 않았습니다" in html
    assert not Proposal.objects.exists()
    # choosing one column twice is refused
    html = client.post(url, {"text": "0", "organisation": "0", "check": "1"}).content.decode()
    assert "한 열을 두 항목에 쓸 수 없습니다" in html


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("빈파일.csv", b"", "빈 파일입니다"),
        ("보고서.csv", b"%PDF-1.4\n...", "PDF 파일은 가져올 수 없습니다"),
        ("회의록.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "한글(HWP) 문서"),
        ("깨진.xlsx", b"PK\x03\x04\x14\x00garbage", "엑셀(.xlsx) 파일로 읽을 수 없습니다"),
        ("머리글없음.csv", b"2025-11-11,45972\n", "열 이름(머리글)이 없습니다"),
        ("행만.csv", "내용\n".encode("cp949"), "데이터 행이 없습니다"),
    ],
)
def test_bad_files_are_refused_with_a_message_and_nothing_saved(staff, login, name, data, message) -> None:
    client = login(staff)
    response = upload(client, reverse("voices:import_upload"), name, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert not ImportBatch.objects.exists()


def test_too_large_too_long_and_too_many(staff, login) -> None:
    client = login(staff)
    big = upload(client, reverse("voices:import_upload"), "큰파일.csv", b"a" * (10 * 1024 * 1024 + 10))
    assert "MB로 너무 큽니다" in big.content.decode()
    long = upload(client, reverse("voices:import_upload"), "긴칸.csv", f"내용\n{'가' * 20_001}\n".encode())
    assert "2행 A열의 내용이 20,001자로 너무 깁니다" in long.content.decode()
    many = upload(
        client, reverse("voices:import_upload"), "많음.csv", ("내용\n" + "제안\n" * 20_001).encode()
    )
    assert "한 번에 20,000행까지" in many.content.decode()
    assert not ImportBatch.objects.exists()
