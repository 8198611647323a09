"""Organising by meaning: vectors stored once per proposal, similar while typing, placement, the map."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

import sori.text
from sori.voices import services, vectors
from sori.voices.models import Decision, Demand, Proposal, ProposalVector, Suggestion, SuggestionKind
from sori.voices.organise.placement import proposals_place
from sori.voices.organise.runs import organising_run_now

pytestmark = pytest.mark.django_db

# From tests/text/fixtures/paraphrases_c.jsonl (demand "childcare"): no word in common, and the encoder
# ranks each the other's nearest among all 70 proposals of the set (cosine 0.63).
CHILDCARE = "단지 안에 직장 어린이집이 있으면 좋겠습니다."
CHILDCARE_OTHER_WORDS = "맞벌이 직원들이 아이를 맡길 곳이 없어 퇴사합니다."
OTHERS = [
    "GPU 신청하고 배정받기까지 석 달을 기다렸습니다. 대기 시간을 줄여 주세요.",  # c1
    "작은 공장은 AI 솔루션을 사고 싶어도 도입 비용이 너무 비쌉니다.",  # c3
    "AI 집적단지에 주차 공간이 너무 부족합니다.",  # c12
]


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record every call of the text core's encoders (stored vectors and typed queries)."""
    calls: list[list[str]] = []

    def spy(real: Any) -> Any:
        def call(texts: Any) -> np.ndarray:
            calls.append(list(texts))
            return real(texts)

        return call

    monkeypatch.setattr(sori.text, "encode", spy(sori.text.encode))
    monkeypatch.setattr(sori.text, "encode_search", spy(sori.text.encode_search))
    return calls


def record(staff: User, text: str, capture: Any, **kwargs: Any) -> Proposal:
    with capture(execute=True):
        return services.proposal_record(text=text, actor=staff, **kwargs)


def test_a_saved_proposal_is_encoded_once_and_reused(
    staff: User, encoded: list[list[str]], django_capture_on_commit_callbacks: Any
) -> None:
    # when: a proposal is recorded (its placement task runs after commit)
    proposal = record(staff, CHILDCARE, django_capture_on_commit_callbacks)

    # then: it has exactly one stored vector, encoded in one call
    assert ProposalVector.objects.filter(proposal=proposal).count() == 1
    assert encoded == [[CHILDCARE]]
    # and using it again (placement, grouping, search) never encodes it again
    again = vectors.vectors_ensure([proposal.id])
    proposals_place(proposal_ids=[proposal.id])
    assert encoded == [[CHILDCARE]]
    assert np.allclose(again[proposal.id], vectors.stored_vectors([proposal.id])[proposal.id])
    assert abs(float(np.linalg.norm(again[proposal.id])) - 1.0) < 1e-3


def test_a_vector_of_another_model_version_is_encoded_again(
    staff: User, encoded: list[list[str]], django_capture_on_commit_callbacks: Any
) -> None:
    proposal = record(staff, CHILDCARE, django_capture_on_commit_callbacks)
    ProposalVector.objects.filter(proposal=proposal).update(model="an-older-encoder")
    assert vectors.missing_ids() == [proposal.id]

    vectors.vectors_ensure([proposal.id])

    assert encoded == [[CHILDCARE], [CHILDCARE]]
    row = ProposalVector.objects.get(proposal=proposal)
    assert row.model == sori.text.MODEL_VERSION and vectors.missing_ids() == []


def test_the_backfill_command_encodes_proposals_saved_without_a_vector(staff: User, capsys: Any) -> None:
    # given: proposals saved while nothing ran after commit (as before vectors were kept)
    saved = [services.proposal_record(text=t, actor=staff) for t in (CHILDCARE, *OTHERS[:1])]
    assert not ProposalVector.objects.exists()

    call_command("proposal_vectors")

    assert set(ProposalVector.objects.values_list("proposal_id", flat=True)) == {p.id for p in saved}
    assert "2건" in capsys.readouterr().out


