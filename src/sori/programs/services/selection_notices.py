"""Selection results told to every applicant: selected, partly or not, with the reasons, once per run;
and the decision on each renewal, extension or supplement told to the awardee.

Written to the outbox in the transaction that confirms the selection, so an applicant is told exactly
when the awards exist; in the site's language (Korean) whoever pressed the button.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.core.roles import Role
from sori.feedback.models import MessageKind
from sori.feedback.outbox import message_enqueue
from sori.programs.models import (
    Application,
    ApplicationStatus,
    Award,
    AwardStatus,
    SelectionLine,
    SelectionRun,
)
from sori.programs.months import first_of
from sori.registry.models import Organisation


def applicant_addresses(organisation: Organisation) -> list[str]:
    """Return the organisation's own address and those of its active company accounts."""
    users = User.objects.filter(
        is_active=True, profile__role=Role.COMPANY, profile__organisation=organisation
    ).exclude(email="")
    addresses = ([organisation.email] if organisation.email else []) + [u.email for u in users.order_by("id")]
    return list(dict.fromkeys(addresses))


def notice_key(line: SelectionLine) -> str:
    """Return the outbox key of ``line``'s result message (one per run and application)."""
    return f"program-decision:{line.run_id}:{line.application_id}"


def live_awards_by_organisation(run: SelectionRun, today: dt.date) -> dict[int, Award]:
    """Return, per organisation, its award in the run's program still running (those of this run left out)."""
    awards = (
        Award.objects.filter(call__program_id=run.call.program_id, status=AwardStatus.ACTIVE)
        .exclude(application__selection_lines__run=run)
        .order_by("start_month", "id")
    )
    month = first_of(today)
    return {a.organisation_id: a for a in awards if a.end_month >= month}


def decision_notices_enqueue(*, run: SelectionRun, today: dt.date | None = None) -> None:
    """Write one result message per application of a confirmed run (skipping applicants with no address).

    An applicant not selected that already holds a running award in the program is pointed to renewing it
    instead of applying again.
    """
    live = live_awards_by_organisation(run, today or timezone.localdate())
    with translation.override(settings.LANGUAGE_CODE):
        lines = run.lines.select_related("application__organisation", "application__call__program")
        by_organisation: dict[int, list[str]] = {}  # one query per organisation, not per application
        for line in lines:
            organisation = line.application.organisation
            if organisation.id not in by_organisation:
                by_organisation[organisation.id] = applicant_addresses(organisation)
            addresses = by_organisation[organisation.id]
            if not addresses:
                continue
            subject, body = _compose(line, live.get(organisation.id))
            _decision_enqueue(addresses, subject, body, organisation, notice_key(line))


def _decision_enqueue(to: list[str], subject: str, body: str, organisation: Organisation, key: str) -> bool:
    """Write one decision message unless its key is in the outbox already; return whether it was written."""
    try:
        with transaction.atomic():
            message_enqueue(
                kind=MessageKind.DECISION,
                to=to,
                subject=subject,
                body=body,
                organisation=organisation,
                dedupe_key=key,
            )
    except IntegrityError:
        return False  # already told
    return True


def _compose(line: SelectionLine, live: Award | None) -> tuple[str, str]:
    app = line.application
    status = ApplicationStatus(app.status)
    renew = (
        settings.SORI_SITE_URL + reverse("programs:award_detail", args=[live.id]) + "#renew"
        if live is not None and status == ApplicationStatus.NOT_SELECTED
        else ""
    )
    subject = _("[소리] %(call)s 선정 결과(%(status)s): %(title)s") % {
        "call": app.call.title,
        "status": status.label,
        "title": app.title[:100],
    }
    body = render_to_string(
        "programs/email/decision.txt",
        {
            "app": app,
            "line": line,
            "status": status,
            "selected": status in (ApplicationStatus.SELECTED, ApplicationStatus.PARTLY),
            "reasons": [r["text"] for r in line.reasons if r.get("kind") != "full"],
            "url": settings.SORI_SITE_URL + reverse("programs:application_detail", args=[app.id]),
            "renew": renew,
            "live": live,
        },
    )
    return subject, body


def follow_up_notice_enqueue(*, application: Application, award: Award) -> bool:
    """Tell the awardee the decision on its renewal, extension or supplement, with the reason and new term.

    Written in the deciding transaction, once per application; returns whether a message was written.
    """
    addresses = applicant_addresses(award.organisation)
    if not addresses:
        return False
    status = ApplicationStatus(application.status)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] %(kind)s 신청 결과(%(status)s): %(title)s") % {
            "kind": application.get_request_type_display(),
            "status": _("승인") if status == ApplicationStatus.APPROVED else _("반려"),
            "title": award.call.title[:100],
        }
        body = render_to_string(
            "programs/email/follow_up.txt",
            {
                "app": application,
                "award": award,
                "approved": status == ApplicationStatus.APPROVED,
                "url": settings.SORI_SITE_URL + reverse("programs:award_detail", args=[award.id]),
            },
        )
    return _decision_enqueue(
        addresses, subject, body, award.organisation, f"program-follow-up:{application.id}"
    )
