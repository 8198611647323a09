"""The whole loop through HTTP, as people walk it, using only the forms the pages render.

Staff record a meeting series and its voices, organise them into a demand and send it to a department; the
officer answers (a 'not adopted' without a reason is refused); staff tell the proposer and publish; the public
sees, supports and follows it; a citizen's proposal waits for moderation; the demand page keeps the trail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sori.core.roles import Role
from sori.policy.models import Disposition
from sori.registry.models import Organisation
from sori.voices.models import Demand, Moderation, Proposal, Support

PASSWORD = "correct-horse-battery"  # the conftest password


# ----------------------------------------------------------------------------------------------------
# A small reader of rendered forms: what a browser would submit, and nothing the page does not offer.


@dataclass
class Control:
    name: str
    kind: str  # input type, "textarea" or "select"
    value: str = ""
    checked: bool = False
    attrs: dict[str, str] = field(default_factory=dict)
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # value, label, selected
    multiple: bool = False


@dataclass
class Form:
    attrs: dict[str, str]
    controls: list[Control] = field(default_factory=list)

    @property
    def action(self) -> str:
        return self.attrs.get("action", "")

    def names(self) -> set[str]:
        return {c.name for c in self.controls}

    def defaults(self) -> dict[str, Any]:
        """Return what the browser would send untouched (submit buttons and files left out)."""
        data: dict[str, Any] = {}
        for c in self.controls:
            if c.kind in ("submit", "button", "file", "image", "reset"):
                continue
            if c.kind in ("checkbox", "radio"):
                if c.checked:
                    data.setdefault(c.name, []).append(c.value or "on")
                continue
            if c.kind == "select":
                chosen = [v for v, _label, sel in c.options if sel]
                if c.multiple:
                    data[c.name] = chosen
                else:
                    data[c.name] = chosen[0] if chosen else (c.options[0][0] if c.options else "")
                continue
            data[c.name] = c.value
        return {
            k: (v[0] if isinstance(v, list) and len(v) == 1 and not self._multi(k) else v)
            for k, v in data.items()
        }

    def _multi(self, name: str) -> bool:
        return any(c.name == name and (c.kind == "checkbox" or c.multiple) for c in self.controls)

    def fill(self, **values: Any) -> dict[str, Any]:
        """Return the defaults with ``values`` set; every name must be a control the page rendered."""
        unknown = set(values) - self.names()
        assert not unknown, f"the form has no field(s) {unknown}; it has {sorted(self.names())}"
        return {**self.defaults(), **values}

    def control(self, name: str) -> Control:
        return next(c for c in self.controls if c.name == name)

    def option(self, name: str, label_contains: str) -> str:
        """Return the value of the option of select ``name`` whose label contains the text."""
        found = [v for v, label, _sel in self.control(name).options if label_contains in label]
        assert found, f"no option '{label_contains}' in {name}: {self.control(name).options}"
        return found[0]

    def checkboxes(self, name: str) -> list[Control]:
        return [c for c in self.controls if c.name == name and c.kind == "checkbox"]

    def buttons(self) -> list[tuple[str, str]]:
        return [(c.name, c.value) for c in self.controls if c.kind == "submit" and c.name]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: Control | None = None
        self._select: Control | None = None
        self._option: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if tag == "form":
            self._form = Form(attrs)
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            self._form.controls.append(
                Control(
                    name,
                    attrs.get("type", "text").lower(),
                    attrs.get("value", ""),
                    "checked" in attrs,
                    attrs,
                )
            )
        elif tag == "button" and name:
            kind = attrs.get("type", "submit").lower()
            self._form.controls.append(Control(name, kind, attrs.get("value", ""), attrs=attrs))
        elif tag == "textarea" and name:
            self._textarea = Control(name, "textarea", attrs=attrs)
            self._form.controls.append(self._textarea)
        elif tag == "select" and name:
            self._select = Control(name, "select", attrs=attrs, multiple="multiple" in attrs)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [attrs.get("value"), "", "selected" in attrs]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline right after <textarea>.
            self._textarea.value = self._textarea.value.removeprefix("\n")
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, label, selected = self._option
            self._select.options.append((label.strip() if value is None else value, label.strip(), selected))
            self._option = None
        elif tag == "select":
            self._select = None


def forms_of(response: Any) -> list[Form]:
    parser = _FormParser()
    parser.feed(response.content.decode())
    return parser.forms


def form_on(response: Any, *, action: str | None = None, has: str | None = None) -> Form:
    """Return the one form posting to ``action`` (a path; '' for the page itself) or holding ``has``."""
    found = [
        f
        for f in forms_of(response)
        if f.attrs.get("method", "get").lower() == "post"
        and (action is None or f.action == action)
        and (has is None or has in f.names())
    ]
    assert len(found) == 1, f"expected one form ({action=}, {has=}), found {len(found)}"
    return found[0]


def text_of(response: Any) -> str:
    """Return the page's visible text, tags removed and whitespace folded, as a reader sees it."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def links_of(response: Any, pattern: str) -> list[str]:
    return [
        unescape(h)
        for h in re.findall(r'href="([^"]+)"', response.content.decode())
        if re.fullmatch(pattern, unescape(h))
    ]


