"""Events the voices services fire inside their transaction (``sori.core.hooks``).

Feedback registers its notices for them: the department's officers hear of a demand sent to them (and of new
voices joining a demand they have answered), and a proposer who gave an address gets a receipt with their
private status link.
"""

from __future__ import annotations

# kwargs: demand (just assigned, with its department and deadline), actor
DEMAND_ASSIGNED = "demand.assigned"
# kwargs: proposal (from the public site, waiting for staff), actor (None: the public)
PROPOSAL_SUBMITTED = "proposal.submitted"
# kwargs: proposal (a web submission just rejected, with its rejection_reason), actor
PROPOSAL_REJECTED = "proposal.rejected"
# kwargs: demand (locked, after the move), proposal_ids (the proposals that just joined it), actor
DEMAND_VOICES_ADDED = "demand.voices_added"
