"""The Atom feed of new decisions on the public tracker (``/tracker/feed.atom``).

One entry per disposition of a published demand, newest first: the demand in one sentence, the outcome, the
reason and limits, the instrument and the date. No personal data: no proposer, no officer who decided (the
entry has no author), only the responsible department — the same fields as the tracker's CSV/JSON.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sori.policy.models import Disposition
from sori.voices.models import Stage

ENTRIES = 50


def recent_public_decisions(limit: int = ENTRIES) -> QuerySet[Disposition]:
    """Return the latest dispositions of published, unmerged demands, newest first."""
    return (
        Disposition.objects.filter(demand__published=True)
        .exclude(demand__stage=Stage.MERGED)
        .select_related("demand__theme", "department")
        .order_by("-decided_at", "-id")[:limit]
    )


class DecisionFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("소리 — 정책 수요 처리결과")
    subtitle = gettext_lazy("광주 AI 정책 수요에 대한 새 결정: 처리결과, 사유와 한계, 추진 수단")

    def link(self) -> str:
        return reverse("public:tracker")

    def items(self) -> QuerySet[Disposition]:
        return recent_public_decisions()

    def item_title(self, item: Disposition) -> str:
        return f"[{item.get_outcome_display()}] {item.demand.title}"

    def item_description(self, item: Disposition) -> str:
        lines = [_("처리결과: %(outcome)s") % {"outcome": item.get_outcome_display()}]
        if item.demand.theme_id:
            lines.append(_("분야: %(theme)s") % {"theme": item.demand.theme.name})  # type: ignore[union-attr]
        if item.reason:
            lines.append(_("사유: %(reason)s") % {"reason": item.reason})
        if item.limits:
            lines.append(_("한계: %(limits)s") % {"limits": item.limits})
        if item.referred_to:
            lines.append(_("이관 기관: %(body)s") % {"body": item.referred_to})
        if item.instrument:
            lines.append(_("추진 수단: %(instrument)s") % {"instrument": item.get_instrument_display()})
        if item.due_date:
            lines.append(_("이행 예정일: %(date)s") % {"date": item.due_date.isoformat()})
        if item.department_id:
            lines.append(_("소관부서: %(department)s") % {"department": item.department.name})  # type: ignore[union-attr]
        return "\n".join(lines)

    def item_link(self, item: Disposition) -> str:
        return reverse("public:demand", args=[item.demand_id])

    def item_guid(self, item: Disposition) -> str:
        host = urlsplit(settings.SORI_SITE_URL).hostname or "sori.localhost"
        return f"tag:{host},2025:disposition:{item.id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Disposition) -> dt.datetime:
        return item.decided_at

    def item_updateddate(self, item: Disposition) -> dt.datetime:
        return item.decided_at


decision_feed = DecisionFeed()