def test_similar_while_typing_finds_a_paraphrase_sharing_no_word(
    login: Any, staff: User, encoded: list[list[str]], django_capture_on_commit_callbacks: Any
) -> None:
    # given: the earlier childcare proposal and unrelated ones, each encoded when saved
    with django_capture_on_commit_callbacks(execute=True), services.suggestions_batched():
        earlier = services.proposal_record(text=CHILDCARE, actor=staff)
        for text in OTHERS:
            services.proposal_record(text=text, actor=staff)
    before = len(encoded)

    # when: staff type the same request in other words
    data = login(staff).get(reverse("voices:proposal_similar"), {"text": CHILDCARE_OTHER_WORDS}).json()

    # then: the earlier proposal comes first, found by meaning alone, and only the typed text was encoded
    top = data["proposals"][0]
    assert top["id"] == earlier.id and top["text"] == CHILDCARE
    assert top["meaning"] >= 0.5 and top["words"] is None
    assert set(top) >= {"id", "text", "who", "score", "keywords", "demand", "url"}
    assert encoded[before:] == [[CHILDCARE_OTHER_WORDS]]


@pytest.fixture
def childcare_demand(staff: User, django_capture_on_commit_callbacks: Any) -> Demand:
    with django_capture_on_commit_callbacks(execute=True), services.suggestions_batched():
        asked = [
            services.proposal_record(text=t, actor=staff)
            for t in (CHILDCARE, "입주 기업 직원 자녀를 위한 공동 보육 시설을 만들어 주세요.")
        ]
        for text in OTHERS:
            services.proposal_record(text=text, actor=staff)
    demand = services.demand_create(
        title="산업단지 직장 어린이집 설치", proposal_ids=[p.id for p in asked], actor=staff
    )
    # answered demands may take new proposals too
    Demand.objects.filter(id=demand.id).update(stage="answered", outcome="adopted")
    return demand


def test_a_paraphrase_of_a_demand_is_suggested_to_join_it_with_why(
    login: Any, staff: User, childcare_demand: Demand, django_capture_on_commit_callbacks: Any
) -> None:
    # when: a new proposal asks the same in other words
    new = record(staff, CHILDCARE_OTHER_WORDS, django_capture_on_commit_callbacks)

    # then: it is suggested to join the (answered) demand, by meaning, with the nearest member as reason
    s = Suggestion.objects.get(proposal=new, kind=SuggestionKind.DEMAND, active=True)
    assert s.demand == childcare_demand and s.run is None
    assert s.evidence["meaning"] >= 0.45
    assert s.evidence["nearest"][0]["text"] == CHILDCARE
    # and the organise screen shows the suggestion with its scores and nearest proposal
    page = login(staff).get(reverse("voices:organise")).content.decode()
    assert "산업단지 직장 어린이집 설치" in page
    assert f"뜻 {s.evidence['meaning']:.2f}" in page and CHILDCARE in page
    assert reverse("voices:organise_dismiss_suggestion") in page


def test_a_dismissed_demand_suggestion_is_not_suggested_again(
    login: Any, staff: User, childcare_demand: Demand, django_capture_on_commit_callbacks: Any
) -> None:
    new = record(staff, CHILDCARE_OTHER_WORDS, django_capture_on_commit_callbacks)
    s = Suggestion.objects.get(proposal=new, kind=SuggestionKind.DEMAND, active=True)

    # when: staff say it does not belong there
    response = login(staff).post(reverse("voices:organise_dismiss_suggestion"), {"suggestion": s.id})
    assert response.status_code == 302
    s.refresh_from_db()
    assert s.decision == Decision.REJECTED

    # then: placing it again, or a full organising run, does not suggest that demand again
    proposals_place(proposal_ids=[new.id])
    organising_run_now(actor=staff)
    again = Suggestion.objects.filter(proposal=new, kind=SuggestionKind.DEMAND, demand=childcare_demand)
    assert list(again.values_list("decision", flat=True)) == [Decision.REJECTED]
    # and the proposal still waits
    new.refresh_from_db()
    assert new.demand is None


