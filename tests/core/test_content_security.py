"""The content security policy: every page carries it, allows no inline code, and has none to allow;
attached files keep the policy of their own."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sori.attachments.services import attachment_add

from ..test_permissions import World, client_for, url_for
from ..test_permissions import world as world  # the fixture, by its name

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# (role, URL name, object in the permission table's words): public, staff, officer and admin pages, and the
# pages that once carried inline code (the printable letter, the reply preview, deadlines, reports).
PAGES = [
    ("anon", "home:front", "-"),
    ("anon", "public:tracker", "-"),
    ("anon", "public:propose", "-"),
    ("anon", "public:demand", "mine"),
    ("staff", "home:home", "-"),
    ("staff", "engagement:meeting_detail", "meeting"),
    ("staff", "voices:demand_detail", "hidden"),
    ("staff", "feedback:letter", "letter"),
    ("staff", "feedback:preview", "owed"),
    ("staff", "feedback:deadlines", "-"),
    ("officer", "policy:decide", "mine"),
    ("company", "public:company", "-"),
]


def directives(header: str) -> dict[str, list[str]]:
    """Return the policy header as directive → sources."""
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {name: sources for name, *sources in parts}


class _InlineCode(HTMLParser):
    """Collect what a policy without 'unsafe-inline' would block: inline scripts, styles and handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style" or (tag == "script" and not dict(attrs).get("src")):
            self.found.append(f"<{tag}> element")
        for name, value in attrs:
            if (
                name == "style"
                or name.startswith("on")
                or (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f'<{tag} {name}="{value}">')


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def assert_policed(response: Any) -> None:
    assert response["Content-Type"].startswith("text/html")
    header = response["Content-Security-Policy"]
    assert directives(header) == POLICY
    assert "unsafe" not in header
    assert inline_code(response.content.decode()) == []


def test_the_inline_code_finder_finds_what_the_policy_blocks() -> None:
    page = (
        '<p style="color: red">x</p><button onclick="go()">y</button><a href=" JavaScript:go()">z</a>'
        '<style>p {}</style><script>go()</script><script src="/static/sori/menu.js"></script>'
    )
    assert len(inline_code(page)) == 5


@pytest.mark.parametrize(("role", "name", "obj"), PAGES, ids=[f"{r}-{n}" for r, n, _o in PAGES])
def test_pages_carry_the_policy_and_no_inline_code(world: World, role: str, name: str, obj: str) -> None:
    # when: the role opens the page
    response = client_for(world, role).get(url_for(name, obj, world))
    # then: it carries the policy, which allows no inline code, and it has none
    assert response.status_code == 200
    assert_policed(response)


def test_reports_error_and_admin_pages_carry_the_policy(world: World) -> None:
    staff = client_for(world, "staff")
    admin = client_for(world, "admin")
    user = world.users["other"]
    assert user is not None
    for client, url, status in [
        (staff, reverse("reports:index"), 200),
        (staff, "/staff/no-such-page/", 404),
        (client_for(world, "company"), reverse("feedback:owed"), 403),
        (admin, reverse("admin:index"), 200),
        (admin, reverse("admin:auth_user_change", args=[user.id]), 200),
        (admin, reverse("admin:auth_user_changelist"), 200),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert_policed(response)


def test_a_refused_form_explains_itself_under_the_policy(world: World) -> None:
    # when: a form comes back without its security token (a page left open too long)
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    # then: Sori's own page says so, in Korean, without Django's inline-styled page
    assert response.status_code == 403
    assert "요청을 확인하지 못했습니다" in response.content.decode()
    assert_policed(response)


def test_attached_files_keep_their_own_policy(world: World, staff: User) -> None:
    client = client_for(world, "staff")
    # given: a spreadsheet and a PDF attached to the meeting
    sheet = attachment_add(
        owner=world.meeting, name="참석자.csv", data="기관,이름\n광주AI,김\n".encode(), actor=staff
    )
    pdf = world.files["mfile"]
    # when: each is downloaded
    sheet_response = client.get(reverse("attachments:download", args=[sheet.id, sheet.name]))
    pdf_response = client.get(reverse("attachments:download", args=[pdf.id, pdf.name]))
    # then: the spreadsheet keeps its sandbox, not the site's policy; the PDF has none (Chrome's viewer
    # will not start in a sandbox)
    assert sheet_response["Content-Security-Policy"] == "sandbox; default-src 'none'; img-src 'self'"
    assert "Content-Security-Policy" not in pdf_response
