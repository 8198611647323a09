"""Events the programs services fire inside their transaction (``sori.core.hooks``).

Later apps register for them from their ``AppConfig.ready``; the webhooks app tells the city's systems.
"""

from __future__ import annotations

# kwargs: award (just made by a confirmed selection, with its application and call), actor
AWARD_CONFIRMED = "award.confirmed"
# kwargs: usage_import (the applied batch, with its counts), actor
USAGE_IMPORTED = "usage.imported"
