"""공감 (support) on the public tracker: once per signed-in user or per confirmed e-mail address.

A visitor without an account gives an address; a signed, expiring link goes to it through the outbox, and the
공감 counts only when the link is opened. The support is keyed by an HMAC of the normalised address, so the
same address counts once however many links it asks for, and the address itself is never kept with it.
A signed-in user's key is a hash of their account id — the same key Sori has always used for accounts, so
supports they gave before still count as theirs.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.outbox import message_enqueue
from sori.voices.models import Demand, Stage, SupportBasis
from sori.voices.services import demand_support

SALT = "sori.feedback.support"
LINK_MAX_AGE = dt.timedelta(days=3)
# Links one address may ask for in a day, over all demands: enough for a visitor, too few to flood a mailbox.
LINKS_PER_DAY = 5


def user_supporter_key(user: AbstractBaseUser) -> str:
    """Return a signed-in user's supporter key: a salted SHA-256 of their account id."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:user:{user.pk}".encode()).hexdigest()


def session_supporter_key(session_key: str) -> str:
    """Return the key supports were given under before (one per browser session), to recognise them."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:session:{session_key}".encode()).hexdigest()


def email_supporter_key(email: str) -> str:
    """Return an address's supporter key: HMAC-SHA256, keyed with SECRET_KEY, of it trimmed and lower-case."""
    normalised = email.strip().lower()
    return hmac.new(
        settings.SECRET_KEY.encode(), f"support-email:{normalised}".encode(), "sha256"
    ).hexdigest()


def supportable(demand: Demand) -> bool:
    """Return whether the demand is on the tracker, where it can be given 공감."""
    return demand.published and demand.stage != Stage.MERGED


def support_by_user(*, demand: Demand, user: AbstractBaseUser) -> bool:
    """Record a signed-in user's 공감 (once per account); return False if they had already given it."""
    return demand_support(demand=demand, supporter_key=user_supporter_key(user), basis=SupportBasis.USER)


class LinkRequest(enum.Enum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"  # a link for this demand went to this address today
    LIMIT = "limit"  # the address has had LINKS_PER_DAY links today


def support_token(*, demand_id: int, supporter_key: str) -> str:
    """Return the signed, timestamped token of a confirmation link (it carries the key, not the address)."""
    return signing.TimestampSigner(salt=SALT).sign_object({"d": demand_id, "k": supporter_key})


def support_link_request(*, demand: Demand, email: str, now: dt.datetime | None = None) -> LinkRequest:
    """Send ``email`` a link that confirms its 공감 for ``demand``, at most once a day per demand.

    An address gets at most ``LINKS_PER_DAY`` links a day; the outbox's ``dedupe_key`` (which names the
    address only by its key) holds both limits. Raises ``ValidationError`` for a demand not on the tracker.
    """
    if not supportable(demand):
        raise ValidationError(_("공개된 수요에만 공감할 수 있습니다."))
    key = email_supporter_key(email)
    day = timezone.localtime(now or timezone.now()).strftime("%Y%m%d")
    prefix = f"support:{key}:{day}:"
    dedupe_key = f"{prefix}{demand.id}"
    if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
        return LinkRequest.ALREADY_SENT
    if OutboxMessage.objects.filter(dedupe_key__startswith=prefix).count() >= LINKS_PER_DAY:
        return LinkRequest.LIMIT
    token = support_token(demand_id=demand.id, supporter_key=key)
    link = settings.SORI_SITE_URL.rstrip("/") + reverse("public:support_confirm", args=[token])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[소리] 공감을 확인해 주세요: %(title)s") % {"title": demand.title[:80]}
        body = render_to_string(
            "feedback/email/support_confirm.txt",
            {"demand": demand, "link": link, "days": LINK_MAX_AGE.days},
        )
    try:
        with transaction.atomic():
            message_enqueue(
                kind=MessageKind.SUPPORT_LINK,
                to=[email.strip()],
                subject=subject,
                body=body,
                demand=demand,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        return LinkRequest.ALREADY_SENT  # the same form sent twice at once
    return LinkRequest.SENT


class LinkRefused(Exception):
    """A confirmation link that cannot count: tampered, expired, or for a demand no longer public."""

    def __init__(self, message: str, *, demand_id: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.demand_id = demand_id


@dataclass(frozen=True)
class Confirmed:
    demand: Demand
    added: bool  # False: this address's 공감 had already been counted


def support_confirm(*, token: str) -> Confirmed:
    """Count the 공감 a confirmation link stands for, once per address and demand.

    Raises ``LinkRefused`` (with the demand's id when the link was genuine but old) for a link that was
    altered, is older than ``LINK_MAX_AGE``, or names a demand that is no longer on the tracker.
    """
    signer = signing.TimestampSigner(salt=SALT)
    try:
        payload = signer.unsign_object(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired as exc:
        # The signature is good, only old: say which demand, so the visitor can ask for a new link there.
        old = signer.unsign_object(token)
        raise LinkRefused(
            _(
                "확인 링크의 유효 기간(%(days)s일)이 지났습니다. 정책 수요 페이지에서 이메일을 다시 "
                "입력해 새 링크를 받아 주세요."
            )
            % {"days": LINK_MAX_AGE.days},
            demand_id=int(old["d"]),
        ) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkRefused(
            _(
                "확인할 수 없는 링크입니다. 메일에 있는 링크 전체를 그대로 열었는지 확인하시고, 그래도 "
                "안 되면 정책 수요 페이지에서 새 링크를 받아 주세요."
            )
        ) from exc
    demand = Demand.objects.filter(id=payload.get("d")).first()
    key = str(payload.get("k", ""))
    if demand is None or not supportable(demand) or len(key) != 64:
        raise LinkRefused(_("이 정책 수요는 더 이상 공개 현황에 없어 공감할 수 없습니다."))
    added = demand_support(demand=demand, supporter_key=key, basis=SupportBasis.EMAIL)
    return Confirmed(demand=demand, added=added)
