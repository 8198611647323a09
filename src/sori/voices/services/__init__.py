"""Every write to proposals and demands. Views, tasks, commands and the API call these, never the ORM."""

from sori.voices.services.corrections import proposal_correct
from sori.voices.services.deletions import proposal_delete, proposal_restore
from sori.voices.services.demands import (
    demand_add_new_proposals,
    demand_add_proposals,
    demand_assign,
    demand_create,
    demand_merge,
    demand_publish,
    demand_remove_proposals,
    demand_rename,
    demand_split,
    demand_support,
)
from sori.voices.services.proposals import (
    proposal_moderate,
    proposal_record,
    proposal_submit_public,
    proposals_record_lines,
    suggestions_batched,
)
from sori.voices.services.repeats import repeat_confirm, repeat_dismiss, repeat_undo

__all__ = [
    "demand_add_new_proposals",
    "demand_add_proposals",
    "demand_assign",
    "demand_create",
    "demand_merge",
    "demand_publish",
    "demand_remove_proposals",
    "demand_rename",
    "demand_split",
    "demand_support",
    "proposal_correct",
    "proposal_delete",
    "proposal_moderate",
    "proposal_record",
    "proposal_restore",
    "proposal_submit_public",
    "proposals_record_lines",
    "repeat_confirm",
    "repeat_dismiss",
    "repeat_undo",
    "suggestions_batched",
]
