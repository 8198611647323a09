"""``sori token create|list|revoke``: API tokens from the command line, for operators wiring a system in.

The same services as the ``/accounts/tokens/`` page; the token is printed once, and only its hash is kept.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from sori.core.cli import setup_django

# The scopes of ``sori.api.models.Scope``, named here because models cannot load before Django is set up.
SCOPES = ("read", "write")


def _user(username: str) -> Any:
    from django.contrib.auth.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        print(f"sori: 활성 사용자 '{username}'이(가) 없습니다. 사용자 이름을 확인해 주세요.", file=sys.stderr)
    return user


def cmd_create(args: argparse.Namespace) -> int:
    setup_django()
    from django.core.exceptions import ValidationError

    from sori.api.tokens import token_create
    from sori.core.roles import can

    user = _user(args.user)
    if user is None:
        return 2
    if not can(user, "api.tokens"):
        print(
            f"sori: '{args.user}'에게는 역할이 없어 토큰을 만들 수 없습니다. 먼저 역할을 정해 주세요.",
            file=sys.stderr,
        )
        return 2
    try:
        _token, secret = token_create(user=user, name=args.name, scope=args.scope, days=args.days, actor=user)
    except ValidationError as error:
        print("sori: " + " ".join(error.messages), file=sys.stderr)
        return 2
    print(secret)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    setup_django()
    from sori.api.models import ApiToken
    from sori.core.formatting import kdate, kdatetime

    for t in ApiToken.objects.select_related("user").order_by("user__username", "-created_at"):
        state = "폐기됨" if t.revoked_at else ("사용 중" if t.active else "만료됨")
        print(
            f"{t.id}\t{t.user.username}\t{t.name}\t{t.prefix}…\t{t.scope}\t"
            f"만료 {kdate(t.expires_at) or '-'}\t마지막 사용 {kdatetime(t.last_used_at) or '-'}\t{state}"
        )
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    setup_django()
    from sori.api.models import ApiToken
    from sori.api.tokens import token_revoke

    token = ApiToken.objects.select_related("user").filter(id=args.id).first()
    if token is None:
        print(
            f"sori: 토큰 {args.id}번이 없습니다. 'sori token list'로 번호를 확인해 주세요.", file=sys.stderr
        )
        return 2
    token_revoke(token=token, actor=token.user)
    print(f"토큰 {token.id}번('{token.name}')을 폐기했습니다.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``token`` and its subcommands to the ``sori`` command."""
    token = subparsers.add_parser("token", help="API tokens: create (printed once), list, revoke")
    sub = token.add_subparsers(dest="token", metavar="ACTION")
    create = sub.add_parser("create", help="make a token for a user and print it once")
    create.add_argument("--user", required=True, help="the username the token acts as")
    create.add_argument("--name", required=True, help="what the token is for, e.g. 그룹웨어 연동")
    create.add_argument("--scope", choices=SCOPES, default="read")
    create.add_argument("--days", type=int, default=90, help="days until it expires (1–366, default 90)")
    create.set_defaults(func=cmd_create)
    sub.add_parser("list", help="every token: owner, name, scope, expiry, last use").set_defaults(
        func=cmd_list
    )
    revoke = sub.add_parser("revoke", help="stop a token at once")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(func=cmd_revoke)

    def missing(_args: argparse.Namespace) -> int:
        token.print_help()
        return 2

    token.set_defaults(func=missing)
