"""Sori's accounts: create one, change its role and organisation, deactivate or reactivate it, set a password.

Accounts are never deleted: audit records, answers and letters point at them. A deactivated account cannot log
in (Django refuses inactive users) and a session it still has ends at its next request. The mail carrying a
set-password link is written in ``sori.home.users_services``, which may use the outbox; this module needs
none.

Roles are kept in two places Django and Sori each read: ``Profile.role`` for Sori, and ``is_superuser`` /
``is_staff`` for Django's own admin. ``role_of`` reads a superuser as an administrator whatever the profile
says, so the services here set both together.
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.utils.translation import gettext as _

from sori.core import audit
from sori.core.models import NoticeMode, Profile
from sori.core.roles import Role
from sori.core.submissions import submission_claim, submission_complete

# The organisation kinds (values of ``sori.registry.models.OrganisationKind``) an officer, and not a company
# user, acts for. Registry sits above core, so they are named here; tests/home/test_users.py keeps them equal.
DEPARTMENT_KINDS = frozenset({"department"})
INTERNAL_KINDS = frozenset({"department", "committee"})

NAME_MAX = 150  # User.first_name


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("이름을 적어 주세요.")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("이름은 150자 이하로 적어 주세요.")})
    return name


def _clean_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("로그인할 때 쓸 아이디를 정해 주세요.")})
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise ValidationError(
            {"username": _("아이디는 150자 이하의 글자와 숫자, 그리고 @ . + - _ 만 쓸 수 있습니다.")}
        ) from exc
    if len(username) > 150:
        raise ValidationError({"username": _("아이디는 150자 이하로 정해 주세요.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {
                "username": _("'%(username)s'은(는) 이미 쓰는 아이디입니다. 다른 아이디를 정해 주세요.")
                % {"username": username}
            }
        )
    return username


def _clean_email(email: str, *, exclude: User | None = None) -> str:
    email = (email or "").strip()
    if not email:
        raise ValidationError({"email": _("비밀번호 설정 링크를 받을 이메일 주소를 적어 주세요.")})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            {"email": _("이메일 주소의 형식이 맞지 않습니다. 예: name@gwangju.go.kr")}
        ) from exc
    others = User.objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    # One address, one account: "비밀번호를 잊으셨나요?" finds the account by its address.
    if others.exists():
        raise ValidationError(
            {"email": _("이 이메일 주소는 다른 계정이 쓰고 있습니다. 같은 사람이라면 그 계정을 고쳐 주세요.")}
        )
    return email


def organisation_for_role(role: Role, organisation: models.Model | None) -> models.Model | None:
    """Return the organisation an account of ``role`` acts for, or raise a ValidationError saying what to do.

    An officer acts for a city department, a company user for an organisation outside the city (not a
    department or committee); administrators and staff act for none, so any ``organisation`` is dropped.
    """
    kind = getattr(organisation, "kind", "")
    if role == Role.OFFICER:
        if organisation is None:
            raise ValidationError({"department": _("소관부서 담당자는 소관부서를 골라야 합니다.")})
        if kind not in DEPARTMENT_KINDS:
            raise ValidationError(
                {
                    "department": _("'%(name)s'은(는) 시 부서가 아닙니다. 부서 목록에서 골라 주세요.")
                    % {"name": organisation}
                }
            )
        return organisation
    if role == Role.COMPANY:
        if organisation is None:
            raise ValidationError({"organisation": _("기업·기관 사용자는 소속 기업·기관을 골라야 합니다.")})
        if kind in INTERNAL_KINDS:
            raise ValidationError(
                {
                    "organisation": _(
                        "시 부서나 위원회는 기업·기관 사용자의 소속이 될 수 없습니다. "
                        "직원이라면 역할을 바꿔 주세요."
                    )
                }
            )
        return organisation
    return None


def _state(user: User) -> dict[str, Any]:
    """Return what the trail records of an account (read afresh: ``user.profile`` may be cached)."""
    profile = Profile.objects.filter(user=user).select_related("organisation").first()
    role = Role.ADMIN if user.is_superuser else (profile.role if profile is not None else "")
    return {
        "first_name": user.first_name,
        "email": user.email,
        "account_role": role,
        "account_organisation": profile.organisation if profile is not None else None,
    }


def _set_role(user: User, role: Role, organisation: models.Model | None) -> None:
    """Set a saved ``user``'s role: its profile for Sori and its flags (saved by the caller) for the admin."""
    user.is_superuser = user.is_staff = role == Role.ADMIN
    # A registry organisation: core cannot name the model (registry sits above it).
    acts_for: Any = organisation
    Profile.objects.update_or_create(user=user, defaults={"role": role, "organisation": acts_for})


