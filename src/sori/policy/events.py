"""Events the policy services fire inside their transaction (``sori.core.hooks``).

Feedback registers its notices for them: a transfer notice when an answer refers the demand to another body,
a progress notice when a milestone slips.
"""

from __future__ import annotations

# kwargs: disposition, previous (the answer it replaces, or None), actor
DISPOSITION_DECIDED = "disposition.decided"
# kwargs: milestone, previous_date, actor
MILESTONE_DELAYED = "milestone.delayed"
