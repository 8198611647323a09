"""``sori outbox deliver|remind`` and ``sori feedback letters``, parsed as the ``sori`` command does."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from sori.feedback import cli
from sori.feedback.models import MessageKind, MessageStatus, OutboxMessage
from sori.feedback.outbox import message_enqueue

pytestmark = pytest.mark.django_db


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="sori")
    cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(list(argv))
    result: int = args.func(args)
    return result


def test_outbox_deliver_sends_what_is_due_up_to_the_limit(capsys, department, mailoutbox) -> None:
    # given three reminders written while no worker ran (the test transaction never commits)
    for n in range(3):
        message_enqueue(
            kind=MessageKind.REMINDER, to=[f"officer{n}@example.kr"], subject=f"알림 {n}", body="본문"
        )
    # when the operator delivers two by hand
    assert run("outbox", "deliver", "--limit", "2") == 0
    # then two leave, oldest first, and one waits
    assert "보냄 2건" in capsys.readouterr().out
    assert [m.subject for m in mailoutbox] == ["알림 0", "알림 1"]
    assert OutboxMessage.objects.filter(status=MessageStatus.QUEUED).count() == 1
    assert run("outbox", "deliver") == 0
    assert len(mailoutbox) == 3


def test_outbox_deliver_refuses_a_bad_limit(capsys) -> None:
    with pytest.raises(SystemExit):
        run("outbox", "deliver", "--limit", "0")
    assert "1 이상의 정수" in capsys.readouterr().err


def test_outbox_without_an_action_prints_help(capsys) -> None:
    assert run("outbox") == 2
    assert "deliver" in capsys.readouterr().out


def test_feedback_letters_writes_into_the_directory(tmp_path: Path, capsys, monkeypatch) -> None:
    written: list[Path] = []

    def write_pending_letters(*, directory: Path) -> list[Path]:
        path = directory / "2025-12-01_조춘호.pdf"
        path.write_bytes(b"%PDF-1.4\n")
        written.append(path)
        return written

    monkeypatch.setattr("sori.feedback.letters.write_pending_letters", write_pending_letters)
    target = tmp_path / "letters"
    assert run("feedback", "letters", "-o", str(target)) == 0
    assert (target / "2025-12-01_조춘호.pdf").exists()
    captured = capsys.readouterr()
    assert "2025-12-01_조춘호.pdf" in captured.out and "회신문 1통" in captured.err


def test_feedback_letters_needs_a_directory(capsys) -> None:
    with pytest.raises(SystemExit):
        run("feedback", "letters")
    assert "-o" in capsys.readouterr().err
