"""After the demo loads, the organise screen already shows suggested groups for the waiting proposals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse

from sori.demo.loader import demo_load
from sori.voices.models import OrganisingRun, RunStatus


def test_demo_has_one_finished_run_with_groups(db: Any, login: Any) -> None:
    # when: the demo loads
    summary = demo_load()

    # then: one run finished over the waiting proposals and the screen shows its groups
    run = OrganisingRun.objects.get()
    assert run.status == RunStatus.DONE and run.proposal_count >= 10 and run.group_count >= 1
    assert "자동 정리 묶음 제안" in summary
    page = login(User.objects.get(username="staff")).get(reverse("voices:organise")).content.decode()
    assert run.groups[0]["representative_text"][:20] in page
