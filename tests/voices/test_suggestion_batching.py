"""A meeting's lines, an import or the demo ask for their demand suggestions once, not once per proposal."""

from __future__ import annotations

from typing import Any

import pytest

from sori.voices import services
from sori.voices.services import proposals as proposal_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch: pytest.MonkeyPatch) -> list[list[int]]:
    calls: list[list[int]] = []
    monkeypatch.setattr(proposal_services, "_queue_suggestions", calls.append)
    return calls


def test_fast_entry_queues_one_batch_after_commit(
    staff: Any, meeting: Any, queued: list[list[int]], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        recorded = services.proposals_record_lines(raw="하나\n둘\n셋", actor=staff, engagement=meeting)
    assert queued == [[p.id for p in recorded]]


def test_a_single_proposal_queues_itself(
    staff: Any, queued: list[list[int]], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.proposal_record(text="GPU 기간 연장", actor=staff)
    assert queued == [[proposal.id]]


def test_a_failed_batch_queues_nothing(staff: Any, meeting: Any, queued: list[list[int]]) -> None:
    with pytest.raises(RuntimeError), services.suggestions_batched():
        services.proposal_record(text="곧 취소될 제안", actor=staff)
        raise RuntimeError
    # and the next single proposal is not swallowed by a stale batch
    services.proposal_record(text="다음 제안", actor=staff)
    assert proposal_services._batch.ids is None
