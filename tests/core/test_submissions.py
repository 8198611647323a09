"""A double-submitted form does its work once: the database, not a read-then-write, picks the winner."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from sori.core import audit
from sori.core.models import AuditRecord, SubmissionKey
from sori.core.submissions import submission_claim, submission_complete, submission_made
from sori.programs.models import Program
from sori.programs.services import program_create
from sori.registry.models import Person
from sori.voices.models import Demand, Proposal, Theme
from sori.voices.services import proposals_record_lines

THREADS = 8


@transaction.atomic
def theme_create(*, code: str, actor: User, submission_key: str | None = None) -> Theme:
    """A creating service written the way every service uses the mechanism."""
    if earlier := submission_claim(key=submission_key, action="theme.create", model=Theme):
        return earlier[0]
    theme = Theme.objects.create(code=code, name=code)
    audit.record(actor=actor, action="theme.create", target=theme)
    submission_complete(key=submission_key, targets=[theme])
    return theme


def test_the_same_key_twice_returns_the_first_object_and_one_audit_record(staff: User) -> None:
    # given a first submission
    first = theme_create(code="gpu", actor=staff, submission_key="k-1")
    # when the same form comes again, even with other values
    again = theme_create(code="other", actor=staff, submission_key="k-1")
    # then nothing new is made or recorded
    assert again == first and Theme.objects.count() == 1
    assert AuditRecord.objects.filter(action="theme.create").count() == 1
    assert submission_made(key="k-1", model=Theme) == [first]


def test_without_a_key_each_submission_creates(staff: User) -> None:
    theme_create(code="a", actor=staff)
    theme_create(code="b", actor=staff, submission_key="")
    assert Theme.objects.count() == 2 and not SubmissionKey.objects.exists()


def test_a_failed_submission_leaves_its_key_free(staff: User) -> None:
    # given a submission the database refuses (the code is unique)
    Theme.objects.create(code="dup", name="dup")
    with pytest.raises(IntegrityError):
        theme_create(code="dup", actor=staff, submission_key="k-2")
    # then the corrected form with the same key is saved
    assert theme_create(code="ok", actor=staff, submission_key="k-2").code == "ok"


def test_a_key_used_by_another_action_is_refused(staff: User) -> None:
    theme_create(code="gpu", actor=staff, submission_key="k-3")
    with pytest.raises(ValidationError, match="다른 작업에 쓰였습니다"):
        program_create(name="GPU 지원", kind="compute", actor=staff, submission_key="k-3")
    assert not Program.objects.exists()


def test_claiming_outside_a_transaction_is_a_programming_error() -> None:
    with pytest.raises(RuntimeError):
        submission_claim(key="k-4", action="theme.create", model=Theme)


def test_a_repeated_fast_entry_returns_every_line_it_recorded(staff: User) -> None:
    first = proposals_record_lines(raw="하나\n둘\n셋", actor=staff, submission_key="e-1")
    again = proposals_record_lines(raw="하나\n둘\n셋", actor=staff, submission_key="e-1")
    assert again == first and Proposal.objects.count() == 3
    assert AuditRecord.objects.filter(action="proposal.record").count() == 3


def test_audit_records_keep_no_submission_key(staff: User) -> None:
    theme_create(code="gpu", actor=staff, submission_key="k-5")
    assert all("submission_key" not in r.after for r in AuditRecord.objects.all())


# Concurrency: every thread opens its own connection, so these tests need real commits.


def _post_at_once(make_client: Callable[[], Client], url: str, data: dict[str, Any]) -> list[Any]:
    """POST the same form from THREADS threads released together; return each response or exception."""
    barrier = threading.Barrier(THREADS)
    results: list[Any] = [None] * THREADS

    def post(i: int) -> None:
        try:
            client = make_client()
            barrier.wait(timeout=30)
            results[i] = client.post(url, data)
        except Exception as exc:  # reported by the assertion below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def _skip_on_in_memory_sqlite() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "threads sharing SQLite's in-memory test database are refused at once (table locked) instead of "
            "waiting for the lock; run with SORI_TEST_SQLITE_FILE=1 (a file database) or on PostgreSQL"
        )


def _assert_all_redirected_to_one_place(results: list[Any]) -> None:
    errors = [r for r in results if not hasattr(r, "status_code") or r.status_code >= 400]
    assert not errors, errors
    assert {r.status_code for r in results} == {302}
    assert len({r["Location"] for r in results}) == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_of_one_program_form_create_one_program(
    staff: User, login: Callable[[User], Client]
) -> None:
    _skip_on_in_memory_sqlite()
    # when the same form is posted from several tabs at once
    data = {"name": "GPU 지원", "kind": "compute", "submission_key": "p-1"}
    results = _post_at_once(lambda: login(staff), reverse("programs:program_create"), data)
    # then every tab lands on the one program made, and none sees a server error
    _assert_all_redirected_to_one_place(results)
    program = Program.objects.get()
    assert results[0]["Location"] == reverse("programs:program_detail", args=[program.id])
    assert AuditRecord.objects.filter(action="program.create").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_of_one_grouping_form_make_one_demand(
    staff: User, login: Callable[[User], Client]
) -> None:
    _skip_on_in_memory_sqlite()
    # given proposals waiting to be grouped
    voiced = proposals_record_lines(raw="GPU 기간을 늘려 주세요\nGPU 갱신을 허용해 주세요", actor=staff)
    data = {
        "action": "create",
        "title": "GPU 사용기간 연장",
        "ids": [p.id for p in voiced],
        "submission_key": "g-1",
    }
    # when the grouping form is posted twice-over at once
    results = _post_at_once(lambda: login(staff), reverse("voices:proposal_group"), data)
    # then one demand holds both proposals and no empty duplicate is left
    _assert_all_redirected_to_one_place(results)
    demand = Demand.objects.get()
    assert set(demand.proposals.values_list("id", flat=True)) == {p.id for p in voiced}
    assert AuditRecord.objects.filter(action="demand.create").count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_of_one_public_proposal_leave_one_person(db: Any) -> None:
    _skip_on_in_memory_sqlite()
    data = {
        "name": "이시민",
        "email": "citizen@example.kr",
        "organisation": "",
        "text": "AI 교육을 시민에게도 열어 주세요",
        "consent": "on",
        "submission_key": "w-1",
        "website": "",
    }
    results = _post_at_once(Client, "/propose/", data)
    _assert_all_redirected_to_one_place(results)
    assert Proposal.objects.count() == 1 and Person.objects.count() == 1
