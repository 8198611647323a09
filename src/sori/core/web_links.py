"""Links people type into Sori: only web addresses (http, https) become links, never ``javascript:``."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

_WEB = URLValidator(schemes=["http", "https"])


def is_web_url(value: str) -> bool:
    """Return whether ``value`` is an http or https address."""
    try:
        _WEB(value)
    except ValidationError:
        return False
    return True


def validate_web_links(text: str) -> None:
    """Refuse any line of ``text`` that is not an http or https address, naming the line."""
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not is_web_url(line):
            raise ValidationError(
                _(
                    "%(number)s번째 줄 '%(line)s'은(는) 웹 주소가 아닙니다. "
                    "http:// 또는 https://로 시작하는 주소를 적어 주세요."
                ),
                params={"number": number, "line": line[:80]},
                code="not_web_link",
            )
