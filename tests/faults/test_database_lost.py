"""The database connection lost in the middle of an import: nothing partial is kept; importing again works.

The connection is cut from the server's side (``pg_terminate_backend`` from a second connection, as when the
server restarts or a network link drops) while the import is saving its rows; only PostgreSQL can do that.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

import psycopg
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from sori.engagement.models import Engagement, ImportBatch, ImportStatus
from sori.minutes.samples import ROUND1, render
from sori.registry.models import Organisation
from sori.voices.intake import imports, minutes
from sori.voices.models import MinutesUpload, Proposal

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = [
    ["건의사항", "기관명", "제안자"],
    ["GPU 사용기간을 최소 12개월로 늘려 주세요", "㈜끊김테스트하나", "조춘호"],
    ["실증 공간 제공형은 접근이 어렵습니다", "㈜끊김테스트둘", "이수진"],
    ["제조업 AI 교육이 필요합니다", "㈜끊김테스트셋", "김세영"],
    ["데이터 규제자유지역을 지정해 주세요", "㈜끊김테스트넷", "박미정"],
]
LOST = "데이터베이스 연결이 끊겨"


@pytest.fixture(autouse=True)
def _postgres_only(transactional_db: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("cutting the connection from the server's side needs PostgreSQL (pg_terminate_backend)")


def _terminate_own_backend() -> None:
    """End this connection's server process from a second connection, and wait until it is gone."""
    pid = connection.connection.info.backend_pid
    s = connection.settings_dict
    host, port = s["HOST"] or "127.0.0.1", s["PORT"] or 5432
    with psycopg.connect(host=host, port=port, user=s["USER"], dbname=s["NAME"], autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
        for _ in range(50):
            if other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone() is None:
                return
            time.sleep(0.1)


def cut_at_row(monkeypatch: pytest.MonkeyPatch, module: ModuleType, n: int) -> None:
    """Cut the database connection just before the import saves its ``n``-th proposal (once)."""
    real: Callable[..., Any] = module.proposal_record
    calls = [0]

    def proposal_record(**kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == n:
            _terminate_own_backend()
        return real(**kwargs)

    monkeypatch.setattr(module, "proposal_record", proposal_record)


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_proposal_import_cut_off_half_way_saves_nothing_and_can_be_run_again(
    staff: User, login: Callable[[User], Client], meeting: Engagement, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(staff)
    client.post(
        reverse("voices:meeting_import", args=[meeting.pk]),
        {"file": SimpleUploadedFile("건의.xlsx", _xlsx(ROWS))},
    )
    batch = ImportBatch.objects.get()
    url = reverse("voices:import_mapping", args=[batch.pk])
    mapping = {"text": "0", "organisation": "1", "person": "2", "apply": "1"}
    cut_at_row(monkeypatch, imports, 3)

    page = client.post(url, mapping, follow=True).content.decode()

    assert LOST in page and "아무 것도 저장되지 않았습니다" in page
    assert not Proposal.objects.exists()
    assert not Organisation.objects.filter(name__startswith="㈜끊김테스트").exists()  # rows 1–2 rolled back
    batch.refresh_from_db()
    assert batch.status == ImportStatus.UPLOADED  # still waiting to be imported, not half applied

    page = client.post(url, mapping, follow=True).content.decode()  # the same click once the server is back
    assert "제안 4건을 가져왔습니다" in page
    assert Proposal.objects.filter(engagement=meeting).count() == 4
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert (batch.created_proposals, batch.created_organisations) == (4, 4)


def test_minutes_accepted_when_the_connection_is_cut_save_nothing_and_can_be_saved_again(
    staff: User, login: Callable[[User], Client], meeting: Engagement, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(staff)
    data, name = render(ROUND1, "docx")
    client.post(reverse("voices:minutes_upload", args=[meeting.pk]), {"file": SimpleUploadedFile(name, data)})
    upload = MinutesUpload.objects.get()
    take = {"take": [c["id"] for c in upload.candidates]}
    assert len(take["take"]) > 2
    url = reverse("voices:minutes_accept", args=[upload.pk])
    cut_at_row(monkeypatch, minutes, 2)

    page = client.post(url, take, follow=True).content.decode()

    assert LOST in page and "아무 것도 저장되지 않았습니다" in page
    assert not Proposal.objects.exists()
    upload.refresh_from_db()
    assert upload.accepted_at is None
    assert all(c["status"] == minutes.OPEN for c in upload.candidates)

    client.post(url, take, follow=True)
    assert Proposal.objects.filter(engagement=meeting).count() == len(take["take"])
