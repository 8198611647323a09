"""Shared steps for the programs tests."""

from __future__ import annotations

from typing import Any

from sori.programs import services
from sori.programs.models import Award, Call, RunStatus, SelectionRun


def run_selection(call: Call, staff: Any) -> SelectionRun:
    """Request a selection and solve it in-process, unless its task already solved it on commit."""
    run = services.selection_request(call=call, actor=staff)
    run.refresh_from_db()
    # In a transactional test the task runs as the request commits; solving a done run again would fail.
    return services.selection_execute(run_id=run.id) if run.status == RunStatus.QUEUED else run


def run_and_confirm(call: Call, staff: Any) -> tuple[SelectionRun, list[Award]]:
    """Run the optimiser in-process and confirm its result."""
    run = run_selection(call, staff)
    return run, services.selection_confirm(run=run, actor=staff)