@transaction.atomic
def user_create(
    *,
    name: str,
    username: str,
    email: str,
    role: Role,
    organisation: models.Model | None,
    actor: User,
    submission_key: str | None = None,
) -> User:
    """Create an account with no password yet (사용자 등록): its owner sets one through a link.

    ``organisation`` is the department of an officer or the organisation of a company user (see
    ``organisation_for_role``). A repeated ``submission_key`` returns the account the first submission made.
    """
    if earlier := submission_claim(key=submission_key, action="user.create", model=User):
        return earlier[0]
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for field, clean in (
        ("name", lambda: _clean_name(name)),
        ("username", lambda: _clean_username(username)),
        ("email", lambda: _clean_email(email)),
        ("organisation", lambda: organisation_for_role(Role(role), organisation)),
    ):
        try:
            values[field] = clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    user = User(username=values["username"], email=values["email"], first_name=values["name"])
    user.set_unusable_password()
    user.save()
    _set_role(user, Role(role), values["organisation"])
    user.save(update_fields=["is_superuser", "is_staff"])
    audit.record(
        actor=actor,
        action="user.create",
        target=user,
        summary=f"{user.first_name} ({user.username})",
        after=_state(user),
    )
    submission_complete(key=submission_key, targets=[user])
    return user


@transaction.atomic
def user_update(
    *, user: User, name: str, email: str, role: Role, organisation: models.Model | None, actor: User
) -> User:
    """Change an account's name, e-mail, role and department or organisation; return it.

    Nobody changes their own role: an administrator who made themselves staff could not undo it.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _state(user)
    role = Role(role)
    if user.pk == actor.pk and role != before["account_role"]:
        raise ValidationError({"role": _("자기 역할은 바꿀 수 없습니다. 다른 관리자에게 부탁해 주세요.")})
    errors: dict[str, Any] = {}
    values: dict[str, Any] = {}
    for field, clean in (
        ("name", lambda: _clean_name(name)),
        ("email", lambda: _clean_email(email, exclude=user)),
        ("organisation", lambda: organisation_for_role(role, organisation)),
    ):
        try:
            values[field] = clean()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    after = {
        "first_name": values["name"],
        "email": values["email"],
        "account_role": role,
        "account_organisation": values["organisation"],
    }
    if after == before:
        return user
    user.first_name = values["name"]
    user.email = values["email"]
    _set_role(user, role, values["organisation"])
    user.save(update_fields=["first_name", "email", "is_superuser", "is_staff"])
    audit.record(
        actor=actor,
        action="user.update",
        target=user,
        summary=f"{user.first_name} ({user.username})",
        before=before,
        after=_state(user),
    )
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, actor: User) -> User:
    """Deactivate an account (it can no longer log in) or reactivate it; nothing is deleted.

    An administrator cannot deactivate their own account, so the site never loses its last one by a slip.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not active and user.pk == actor.pk:
        raise ValidationError(_("자기 계정은 비활성화할 수 없습니다. 다른 관리자에게 부탁해 주세요."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit.record(
        actor=actor,
        action="user.reactivate" if active else "user.deactivate",
        target=user,
        summary=f"{user.first_name} ({user.username})",
        before={"is_active": not active},
        after={"is_active": active},
    )
    return user


@transaction.atomic
def user_password_set(*, user: User, password: str) -> User:
    """Set the password its owner chose through a set-password link, and lift a login lock on the account.

    The link's token is derived from the old password hash, so setting a password spends the link.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("비활성화된 계정입니다. 관리자에게 문의해 주세요."))
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=user, action="user.password_set", target=user, summary=user.username)
    # The owner proved they read the account's mail: five wrong guesses before that should not keep them out.
    transaction.on_commit(lambda: reset(username=user.username))
    return user


# Whose notices may be gathered into a daily digest: the people work lands on. Company users hear of replies.
DIGEST_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.OFFICER})


@transaction.atomic
def notice_mode_set(*, user: User, mode: str, actor: User) -> Profile:
    """Set how ``user`` hears of work landing on their desk: each notice at once, or one digest a day.

    Only staff, officers and administrators may choose the digest, and only for their own account. Notices
    already held for the digest go at the next outbox sweep once the user switches back (``sori.feedback``).
    """
    if actor.pk != user.pk:
        raise ValidationError(_("알림 받는 방법은 본인만 바꿀 수 있습니다."))
    if mode not in NoticeMode.values:
        raise ValidationError({"mode": _("알림 받는 방법을 골라 주세요.")})
    role = Role.ADMIN if user.is_superuser else None
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is not None and role is None:
        role = Role(profile.role)
    if role not in DIGEST_ROLES:
        raise ValidationError(_("알림을 모아 받는 방법은 위원회·시 직원과 관리자만 고를 수 있습니다."))
    if profile is None:
        # A superuser made with createsuperuser has no profile yet.
        profile = Profile.objects.create(user=user, role=Role.ADMIN)
    if profile.notice_mode == mode:
        return profile
    before = profile.notice_mode
    profile.notice_mode = mode
    profile.save(update_fields=["notice_mode"])
    audit.record(
        actor=actor,
        action="user.notice_mode",
        target=user,
        summary=str(NoticeMode(mode).label),
        before={"notice_mode": before},
        after={"notice_mode": mode},
    )
    return profile
