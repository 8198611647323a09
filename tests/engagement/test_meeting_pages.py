"""Meetings: create and edit, agenda, attendance, minutes, and the page that shows who said what."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from sori.core.models import AuditRecord
from sori.engagement.models import Engagement
from sori.registry.models import Organisation, Person
from sori.voices.services import proposals_record_lines


def test_add_a_meeting_suggests_the_next_round_and_refuses_a_taken_one(staff, login, series, meeting) -> None:
    client = login(staff)
    url = reverse("engagement:meeting_create", args=[series.pk])
    # given the form suggests round 2 and its title
    html = client.get(url).content.decode()
    assert 'value="2"' in html and "제2차 AI기업 조찬간담회" in html
    data = {
        "round": "2",
        "title": "제2차 AI기업 조찬간담회",
        "theme": "제조 AI",
        "date": "2025-11-14",
        "time": "07:30",
        "place": "김대중컨벤션센터",
        "attendee_count": "65",
        "submission_key": "m-1",
    }
    # when it is saved twice with the same key
    first = client.post(url, data)
    second = client.post(url, data)
    # then one meeting exists at 07:30 local time
    created = Engagement.objects.get(round=2)
    assert first.status_code == second.status_code == 302
    assert timezone.localtime(created.starts_at).strftime("%Y-%m-%d %H:%M") == "2025-11-14 07:30"
    # and a taken round number is refused with a message
    response = client.post(url, {**data, "round": "1", "submission_key": "m-2"})
    assert "이 시리즈에 1차 간담회가 이미 있습니다" in response.content.decode()
    assert Engagement.objects.count() == 2


def test_edit_a_meeting(staff, login, meeting) -> None:
    client = login(staff)
    url = reverse("engagement:meeting_edit", args=[meeting.pk])
    assert "광주광역시의회 대회의실" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "round": "1",
            "title": meeting.title,
            "theme": "GPU",
            "date": "2025-11-11",
            "time": "08:00",
            "place": "시청",
            "attendee_count": "72",
            "minutes": "",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.attendee_count == 72 and timezone.localtime(meeting.starts_at).hour == 8
    record = AuditRecord.objects.get(action="engagement.update")
    assert record.before["attendee_count"] == 70 and record.after["attendee_count"] == 72


def test_agenda_add_reorder_remove(staff, login, meeting) -> None:
    client = login(staff)
    add = reverse("engagement:agenda_add", args=[meeting.pk])
    client.post(
        add, {"presenter": "조춘호", "presenter_organisation": "㈜아이티앱스", "topic": "제조업 AI 전환"}
    )
    client.post(add, {"presenter": "김영수", "presenter_organisation": "", "topic": "GPU 사용기간"})
    first, second = meeting.agenda.all()
    assert first.presenter_organisation.name == "㈜아이티앱스"
    # when the second moves up
    client.post(reverse("engagement:agenda_move", args=[meeting.pk, second.pk]), {"direction": "up"})
    assert [i.topic for i in meeting.agenda.all()] == ["GPU 사용기간", "제조업 AI 전환"]
    # and the first is removed
    client.post(reverse("engagement:agenda_remove", args=[meeting.pk, first.pk]))
    assert [i.topic for i in meeting.agenda.all()] == ["GPU 사용기간"]
    # an empty topic is refused with a message
    response = client.post(add, {"presenter": "누구", "topic": ""})
    assert response.status_code == 200 and "필수 항목" in response.content.decode()
    assert set(
        AuditRecord.objects.filter(scope=f"engagement.engagement:{meeting.pk}").values_list(
            "action", flat=True
        )
    ) >= {"agenda.add", "agenda.move", "agenda.remove"}


def test_attendance_pick_or_type_people(staff, login, meeting, proposer, company) -> None:
    client = login(staff)
    url = reverse("engagement:attendance_add", args=[meeting.pk])
    # given a known person picked and two typed lines, one of them the same person again
    response = client.post(
        url, {"person": proposer.pk, "typed": "김민지, (주)광주데이터, 연구소장\n조춘호, ㈜아이티앱스"}
    )
    assert response.status_code == 302
    # then three... no: the typed 조춘호 of the same company is the known person, recorded once
    names = sorted(a.person.name for a in meeting.attendances.select_related("person"))
    assert names == ["김민지", "조춘호"]
    new = Person.objects.get(name="김민지")
    assert new.organisation.name == "(주)광주데이터" and new.role == "연구소장"
    # a line without a name saves no one
    response = client.post(url, {"typed": "박영희, 기관\n, 기관만"})
    assert "2행: 이름이 비어 있습니다" in response.content.decode()
    assert not Person.objects.filter(name="박영희").exists()
    # and removing someone keeps them in the registry
    attendance = meeting.attendances.get(person=new)
    client.post(reverse("engagement:attendance_remove", args=[meeting.pk, attendance.pk]))
    assert meeting.attendances.count() == 1 and Person.objects.filter(pk=new.pk).exists()


def test_minutes_are_saved(staff, login, meeting) -> None:
    client = login(staff)
    response = client.post(
        reverse("engagement:meeting_minutes", args=[meeting.pk]), {"minutes": "개회 07:30\n발제 2건"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes == "개회 07:30\n발제 2건"
    assert "발제 2건" in client.get(reverse("engagement:meeting_detail", args=[meeting.pk])).content.decode()


def test_meeting_page_shows_who_said_what_in_few_queries(
    staff, login, meeting, company, django_assert_num_queries
) -> None:
    # given thirty proposals, some with organisations
    proposals_record_lines(
        raw="\n".join(f"{'㈜아이티앱스: ' if i % 2 else ''}제안 {i}" for i in range(30)),
        actor=staff,
        engagement=meeting,
    )
    client = login(staff)
    # the 10 before, and the meeting's files
    with django_assert_num_queries(11):
        response = client.get(reverse("engagement:meeting_detail", args=[meeting.pk]))
    html = response.content.decode()
    assert "이 간담회의 제안 30건" in html
    assert "㈜아이티앱스" in html and "제안 29" in html
    assert 'id="similar" data-similar-url="/staff/proposals/similar.json"' in html
    export = client.get(reverse("engagement:meeting_detail", args=[meeting.pk]), {"format": "xlsx"})
    assert export.status_code == 200
    assert Organisation.objects.filter(name="㈜아이티앱스").count() == 1
