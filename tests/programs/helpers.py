"""Shared steps for the programs tests."""

from __future__ import annotations

from typing import Any

from sori.programs import services
from sori.programs.models import Award, Call, SelectionRun


def run_and_confirm(call: Call, staff: Any) -> tuple[SelectionRun, list[Award]]:
    """Run the optimiser in-process and confirm its result."""
    run = services.selection_request(call=call, actor=staff)
    run = services.selection_execute(run_id=run.id)
    return run, services.selection_confirm(run=run, actor=staff)
