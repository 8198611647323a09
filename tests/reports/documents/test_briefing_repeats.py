"""The briefing pack says in how many rounds a demand was raised, once staff linked its earlier ones."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sori.engagement.models import Engagement, Series
from sori.reports.documents import briefing_pdf, briefing_xlsx
from sori.reports.selectors import BriefingPack, briefing_pack
from sori.voices import services
from sori.voices.models import Demand

SINCE = dt.date(2025, 11, 1)


def _raised(staff: User, title: str, year: int) -> Demand:
    meeting = Engagement.objects.create(
        series=Series.objects.create(title=f"{year} 광주 AI 추진위원회"),
        round=1,
        title=f"{year} 추진위원회 회의",
        starts_at=timezone.make_aware(dt.datetime(year, 6, 2, 14, 0)),
    )
    proposal = services.proposal_record(
        text=title + "을 요청합니다", actor=staff, engagement=meeting, received_at=meeting.starts_at
    )
    return services.demand_create(title=title, proposal_ids=[proposal.id], actor=staff)


@pytest.fixture
def pack(world: Any, staff: User, today: dt.date) -> BriefingPack:
    """This November's data-zone demand repeats 2023's, which repeated 2020's."""
    y2020 = _raised(staff, "데이터 규제자유특구 지정", 2020)
    y2023 = _raised(staff, "데이터 규제자유특구 재요청", 2023)
    services.repeat_confirm(demand=world.datazone, earlier=y2023, actor=staff)
    services.repeat_confirm(demand=y2023, earlier=y2020, actor=staff)
    return briefing_pack(date_from=SINCE, today=today)


def test_a_repeated_demand_carries_its_rounds_and_first_year(pack: BriefingPack, world: Any) -> None:
    lines = {d.id: d for block in pack.themes for d in block.demands}
    assert lines[world.datazone.id].rounds_label == "3회 (2020년부터)"
    assert lines[world.gpu.id].rounds_label == ""


def test_the_pdf_prints_it_under_the_demand(pack: BriefingPack, pdf: Any) -> None:
    text = pdf.compact(pdf.text(briefing_pdf(pack)))
    assert "데이터규제자유지역지정" in text
    assert "제기회차:3회(2020년부터)" in text
    assert text.count("제기회차:") == 1


def test_the_workbook_has_a_column_for_it(pack: BriefingPack, world: Any) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(briefing_xlsx(pack)))
    rows = list(wb["분야별 수요"].iter_rows(values_only=True))
    column = rows[0].index("제기 회차")
    by_id = {r[1]: r[column] for r in rows if isinstance(r[1], int)}
    assert by_id[world.datazone.id] == "3회 (2020년부터)"
    assert by_id[world.gpu.id] in (None, "")
