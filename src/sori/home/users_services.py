"""Accounts and their mail: invite a new user, send a set-password link, answer "비밀번호를 잊으셨나요?".

The account itself is changed by ``sori.core.user_services``; what is here also writes to the outbox, which
belongs to feedback, so it sits in home, above every app. A link is Django's password-reset token: it is
valid for ``PASSWORD_RESET_TIMEOUT`` (three days) and spent once a password is set with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.audit import Actor
from sori.core.models import AuditRecord
from sori.core.roles import Role
from sori.core.submissions import submission_claim, submission_complete
from sori.core.user_selectors import active_users_with_email
from sori.core.user_services import user_create
from sori.feedback.models import MessageKind, OutboxMessage
from sori.feedback.outbox import message_enqueue

# "비밀번호를 잊으셨나요?" sends one link per account in this time at most, so it cannot flood a mailbox.
FORGOT_INTERVAL = dt.timedelta(minutes=5)

INVITE = "invite"
RESET = "reset"
FORGOT = "forgot"


def link_days() -> int:
    """Return for how many days a set-password link works (``PASSWORD_RESET_TIMEOUT``, in whole days)."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def password_link(user: User) -> str:
    """Return the absolute address of a fresh set-password link for ``user``."""
    path = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SORI_SITE_URL + path


@transaction.atomic
def password_link_send(*, user: User, actor: Actor, purpose: str = RESET) -> OutboxMessage:
    """Mail ``user`` a set-password link through the outbox and record that it was sent (never the link).

    ``purpose`` words the mail: ``INVITE`` for a new account, ``RESET`` when an administrator sends one,
    ``FORGOT`` when the owner asked for it. Written in the site's language, as every outgoing mail is.
    """
    if not user.is_active:
        raise ValidationError(
            _("비활성화된 계정에는 비밀번호 설정 링크를 보낼 수 없습니다. 먼저 다시 활성화해 주세요.")
        )
    if not user.email:
        raise ValidationError(
            {"email": _("이메일 주소가 없어 링크를 보낼 수 없습니다. 먼저 이메일 주소를 적어 주세요.")}
        )
    with translation.override(settings.LANGUAGE_CODE):
        context: dict[str, Any] = {
            "user": user,
            "name": user.get_full_name() or user.username,
            "purpose": purpose,
            "url": password_link(user),
            "days": link_days(),
            "login_url": settings.SORI_SITE_URL + reverse("login"),
        }
        subject = (
            _("[소리] 계정이 만들어졌습니다 — 비밀번호를 정해 주세요")
            if purpose == INVITE
            else _("[소리] 비밀번호 설정 링크")
        )
        body = render_to_string("home/users/email/password_link.txt", context)
        message = message_enqueue(kind=MessageKind.ACCOUNT, to=[user.email], subject=subject, body=body)
        audit.record(
            actor=actor,
            action="user.password_link",
            target=user,
            summary=_("%(email)s로 비밀번호 설정 링크 발송") % {"email": user.email},
            after={"purpose": purpose},
        )
    return message


@transaction.atomic
def user_invite(
    *,
    name: str,
    username: str,
    email: str,
    role: Role,
    organisation: models.Model | None,
    actor: User,
    submission_key: str | None = None,
) -> User:
    """Create an account and mail its owner a link to set their password, in one transaction.

    A repeated ``submission_key`` returns the account the first submission made and sends nothing again.
    """
    if earlier := submission_claim(key=submission_key, action="user.invite", model=User):
        return earlier[0]
    user = user_create(
        name=name, username=username, email=email, role=role, organisation=organisation, actor=actor
    )
    password_link_send(user=user, actor=actor, purpose=INVITE)
    submission_complete(key=submission_key, targets=[user])
    return user


def _recently_sent(user: User, now: dt.datetime) -> bool:
    return AuditRecord.objects.filter(
        action="user.password_link", target=audit.ref(user), at__gte=now - FORGOT_INTERVAL
    ).exists()


@transaction.atomic
def password_forgot(*, email: str, actor: Actor) -> int:
    """Mail a set-password link to each active account with ``email``; return how many were sent.

    The page answers the same whatever this returns, so nobody learns which addresses have accounts. An
    account that got a link in the last ``FORGOT_INTERVAL`` gets no other.
    """
    now = timezone.now()
    sent = 0
    for user in active_users_with_email(email):
        if _recently_sent(user, now):
            continue
        password_link_send(user=user, actor=actor, purpose=FORGOT)
        sent += 1
    return sent
