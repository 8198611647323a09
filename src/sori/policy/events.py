"""Events the policy services fire inside their transaction (``sori.core.hooks``).

Feedback registers its notices for them: a transfer notice when an answer refers the demand to another body,
a progress notice when a milestone slips. A bill moving on to a new stage (발의, 본회의 의결, 공포 …) fires
``BILL_ADVANCED`` for whoever wants to tell the proposers of its demands.
"""

from __future__ import annotations

# kwargs: disposition, previous (the answer it replaces, or None), actor
DISPOSITION_DECIDED = "disposition.decided"
# kwargs: milestone, previous_date, actor
MILESTONE_DELAYED = "milestone.delayed"
# kwargs: bill, stage (the BillStage row just recorded), actor
BILL_ADVANCED = "bill.advanced"