def submit(client: Client, response: Any, form: Form, data: dict[str, Any], **extra: Any) -> Any:
    """POST ``data`` where the form posts (the page itself when it has no action) and follow redirects."""
    url = form.action or response.request["PATH_INFO"]
    return client.post(url, data, follow=True, **extra)


def said(response: Any, *phrases: str) -> None:
    page = text_of(response)
    for phrase in phrases:
        assert phrase in page, f"'{phrase}' not on the page:\n{page[:3000]}"


def log_in(username: str) -> Client:
    """Log in through the login page, with CSRF checks on as in a browser."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    form = form_on(page, has="username")
    home = submit(client, page, form, form.fill(username=username, password=PASSWORD))
    assert home.status_code == 200
    assert "_auth_user_id" in client.session, text_of(home)[:500]
    return client


def cp949_csv(rows: list[list[str]]) -> bytes:
    return "\r\n".join(",".join(r) for r in rows).encode("cp949")


# ----------------------------------------------------------------------------------------------------


ROUND_1_LINES = [
    "㈜아이티앱스: GPU 사용기간을 최소 12개월로 늘리고, 매번 재선발 대신 연장(갱신)을 허용해 주세요",
    "㈜광주비전: 국가AI데이터센터 GPU 6개월 사용으로는 모델 하나도 끝까지 학습시키기 어렵습니다",
    "㈜아이티앱스: 공공기관 공간제공형 실증은 문턱이 높아 콘텐츠 AI 기업은 참여하기 어렵습니다",
    "AI는 빠르고 제조업은 느립니다. 둘을 잇는 미드필더가 필요합니다",
]


@pytest.mark.django_db
def test_the_whole_loop_through_http(
    make_user: Callable[..., User],
    department: Organisation,
    other_department: Organisation,
    company: Organisation,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given: the committee's staff member, the AI industry department's officer, and ㈜아이티앱스 in the
    # registry with its contact address
    staff_user = make_user("kim.staff", Role.STAFF)
    staff_user.first_name = "김지현"
    staff_user.save()
    make_user("lee.officer", Role.OFFICER, department)
    staff = log_in("kim.staff")

    # 1. staff create the series with six rounds on Tuesdays and Fridays from 2025-11-11
    page = staff.get("/staff/series/new/")
    assert page.status_code == 200
    form = form_on(page, action="")
    page = submit(
        staff,
        page,
        form,
        form.fill(
            title="2025 AI기업 조찬간담회",
            host_name="광주광역시의회 AI특별위원회",
            round_count="6",
            first_date="2025-11-11",
            weekdays=["1", "4"],  # 화, 금
            time="07:30",
            place="광주광역시의회 대회의실",
        ),
    )
    assert page.status_code == 200
    said(page, "'2025 AI기업 조찬간담회' 시리즈와 간담회 6회를 만들었습니다")
    for day in ("2025. 11. 11.(화)", "2025. 11. 14.(금)", "2025. 11. 18.(화)", "2025. 11. 28.(금)"):
        said(page, day)
    meetings = links_of(page, r"/staff/meetings/\d+/")
    assert len(meetings) == 6

    # 2. open round 1 and fast-enter what was said, one proposal per line
    page = staff.get(meetings[0])
    said(page, "제1차", "2025. 11. 11.(화)", "07:30", "아직 기록된 제안이 없습니다")
    meeting_url = meetings[0]
    form = form_on(page, has="raw")
    entry = form.fill(raw="\n".join(ROUND_1_LINES))
    assert entry["submission_key"], "the entry form carries a submission key"
    page = submit(staff, page, form, entry)
    said(page, "제안 4건을 기록했습니다", "이 간담회의 제안 4건")
    assert Proposal.objects.filter(organisation=company).count() == 2  # matched the registered company
    # a double-submitted form (the same key) records nothing twice
    page = submit(staff, page, form, entry)
    said(page, "이미 저장된 입력입니다", "이 간담회의 제안 4건")
    assert Proposal.objects.count() == 4

    # 3. import a small CP949 CSV, as Korean Excel writes it: upload, map the columns, check, save
    page = staff.get(meeting_url)
    page = staff.get(links_of(page, r"/staff/meetings/\d+/import/")[0])
    said(page, "CSV")
    form = form_on(page, has="file")
    upload = SimpleUploadedFile(
        "1차_건의사항.csv",
        cp949_csv(
            [
                ["건의사항", "기관명", "제안자", "직위"],
                [
                    "GPU 지원 기간이 짧아 매년 다시 신청해야 합니다. 갱신제로 바꿔 주세요",
                    "㈜데이터온",
                    "박서연",
                    "대표",
                ],
                ["AI사관학교 수료생을 기업 맞춤형으로 길러 주세요", "광주AI협회", "최민호", "사무국장"],
            ]
        ),
        content_type="text/csv",
    )
    page = submit(staff, page, form, {**form.defaults(), "file": upload})
    said(page, "'1차_건의사항.csv'에서 2행을 읽었습니다", "㈜데이터온", "박서연")  # decoded from CP949
    form = form_on(page, action="")
    assert (
        form.defaults()["text"] == "0" and form.defaults()["organisation"] == "1"
    )  # guessed from the header
    page = submit(staff, page, form, {**form.defaults(), "check": "1"})
    said(page, "모든 행을 가져올 수 있습니다", "새 기관 2곳을 등록합니다")
    assert Proposal.objects.count() == 4  # checking saves nothing
    form = form_on(page, action="")
    assert ("apply", "1") in form.buttons()
    page = submit(staff, page, form, {**form.defaults(), "apply": "1"})
    said(page, "제안 2건을 가져왔습니다")
    assert Proposal.objects.count() == 6

    # 4. group the GPU proposals into one demand on the proposals page, by ticking them
    page = staff.get("/staff/proposals/?grouped=no&moderation=accepted")
    said(page, "6건")
    form = form_on(page, action="/staff/proposals/group/")
    gpu = [c.value for c in form.checkboxes("ids") if "GPU" in c.attrs.get("data-text", "")]
    assert len(gpu) == 3
    title = "국가AI데이터센터 GPU 사용기간을 12개월 이상으로 늘리고 갱신을 허용해 주세요"
    page = submit(staff, page, form, form.fill(ids=gpu, title=title, action="create"))
    said(page, "제안 3건을 새 수요", title, "(으)로 묶었습니다")
    demand_url = links_of(page, r"/staff/demands/\d+/")[0]
    demand = Demand.objects.get(title=title)
    assert demand_url == f"/staff/demands/{demand.id}/"

    # 5. assign the responsible department
    page = staff.get(demand_url)
    said(page, "요청 기관 3곳", "제안 3건", "정리 중")
    form = form_on(page, action=f"/staff/demands/{demand.id}/assign/")
    page = submit(
        staff,
        page,
        form,
        form.fill(department=form.option("department", "인공지능산업과"), answer_due="2025-12-12"),
    )
    said(
        page, "광주광역시 인공지능산업과에 배정했습니다. 답변 기한은 2025. 12. 12.(금)입니다.", "답변 준비 중"
    )

    # 6. the officer sees it in their inbox and records 'not adopted'
    officer = log_in("lee.officer")
    page = officer.get("/staff/inbox/")
    said(page, "부서 답변함", "광주광역시 인공지능산업과", title, "답변 대기 1건")
    page = officer.get(links_of(page, rf"/staff/demands/{demand.id}/decide/")[0])
    said(page, "처리결과 입력", "GPU 사용기간을 최소 12개월로", "㈜아이티앱스")
    form = form_on(page, action="")
    # first without a reason: refused, nothing saved, and the page says why
    page = submit(officer, page, form, form.fill(outcome="not_adopted"))
    assert page.status_code == 200
    said(
        page,
        "아무 것도 저장되지 않았습니다",
        "사유 구분을 선택해 주세요.",
        "사유를 적어 주세요.",
        "'반영'이 아닌 결과에는 제안자에게 설명할 사유와 한계가 꼭 필요합니다.",
    )
    assert not Disposition.objects.exists()
    reason = (
        "GPU 배분 기간은 국가AI데이터센터 운영 지침(과학기술정보통신부)으로 정해져 시가 바꿀 수 없습니다."
    )
    limits = "시는 12개월 이상 사용과 갱신제를 중앙부처에 건의하고, 그동안 시 자체 GPU 바우처를 안내합니다."
    form = form_on(page, action="")
    page = submit(
        officer,
        page,
        form,
        form.fill(
            outcome="not_adopted",
            reason_code="national_law",
            reason=reason,
            limits=limits,
            instrument="law_revision",
        ),
    )
    said(
        page,
        "처리결과를 저장했습니다. 제안자 3명에게 보낼 회신이 준비되었습니다.",
        "답변 대기 0건",
        "답변 완료 1건",
    )
    assert Disposition.objects.get(demand=demand).reason == reason

    # 7. staff send feedback: one message to ㈜아이티앱스 with the reason and the private status link
    page = staff.get("/staff/feedback/")
    said(page, "㈜아이티앱스", "contact@itapps.example.kr")
    preview = links_of(page, rf"/staff/feedback/preview/org/{company.id}/")
    page = staff.get(preview[0])
    said(page, "회신 미리 보기", "반영 곤란", reason)
    form = form_on(page, action="")
    assert form.defaults()["channel"] == "email"
    with django_capture_on_commit_callbacks(execute=True):  # the mail leaves once the sending commits
        page = submit(staff, page, form, form.defaults())
    said(page, "㈜아이티앱스님께 보낼 이메일을 발송 대기열에 넣었습니다.")
    assert len(mail.outbox) == 1
    said(staff.get("/staff/feedback/sent/"), "㈜아이티앱스", "contact@itapps.example.kr", "발송 완료")
    message = mail.outbox[0]
    assert message.to == ["contact@itapps.example.kr"]
    assert reason in message.body and limits in message.body and "반영 곤란" in message.body
    status_link = re.search(r"https?://\S+/status/\S+/", message.body)
    assert status_link, message.body

    # 8. staff publish the demand
    page = staff.get(demand_url)
    form = form_on(page, action=f"/staff/demands/{demand.id}/publish/")
    page = submit(staff, page, form, form.defaults())
    said(page, "공개 현황판에 게시했습니다.", "공개 현황판에 게시됨")

    # 9. an anonymous visitor finds it on the public tracker with the reason, and supports it by e-mail
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    page = visitor.get(links_of(page, r"/tracker/")[0])
    said(page, "정책 수요 1건", title, "반영 곤란", reason[:40], "요청 기관 3곳", "공감 0")
    assert 'class="tag grey"' in page.content.decode()  # a reasoned no is grey, never red
    page = visitor.get(links_of(page, rf"/tracker/{demand.id}/")[0])
    said(page, "국가 법령 개정 필요", limits, "㈜아이티앱스")
    form = form_on(page, action=f"/tracker/{demand.id}/support/")
    with django_capture_on_commit_callbacks(execute=True):
        page = submit(visitor, page, form, {**form.defaults(), "email": "visitor@example.kr"})
    said(page, "입력하신 주소로 확인 링크를 보냈습니다", "공감 0", "공감 확인을 기다리고 있습니다")
    support_link = re.search(r"/tracker/support/\S+/", mail.outbox[-1].body)
    assert support_link is not None and mail.outbox[-1].to == ["visitor@example.kr"]
    said(visitor.get(support_link.group(0)), "공감이 반영되었습니다")
    visitor.get(support_link.group(0))  # the same link again (e.g. a second tab)
    said(visitor.get(f"/tracker/{demand.id}/"), "이미 공감하셨습니다.", "공감 1")
    assert Support.objects.filter(demand=demand).count() == 1

    # 10. the proposer opens the private status link from the mail and reads the answer
    page = Client().get(status_link.group(0).split("testserver", 1)[-1])
    assert page.status_code == 200
    said(page, "내 제안 진행 상황", "GPU 사용기간을 최소 12개월로", "반영 곤란", reason, limits)
    assert "공간제공형 실증" in text_of(page)  # their other, not yet grouped proposal
    assert "광주비전" not in text_of(page)  # nobody else's

    # 11. a citizen proposes on /propose/ with consent; it waits for moderation until staff accept it
    citizen = Client(enforce_csrf_checks=True)
    page = citizen.get("/propose/")
    form = form_on(page, action="")
    words = "AI 실증 결과를 시민이 직접 체험할 수 있는 공개 시연회를 열어 주세요."
    page = submit(
        citizen,
        page,
        form,
        form.fill(text=words, name="정하늘", email="sky@example.kr", consent="on", contact_consent="on"),
    )
    said(page, "제안해 주셔서 고맙습니다", "검토를 기다리고 있습니다")
    citizen_status = links_of(page, r"https?://testserver/status/[^/]+/")
    assert citizen_status, text_of(page)[:1000]
    page = citizen.get(citizen_status[0].split("testserver", 1)[1])
    said(page, words, "검토 대기")
    assert words not in text_of(visitor.get("/tracker/"))
    page = staff.get("/staff/moderation/")
    said(page, words, "정하늘")
    form = form_on(page, action="/staff/moderation/decide/")
    pending = Proposal.objects.get(text=words)
    assert pending.moderation == Moderation.PENDING
    page = submit(staff, page, form, form.fill(accept_one=str(pending.id)))
    said(page, "제안 1건을 접수했습니다")
    page = staff.get("/staff/proposals/?grouped=no&moderation=accepted")
    said(page, words, "묶기 대기")

    # 12. the demand page shows who said what and the audit trail of every step
    page = staff.get(demand_url)
    said(
        page,
        "변경 기록",
        "새 수요로 묶음",
        "소관부서 지정",
        "처리결과 기록",
        "회신 발송",
        "공개 여부 변경",
        "김지현",
        "lee.officer",
        "반영 곤란",
        reason,
        "㈜데이터온",
    )
    assert "feedback.item" not in text_of(page)  # every action has a Korean label