def test_two_waiting_paraphrases_are_suggested_as_a_group_and_can_be_accepted(
    login: Any, staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    first = record(staff, CHILDCARE, django_capture_on_commit_callbacks)
    second = record(staff, CHILDCARE_OTHER_WORDS, django_capture_on_commit_callbacks)

    rows = Suggestion.objects.filter(kind=SuggestionKind.NEW_GROUP, active=True, decision="")
    assert {s.proposal_id for s in rows} == {first.id, second.id}
    assert {s.group for s in rows} == {second.id} and all(s.run_id is None for s in rows)

    client = login(staff)
    page = client.get(reverse("voices:organise")).content.decode()
    assert f'id="group-p-{second.id}"' in page

    # when: staff accept the suggested group as a new demand
    response = client.post(
        reverse("voices:organise_accept"),
        {
            "action": "create",
            "ids": [first.id, second.id],
            "title": "직장 어린이집",
            "run": "",
            "group": second.id,
            "submission_key": "k-place",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.demand is not None and first.demand.title == "직장 어린이집"
    assert set(
        Suggestion.objects.filter(kind=SuggestionKind.NEW_GROUP).values_list("decision", flat=True)
    ) == {Decision.ACCEPTED}


def test_a_dismissed_group_is_not_suggested_again(
    staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    from sori.voices.organise.suggestion_decisions import organise_dismiss

    first = record(staff, CHILDCARE, django_capture_on_commit_callbacks)
    second = record(staff, CHILDCARE_OTHER_WORDS, django_capture_on_commit_callbacks)
    organise_dismiss(run=None, group=second.id, proposal_ids=[first.id, second.id], actor=staff)

    proposals_place(proposal_ids=[second.id])

    assert not Suggestion.objects.filter(kind=SuggestionKind.NEW_GROUP, decision="", active=True).exists()


def test_the_organise_screen_draws_the_map_of_a_series(
    login: Any, staff: User, meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        said = services.proposals_record_lines(
            raw="\n".join([f"㈜아이돌봄: {CHILDCARE}", f"㈜맞벌이: {CHILDCARE_OTHER_WORDS}", *OTHERS]),
            actor=staff,
            engagement=meeting,
        )
    page = (
        login(staff).get(reverse("voices:organise"), {"map": f"series-{meeting.series_id}"}).content.decode()
    )

    assert page.count('class="vm-point') == len(said)
    assert "㈜아이돌봄 — " + CHILDCARE in page
    assert "voices/voice_map.js" in page


def test_a_batch_places_paraphrases_in_one_group_once(
    staff: User, meeting: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # when: a meeting's lines include two paraphrases, saved and placed as one batch
    with django_capture_on_commit_callbacks(execute=True):
        said = services.proposals_record_lines(
            raw="\n".join([CHILDCARE, *OTHERS, CHILDCARE_OTHER_WORDS]), actor=staff, engagement=meeting
        )

    # then: the two share one suggested group and every proposal is in at most one
    rows = list(
        Suggestion.objects.filter(kind=SuggestionKind.NEW_GROUP, active=True).values("proposal_id", "group")
    )
    assert sorted(r["proposal_id"] for r in rows) == sorted({said[0].id, said[-1].id})
    assert len({r["group"] for r in rows}) == 1


def test_common_words_alone_do_not_suggest_a_demand_meaning_rules_out(
    staff: User, django_capture_on_commit_callbacks: Any
) -> None:
    from sori.voices import text_index

    # given: a demand about housing and settling subsidies for AI staff
    with django_capture_on_commit_callbacks(execute=True), services.suggestions_batched():
        asked = [
            services.proposal_record(text=t, actor=staff)
            for t in (
                "지역 AI 인력이 정착하도록 주거비와 정착지원금을 지원해 주세요.",
                "AI 기업 신규 채용 인력의 주거비 부담이 큽니다. 정착 지원이 필요합니다.",
            )
        ]
    services.demand_create(title="AI 인력 주거비·정착지원금", proposal_ids=[p.id for p in asked], actor=staff)
    text = "AI 제품 해외 인증 비용 지원이 필요합니다. 인증에만 수천만 원이 듭니다."
    by_words = text_index.nearest_demand(text, None)  # what the word signal alone would suggest

    # when: a proposal about certification costs shares only common words (AI, 지원, 비용) with it
    new = record(staff, text, django_capture_on_commit_callbacks)

    # then: whatever the words say, meaning sees no match, so no demand is suggested
    assert not Suggestion.objects.filter(proposal=new, kind=SuggestionKind.DEMAND, active=True).exists()
    assert by_words is not None and by_words.words is not None
    assert 0.45 <= by_words.words < text_index.WORDS_ALONE
