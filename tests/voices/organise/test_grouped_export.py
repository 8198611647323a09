"""What staff grouped teaches the grouping metric: export the groups, fit a metric from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from sori.text._metric import load_metric
from sori.text.cli import main as text_main
from sori.voices import services

pytestmark = pytest.mark.django_db

GPU = ["GPU 사용 기간을 1년으로 늘려 주세요.", "연산 자원 배정이 6개월마다 끊겨 과제가 멈춥니다."]
HOUSING = ["이전 기업 직원 주거 지원이 필요합니다.", "직원들이 살 임대주택을 마련해 주세요."]


def test_grouped_proposals_export_only_demands_voiced_twice_and_fit_a_metric(staff, tmp_path: Path) -> None:
    # given: two demands of two voices each, a demand of one voice, and a waiting proposal
    lines = [*GPU, *HOUSING, "주차장", "회의실 대관"]
    made = services.proposals_record_lines(raw="\n".join(lines), actor=staff)
    gpu = services.demand_create(title="GPU 기간", proposal_ids=[p.id for p in made[:2]], actor=staff)
    housing = services.demand_create(title="주거", proposal_ids=[p.id for p in made[2:4]], actor=staff)
    services.demand_create(title="주차", proposal_ids=[made[4].id], actor=staff)

    # when: the grouped proposals are written out
    out = tmp_path / "decided.jsonl"
    call_command("grouped_proposals", "-o", str(out), verbosity=0)

    # then: one line per proposal of the demands voiced twice, with no person or organisation
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(r["text"], r["demand"]) for r in rows} == {
        *((t, str(gpu.id)) for t in GPU),
        *((t, str(housing.id)) for t in HOUSING),
    }
    assert all(set(r) == {"id", "text", "demand"} for r in rows)
    # and: the file is what `sori text metric` learns from
    metric = tmp_path / "city.npz"
    assert text_main(["metric", str(out), "-o", str(metric)]) == 0
    assert load_metric(metric).scales.size > 0
