"""Who may open each series, meeting and import page: staff and admins; others get 403, anonymous a login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sori.engagement.models import AgendaItem, Attendance, ImportBatch
from sori.voices.intake.imports import import_batch_create
from sori.voices.models import Proposal


@pytest.fixture
def pages(staff, series, meeting, proposer):
    item = AgendaItem.objects.create(engagement=meeting, presenter="조춘호", topic="제조 AI")
    attendance = Attendance.objects.create(engagement=meeting, person=proposer)
    batch = import_batch_create(filename="a.csv", data="내용\n가\n".encode(), actor=staff, engagement=meeting)
    m, s = meeting.pk, series.pk
    return {
        "get": [
            reverse("engagement:series_list"),
            reverse("engagement:series_create"),
            reverse("engagement:series_detail", args=[s]),
            reverse("engagement:series_edit", args=[s]),
            reverse("engagement:meeting_create", args=[s]),
            reverse("engagement:meeting_detail", args=[m]),
            reverse("engagement:meeting_edit", args=[m]),
            reverse("voices:meeting_import", args=[m]),
            reverse("voices:import_upload"),
            reverse("voices:import_mapping", args=[batch.pk]),
        ],
        "post": [
            reverse("voices:meeting_entry", args=[m]),
            reverse("engagement:meeting_minutes", args=[m]),
            reverse("engagement:agenda_add", args=[m]),
            reverse("engagement:agenda_move", args=[m, item.pk]),
            reverse("engagement:agenda_remove", args=[m, item.pk]),
            reverse("engagement:attendance_add", args=[m]),
            reverse("engagement:attendance_remove", args=[m, attendance.pk]),
        ],
    }


def test_anonymous_visitors_are_sent_to_login(client, pages) -> None:
    for url in pages["get"] + pages["post"]:
        response = client.post(url, {"raw": "x"}) if url in pages["post"] else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", ["officer", "company_user"])
def test_officers_and_companies_are_refused(request, login, pages, role) -> None:
    client = login(request.getfixturevalue(role))
    for url in pages["get"]:
        assert client.get(url).status_code == 403, url
    for url in pages["post"]:
        assert (
            client.post(url, {"raw": "몰래 넣은 제안", "minutes": "x", "direction": "up"}).status_code == 403
        ), url
    assert not Proposal.objects.exists()
    assert AgendaItem.objects.count() == 1 and Attendance.objects.count() == 1


@pytest.mark.parametrize("role", ["staff", "admin_user"])
def test_staff_and_admins_open_every_page(request, login, pages, role) -> None:
    client = login(request.getfixturevalue(role))
    for url in pages["get"]:
        assert client.get(url).status_code == 200, url


def test_post_only_actions_refuse_get(staff, login, pages) -> None:
    client = login(staff)
    for url in pages["post"]:
        assert client.get(url).status_code == 405, url
    assert ImportBatch.objects.count() == 1
