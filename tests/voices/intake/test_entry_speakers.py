"""Fast entry reads who spoke with the minutes' speaker grammar; the live preview shows it before saving."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sori.registry.models import Organisation, OrganisationKind, Person
from sori.voices.models import Proposal


def save(client: Any, meeting: Any, raw: str, key: str = "s-1") -> Any:
    return client.post(
        reverse("voices:meeting_entry", args=[meeting.pk]), {"raw": raw, "submission_key": key}
    )


def preview(client: Any, raw: str) -> dict[str, Any]:
    response = client.post(reverse("voices:entry_preview"), {"raw": raw})
    assert response.status_code == 200
    return response.json()


SPEECH = {
    "김세영 ㈜엑스알에이아이 이사: 실증 공간이 필요합니다": "실증 공간이 필요합니다",
    "○ 위원장 강수훈: 실증 공모에 가점을 두어야 합니다": "실증 공모에 가점을 두어야 합니다",
    "조춘호 대표(㈜아이티앱스): 혁신제품 지정 절차를 안내해 주세요": "혁신제품 지정 절차를 안내해 주세요",
    "◆ 조춘호 ㈜아이티앱스 대표 GPU 사용기간을 늘려 주세요": "GPU 사용기간을 늘려 주세요",
    "[솔트룩스] 홍길동 팀장: 상생 프로젝트가 필요합니다": "상생 프로젝트가 필요합니다",
    "○ 위원 박미정: 지역 기업 가점이 필요합니다": "지역 기업 가점이 필요합니다",
    "박미정: 지역 기업 가점이 필요합니다": "지역 기업 가점이 필요합니다",
}


@pytest.mark.parametrize(
    ("line", "name", "title", "organisation"),
    [
        ("김세영 ㈜엑스알에이아이 이사: 실증 공간이 필요합니다", "김세영", "이사", "㈜엑스알에이아이"),
        ("○ 위원장 강수훈: 실증 공모에 가점을 두어야 합니다", "강수훈", "위원장", None),
        ("조춘호 대표(㈜아이티앱스): 혁신제품 지정 절차를 안내해 주세요", "조춘호", "대표", "㈜아이티앱스"),
        ("◆ 조춘호 ㈜아이티앱스 대표 GPU 사용기간을 늘려 주세요", "조춘호", "대표", "㈜아이티앱스"),
        ("[솔트룩스] 홍길동 팀장: 상생 프로젝트가 필요합니다", "홍길동", "팀장", "솔트룩스"),
        ("○ 위원 박미정: 지역 기업 가점이 필요합니다", "박미정", "위원", None),
        ("박미정: 지역 기업 가점이 필요합니다", "박미정", "", None),
    ],
)
def test_each_speaker_form_records_the_person_title_and_organisation(
    staff: Any, login: Any, meeting: Any, line: str, name: str, title: str, organisation: str | None
) -> None:
    client = login(staff)
    # when one line in that form is saved
    response = save(client, meeting, line)
    # then the proposal is the speaker's, their title kept as the person's role
    assert response.status_code == 302
    proposal = Proposal.objects.select_related("person", "organisation").get(engagement=meeting)
    assert proposal.person is not None
    assert (proposal.person.name, proposal.person.role) == (name, title)
    # and the text is what was said, without the speaker
    assert proposal.text == SPEECH[line]
    if organisation is None:
        assert proposal.organisation is None and proposal.person.organisation is None
    else:
        assert proposal.organisation is not None and proposal.organisation.name == organisation
        assert proposal.person.organisation == proposal.organisation
    # and no organisation was ever made from the person's name
    assert not Organisation.objects.filter(name__contains=name).exists()


def test_a_plain_organisation_prefix_records_the_organisation_only(
    staff: Any, login: Any, meeting: Any, company: Organisation
) -> None:
    save(login(staff), meeting, "㈜아이티앱스: GPU 사용기간을 최소 12개월로 늘려 주세요")
    proposal = Proposal.objects.get(engagement=meeting)
    assert proposal.organisation == company and proposal.person is None
    assert proposal.text == "GPU 사용기간을 최소 12개월로 늘려 주세요"


def test_known_people_and_organisations_are_reused_not_registered_again(
    staff: Any, login: Any, meeting: Any, proposer: Person, firm: Organisation
) -> None:
    # given 조춘호 (대표, ㈜아이티앱스) and ㈜솔트룩스 are registered
    people, organisations = Person.objects.count(), Organisation.objects.count()
    # when both speak in three lines, one with the company in brackets and one with a misspelt company
    save(
        login(staff),
        meeting,
        "조춘호 대표(㈜아이티앱스): 갱신으로 바꿔 주세요\n"
        "[솔트룩스] 홍길동 팀장: 지원을 이어가야 합니다\n"
        "(주)아이티앱: 실증 장비를 빌려 주세요",
    )
    first, second, third = Proposal.objects.filter(engagement=meeting).order_by("id")
    # then the registered person and organisations are the ones linked; only 홍길동 is new
    assert first.person == proposer and first.organisation == proposer.organisation
    assert second.organisation == firm and second.person is not None and second.person.name == "홍길동"
    assert third.organisation == proposer.organisation  # a close spelling links to the registered one
    assert Person.objects.count() == people + 1
    assert Organisation.objects.count() == organisations


def test_a_speaker_line_alone_names_the_speaker_of_the_lines_below(
    staff: Any, login: Any, meeting: Any
) -> None:
    save(
        login(staff),
        meeting,
        "김세영 ㈜엑스알에이아이 이사: 레퍼런스를 쌓아야 합니다\n\n"
        "김세영 이사\n맞춤형 교육 과정을 운영해 주세요\n현장 인재가 부족합니다\n\n익명의 의견입니다",
    )
    proposals = list(Proposal.objects.filter(engagement=meeting).select_related("person").order_by("id"))
    # the header line itself is not a proposal; the two lines under it are 김세영's, with the company
    # named at the first line; the line after the blank line is nobody's
    assert [p.text for p in proposals] == [
        "레퍼런스를 쌓아야 합니다",
        "맞춤형 교육 과정을 운영해 주세요",
        "현장 인재가 부족합니다",
        "익명의 의견입니다",
    ]
    assert {p.person_id for p in proposals[:3]} == {proposals[0].person_id}
    assert proposals[1].organisation is not None and proposals[1].organisation.name == "㈜엑스알에이아이"
    assert proposals[3].person is None and proposals[3].organisation is None


def test_a_speaker_with_nothing_said_saves_nothing_and_names_the_line(
    staff: Any, login: Any, meeting: Any
) -> None:
    response = save(login(staff), meeting, "GPU 사용기간을 늘려 주세요\n김세영 이사")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2행: 발언자(김세영)만 있고 제안 내용이 없습니다" in html
    assert not Proposal.objects.exists() and not Person.objects.exists()


def test_a_registered_organisation_with_a_name_like_name_stays_an_organisation(
    staff: Any, login: Any, meeting: Any
) -> None:
    # "정보통신" could be read as a person's name (정 is a surname); the registry knows it as a company
    company = Organisation.objects.create(name="정보통신", kind=OrganisationKind.COMPANY)
    save(login(staff), meeting, "정보통신: 데이터 표준화가 필요합니다")
    proposal = Proposal.objects.get(engagement=meeting)
    assert proposal.organisation == company and proposal.person is None


def test_the_preview_shows_the_attribution_the_save_makes(
    staff: Any, login: Any, meeting: Any, company: Organisation
) -> None:
    client = login(staff)
    raw = (
        "김세영 ㈜엑스알에이아이 이사: 실증 공간이 필요합니다\n"
        "○ 위원장 강수훈: 가점이 필요합니다\n"
        "(주)아이티앱: GPU를 늘려 주세요\n"
        "누가 했는지 모르는 말입니다"
    )
    # when the typed lines are previewed
    answer = preview(client, raw)
    one, chair, fuzzy, nobody = answer["lines"]
    # then each line says who will be recorded and how the organisation links
    assert answer["count"] == 4 and answer["unattributed"] == 1 and answer["errors"] == 0
    assert one["person"] == "김세영 이사" and one["organisation"]["written"] == "㈜엑스알에이아이"
    assert one["organisation"]["how"] == "new" and one["link_label"] == "새 기관으로 등록"
    assert chair["person"] == "강수훈 위원장" and chair["organisation"] is None and chair["own_name"]
    assert fuzzy["organisation"]["how"] == "fuzzy"
    assert fuzzy["organisation"]["organisation_id"] == company.id
    assert "㈜아이티앱스" in fuzzy["link_label"] and "0.9" in fuzzy["link_label"]
    assert not nobody["attributed"] and "누가 말했는지 알 수 없습니다" in nobody["warning"]
    # and saving records exactly that
    save(client, meeting, raw)
    saved = list(Proposal.objects.filter(engagement=meeting).select_related("person").order_by("id"))
    assert saved[0].organisation is not None and saved[0].organisation.name == "㈜엑스알에이아이"
    assert saved[1].person is not None and saved[1].person.name == "강수훈" and saved[1].organisation is None
    assert saved[2].organisation == company
    assert saved[3].person is None and saved[3].organisation is None


def test_the_preview_flags_lines_that_would_refuse_the_save(staff: Any, login: Any) -> None:
    answer = preview(login(staff), "첫 줄\n" + "가" * 20_001 + "\n김세영 이사")
    assert answer["errors"] == 2
    too_long, header = answer["lines"][1], answer["lines"][2]
    assert too_long["error"].startswith("2행: 내용이 20,001자로 너무 깁니다")
    assert too_long["length"] == 20_001 and len(too_long["text"]) == 201  # cut for the page
    assert header["header"] and header["error"].startswith("3행: 발언자(김세영)만")


def test_the_preview_is_for_staff_and_takes_post_only(company_user: Any, staff: Any, login: Any) -> None:
    url = reverse("voices:entry_preview")
    assert login(company_user).post(url, {"raw": "㈜아이티앱스: 하나"}).status_code == 403
    assert login(staff).get(url).status_code == 405
