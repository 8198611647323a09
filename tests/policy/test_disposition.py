"""The decision on a demand, and the promise that every 'no' carries its reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from sori.feedback.selectors import feedback_owed
from sori.feedback.services import feedback_send
from sori.policy.models import Disposition, ReasonCode
from sori.policy.services import disposition_decide
from sori.voices import services
from sori.voices.outcomes import Outcome


@pytest.fixture
def assigned(staff, meeting, proposer, department):
    p = services.proposal_record(
        text="GPU 사용기간을 12개월로", actor=staff, person=proposer, engagement=meeting
    )
    demand = services.demand_create(title="GPU 12개월", proposal_ids=[p.id], actor=staff)
    return services.demand_assign(demand=demand, department=department, actor=staff)


def test_not_adopted_without_reason_is_refused_and_says_why(assigned, officer) -> None:
    with pytest.raises(ValidationError) as err:
        disposition_decide(demand=assigned, actor=officer, outcome=Outcome.NOT_ADOPTED)
    assert set(err.value.message_dict) == {"reason_code", "reason", "limits"}
    assert "사유" in err.value.message_dict["reason"][0]
    assert not Disposition.objects.exists()


def test_database_refuses_a_reasonless_no_even_outside_the_service(assigned) -> None:
    from django.utils import timezone

    with pytest.raises(IntegrityError):
        Disposition.objects.create(demand=assigned, outcome=Outcome.NOT_ADOPTED, decided_at=timezone.now())


def test_officer_of_another_department_cannot_decide(assigned, other_officer) -> None:
    with pytest.raises(PermissionDenied):
        disposition_decide(demand=assigned, actor=other_officer, outcome=Outcome.ADOPTED)


def test_decision_then_feedback_once(
    assigned, officer, staff, proposer, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    disposition_decide(
        demand=assigned,
        actor=officer,
        outcome=Outcome.REFERRED,
        reason_code=ReasonCode.OTHER_BODY,
        reason="데이터센터 운영 규정은 정보통신산업진흥원 소관입니다.",
        limits="시는 지침 개정을 건의합니다.",
        referred_to="정보통신산업진흥원",
    )
    assigned.refresh_from_db()
    assert assigned.outcome == Outcome.REFERRED
    [owed] = feedback_owed()
    assert (owed.organisation, owed.person) == (proposer.organisation, None)  # one letter per organisation
    with django_capture_on_commit_callbacks(execute=True):
        feedback_send(actor=staff, person=proposer)
    assert len(mailoutbox) == 1
    assert "정보통신산업진흥원" in mailoutbox[0].body
    assert feedback_owed() == []
    with pytest.raises(ValidationError):
        feedback_send(actor=staff, person=proposer)


def test_an_officer_cannot_answer_in_another_departments_name(
    officer, department, other_department, staff, theme
):
    from django.core.exceptions import ValidationError as Refused

    from sori.policy.services import disposition_decide
    from sori.voices import services as voices
    from sori.voices.outcomes import Outcome

    proposal = voices.proposal_record(text="GPU 기간 연장", actor=staff)
    demand = voices.demand_create(title="GPU 기간", proposal_ids=[proposal.id], actor=staff, theme=theme)
    voices.demand_assign(demand=demand, department=department, actor=staff)
    with pytest.raises(Refused) as refused:
        disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED, department=other_department)
    assert "자기 부서 이름" in str(refused.value)
    assert not demand.dispositions.exists()
    # in their own name, or leaving the department as it is, the answer is saved
    answer = disposition_decide(demand=demand, actor=officer, outcome=Outcome.ADOPTED, department=department)
    assert answer.department_id == department.id
