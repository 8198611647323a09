"""Sending feedback shows on the staff demand page's trail in Korean, not as an internal action name."""

from __future__ import annotations

from sori.feedback.services import feedback_send


def test_the_demand_trail_names_the_feedback_step_in_korean(login, staff, answered, proposer) -> None:
    # given: a proposer of the answered demand was sent their feedback
    feedback_send(actor=staff, person=proposer)

    # when: staff open the demand page
    page = login(staff).get(f"/staff/demands/{answered.id}/").content.decode()

    # then: the trail says '회신 발송' and to whom, never 'feedback.item'
    assert "회신 발송" in page
    assert "조춘호" in page
    assert "feedback.item" not in page
