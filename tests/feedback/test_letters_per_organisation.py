"""One letter per organisation, covering every voice of its people; a personal one only without one."""

from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest

from sori.feedback import cli
from sori.feedback.letters import letter_for_owed, letter_pdf, write_pending_letters
from sori.feedback.models import Channel, FeedbackItem, MessageKind, OutboxMessage
from sori.feedback.selectors import feedback_owed
from sori.feedback.services import feedback_send, feedback_send_all
from sori.policy.models import Instrument
from sori.policy.services import disposition_decide
from sori.registry.models import Person
from sori.voices import services
from sori.voices.outcomes import Outcome

pytestmark = pytest.mark.django_db


@pytest.fixture
def voices(staff, officer, meeting, department, company, proposer):
    """㈜아이티앱스: two of its people and one line in its own name on two demands; one citizen alone."""
    colleague = Person.objects.create(
        name="이하늘", organisation=company, role="이사", email="sky@itapps.example.kr", contact_consent=True
    )
    silent = Person.objects.create(name="정조용", organisation=company, email="quiet@itapps.example.kr")
    citizen = Person.objects.create(name="한시민", email="citizen@example.kr", contact_consent=True)

    def said(text, **who):
        return services.proposal_record(text=text, actor=staff, engagement=meeting, **who).id

    gpu = services.demand_create(
        title="GPU 사용기간 12개월 이상",
        proposal_ids=[
            said("GPU 사용기간을 늘려 주세요.", person=proposer),
            said("GPU 연장 심사를 해 주세요.", person=colleague),
            said("GPU 재선정이 부담입니다.", person=citizen),
        ],
        actor=staff,
    )
    talent = services.demand_create(
        title="AI사관학교 맞춤 인재",
        proposal_ids=[said("맞춤형 인재를 연계해 주세요.", organisation=company)],
        actor=staff,
    )
    for demand in (gpu, talent):
        services.demand_assign(demand=demand, department=department, actor=staff)
        disposition_decide(
            demand=demand, actor=officer, outcome=Outcome.ADOPTED, instrument=Instrument.BUDGET
        )
    return {"colleague": colleague, "silent": silent, "citizen": citizen}


def test_one_recipient_per_organisation_and_one_per_lone_person(voices, company, proposer) -> None:
    owed = {o.label: o for o in feedback_owed()}
    assert set(owed) == {"㈜아이티앱스", str(voices["citizen"])}
    itapps = owed["㈜아이티앱스"]
    assert (itapps.person, itapps.organisation) == (None, company)
    assert len(itapps.items) == 3 and itapps.people == ["조춘호", "이하늘"]
    # the contact people who agreed to be written to, and the organisation's own address; not the silent one
    assert itapps.addresses == ["cho@itapps.example.kr", "sky@itapps.example.kr", "contact@itapps.example.kr"]
    assert owed[str(voices["citizen"])].addresses == ["citizen@example.kr"]


def test_the_outbox_sends_one_email_per_organisation_and_records_each_proposal(
    voices, staff, proposer, company, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        summary = feedback_send_all(actor=staff)
    assert summary.total == 2
    assert sorted(m.to for m in mailoutbox) == [
        ["cho@itapps.example.kr", "sky@itapps.example.kr", "contact@itapps.example.kr"],
        ["citizen@example.kr"],
    ]
    to_company = next(m for m in mailoutbox if "contact@itapps.example.kr" in m.to)
    # each proposal with who said it, the line in the organisation's name marked as such
    for words in ("(조춘호, ", "(이하늘, ", "(기관 명의, "):
        assert words in to_company.body
    assert "한시민" not in to_company.body and "재선정이 부담" not in to_company.body
    # one FeedbackItem per proposal, nothing owed any more, and the count on the pages follows
    assert FeedbackItem.objects.count() == 4 and feedback_owed() == []
    assert OutboxMessage.objects.filter(kind=MessageKind.FEEDBACK).count() == 2


def test_asking_for_a_person_of_an_organisation_sends_the_organisation_letter(voices, staff) -> None:
    feedback = feedback_send(actor=staff, person=voices["colleague"], channel=Channel.LETTER)
    assert (feedback.person, feedback.organisation.name, feedback.items.count()) == (None, "㈜아이티앱스", 3)
    assert [o.label for o in feedback_owed()] == [str(voices["citizen"])]


def pdf_words(data: bytes) -> str:
    """Return a PDF's text without whitespace (extraction may break lines anywhere)."""
    document = pdfium.PdfDocument(data)
    try:
        return "".join("".join(page.get_textpage().get_text_range() for page in document).split())
    finally:
        document.close()


def test_the_letter_names_who_said_each_proposal(voices) -> None:
    owed = next(o for o in feedback_owed() if o.organisation is not None)
    text = pdf_words(letter_pdf(letter_for_owed(owed)))
    assert (
        "㈜아이티앱스담당자님" in text
        and "㈜아이티앱스에서조춘호,이하늘님이주신의견을한통에담았습니다." in text
    )
    assert "제안하신분조춘호대표" in text and "제안하신분이하늘이사" in text and "제안하신분기관명의" in text


def test_letters_and_index_one_per_recipient(voices, tmp_path, capsys) -> None:
    # when the command writes the letters
    args = type("Args", (), {"output": str(tmp_path / "out")})()
    assert cli.cmd_feedback_letters(args) == 0
    # then one PDF per organisation, one for the citizen, and an index naming no organisation twice
    index = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == sorted(e["file"] for e in index)
    assert [set(e) for e in index] == [{"file", "organisation", "people", "proposals"}] * 2
    organisations = [e["organisation"] for e in index if e["organisation"]]
    assert organisations == ["㈜아이티앱스"]
    company = next(e for e in index if e["organisation"])
    alone = next(e for e in index if not e["organisation"])
    assert company["people"] == ["조춘호", "이하늘"] and len(company["proposals"]) == 3
    assert (
        alone["people"] == ["한시민"]
        and len(alone["proposals"]) == 1
        and alone["file"].endswith("_한시민.pdf")
    )
    assert "index.json" in capsys.readouterr().err
    # and writing again is the same
    assert len(write_pending_letters(directory=tmp_path / "again")) == 2
