"""A Celery worker killed (kill -9) in the middle of an organising run: the run does not stay running."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery import Celery
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sori.engagement.models import Engagement
from sori.voices import services
from sori.voices.models import OrganisingRun, RunStatus, Suggestion
from sori.voices.organise import runs

WORKER = Path(__file__).with_name("organise_worker.py")
WAITING = [
    "㈜광주AI: GPU 사용기간을 6개월에서 12개월 이상으로 늘려 주세요",
    "㈜아이티앱스: 국가AI데이터센터 GPU 사용기간 12개월 이상 연장과 갱신을 허용해 주세요",
    "(주)엑스알에이아이: GPU 사용기간이 6개월이라 너무 짧습니다. 12개월 이상으로 늘려 주세요",
    "㈜제조로봇: 제조업 현장 AI 교육 과정을 만들어 주세요",
    "㈜뿌리테크: 제조 중소기업 대상 AI 교육과 컨설팅을 지원해 주세요",
]


def _wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")


class Workers:
    """Real worker processes on one private queue, with a Celery app that sends to it."""

    def __init__(self, database_url: str, redis_url: str, folder: Path) -> None:
        self.queue = f"sori-faults-{uuid.uuid4().hex[:8]}"
        self.folder = folder
        self.env = {
            **os.environ,
            "SORI_DATABASE_URL": database_url,
            "SORI_BROKER_URL": redis_url,
            "SORI_DATA_DIR": str(folder),
        }
        self.app = Celery("sori-faults", broker=redis_url, set_as_current=False)
        self.app.conf.update(task_serializer="json", broker_transport_options={"visibility_timeout": 2})
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, *flags: str) -> subprocess.Popen[bytes]:
        with open(self.folder / f"worker-{len(self.started)}.log", "wb") as log:
            proc = subprocess.Popen(
                [sys.executable, str(WORKER), self.queue, *flags], env=self.env, stdout=log, stderr=log
            )
        self.started.append(proc)
        return proc

    def send_run(self, run_id: int) -> None:
        self.app.send_task("sori.organise.run", args=[run_id], queue=self.queue)

    def stop(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                proc.kill()
            proc.wait(10)
        self.app.close()


@pytest.fixture
def workers(database_url: str, redis_url: str, tmp_path: Path) -> Iterator[Workers]:
    """Worker processes on a private queue; every one still alive is killed at the end."""
    w = Workers(database_url, redis_url, tmp_path)
    try:
        yield w
    finally:
        w.stop()


def _run(run_id: int) -> OrganisingRun:
    return OrganisingRun.objects.get(id=run_id)


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_worker_is_killed_is_shown_failed_then_done_again_by_another_worker(
    workers: Workers,
    staff: User,
    meeting: Engagement,
    login: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.proposals_record_lines(raw="\n".join(WAITING), actor=staff, engagement=meeting)
    monkeypatch.setattr(runs, "_enqueue", workers.send_run)  # the start button queues on the real broker
    client = login(staff)
    first = workers.start("stall")
    client.post(reverse("voices:organise_run"))
    run_id = OrganisingRun.objects.get().id
    _wait_for(lambda: _run(run_id).status == RunStatus.RUNNING, 40, "the worker to start the run")

    os.kill(first.pid, signal.SIGKILL)  # the machine dies mid-run
    first.wait(10)
    page = client.get(reverse("voices:organise")).content.decode()
    assert "자동 정리 진행 중" in page  # for a while nobody can tell a slow run from a dead one

    # No progress for longer than a run ever pauses: the screen says it failed and offers to start again.
    past = timezone.now() - runs.STALE_AFTER - dt.timedelta(minutes=1)
    OrganisingRun.objects.filter(id=run_id).update(updated_at=past)
    page = client.get(reverse("voices:organise")).content.decode()
    assert "지난 자동 정리가 끝나지 못했습니다. 다시 실행해 주세요." in page
    assert "자동 정리 진행 중" not in page
    assert 'class="primary" disabled' not in page  # the start button is enabled
    progress = client.get(reverse("voices:organise_progress")).json()
    assert (progress["status"], progress["finished"]) == (RunStatus.FAILED, True)

    # Tasks are acknowledged late: the dead worker's task comes back to a new worker, which does the run.
    workers.start()
    # A new worker loads the text models first: on a busy machine that alone can take most of a minute.
    _wait_for(lambda: _run(run_id).status == RunStatus.DONE, 150, "the run to be done by the new worker")
    assert OrganisingRun.objects.count() == 1  # done again, not duplicated
    assert Suggestion.objects.filter(run_id=run_id, active=True).exists()
    page = client.get(reverse("voices:organise")).content.decode()
    assert "끝나지 못했습니다" not in page
    assert "마지막 실행" in page
