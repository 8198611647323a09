"""Writes of the programs app, one module per topic; each service is atomic and writes its audit record."""

from sori.programs.services.applications import application_submit, application_update, follow_up_submit
from sori.programs.services.awards import (
    award_reclaim,
    award_set_slurm,
    follow_up_decide,
    progress_report_submit,
    short_review_submit,
    tranche_release,
)
from sori.programs.services.calls import call_create, call_update, program_create
from sori.programs.services.pools import pool_capacity_set, pool_create
from sori.programs.services.reviews import review_assign, review_declare_conflict, review_submit
from sori.programs.services.rules import selection_line_except
from sori.programs.services.selection import (
    selection_confirm,
    selection_execute,
    selection_override,
    selection_problem,
    selection_request,
)
from sori.programs.services.sites import site_create, site_place
from sori.programs.services.usage import UsageRejected, usage_entry_review, usage_import

__all__ = [
    "UsageRejected",
    "application_submit",
    "application_update",
    "award_reclaim",
    "award_set_slurm",
    "call_create",
    "call_update",
    "follow_up_decide",
    "follow_up_submit",
    "pool_capacity_set",
    "pool_create",
    "program_create",
    "progress_report_submit",
    "review_assign",
    "review_declare_conflict",
    "review_submit",
    "selection_confirm",
    "selection_execute",
    "selection_line_except",
    "selection_override",
    "selection_problem",
    "selection_request",
    "short_review_submit",
    "site_create",
    "site_place",
    "tranche_release",
    "usage_entry_review",
    "usage_import",
]
