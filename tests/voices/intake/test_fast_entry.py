"""Fast entry of a meeting's proposals: one line each, all or nothing, once per submitted form."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.urls import reverse

from sori.voices.models import Proposal


def test_typing_lines_records_proposals_with_their_organisations(staff, login, meeting, company) -> None:
    client = login(staff)
    # given the page offers a fresh submission key
    page = client.get(reverse("engagement:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'name="submission_key"' in page and "voices/entry.js" in page
    # when three lines are saved
    raw = (
        "(주)아이티앱스: GPU 사용기간을 최소 12개월로 늘려 주세요\n\n"
        "- 광주데이터: 실증 공간이 필요합니다\n재선발 대신 갱신으로 해 주세요"
    )
    response = client.post(
        reverse("voices:meeting_entry", args=[meeting.pk]), {"raw": raw, "submission_key": "e-1"}
    )
    # then they are recorded for this meeting, with the known company matched and the other registered
    assert response.status_code == 302 and response["Location"].endswith("?saved=e-1#entry")
    gpu, demo, renew = Proposal.objects.filter(engagement=meeting).order_by("id")
    assert gpu.organisation == company and gpu.received_at == meeting.starts_at
    assert demo.organisation.name == "광주데이터" and demo.text == "실증 공간이 필요합니다"
    assert renew.organisation is None
    page = client.get(response["Location"]).content.decode()
    assert "제안 3건을 기록했습니다" in page and 'data-saved="e-1"' in page
    assert "GPU 사용기간을 최소 12개월로 늘려 주세요" in page


def test_a_double_submitted_entry_records_once(staff, login, meeting) -> None:
    client = login(staff)
    url = reverse("voices:meeting_entry", args=[meeting.pk])
    client.post(url, {"raw": "하나\n둘", "submission_key": "e-2"})
    response = client.post(url, {"raw": "하나\n둘", "submission_key": "e-2"}, follow=True)
    assert Proposal.objects.filter(engagement=meeting).count() == 2
    assert "이미 저장된 입력입니다" in response.content.decode()


def test_a_bad_line_saves_nothing_and_names_its_line(staff, login, meeting) -> None:
    client = login(staff)
    raw = "첫 줄은 괜찮습니다\n\n" + "가" * 20_001
    response = client.post(
        reverse("voices:meeting_entry", args=[meeting.pk]), {"raw": raw, "submission_key": "e-3"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "3행: 내용이 20,001자로 너무 깁니다" in html
    assert "아무 것도 저장되지 않았습니다" in html
    # the typed text is still there and the same key is kept for the retry
    assert "첫 줄은 괜찮습니다" in html and 'value="e-3"' in html
    assert not Proposal.objects.exists()


def test_empty_entry_says_what_to_do(staff, login, meeting) -> None:
    client = login(staff)
    response = client.post(
        reverse("voices:meeting_entry", args=[meeting.pk]), {"raw": "  \n ", "submission_key": "e-4"}
    )
    assert "한 줄에 하나씩 입력해 주세요" in response.content.decode()
    assert not Proposal.objects.exists()


def test_the_entry_script_is_served_by_sori_itself() -> None:
    path = finders.find("voices/entry.js")
    assert path is not None
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    assert "localStorage" in source and "sori:entry:" in source  # the draft survives a reload
    assert "http://" not in source and "https://" not in source  # nothing fetched from elsewhere
