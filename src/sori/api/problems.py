"""Errors as RFC 9457 problem details (``application/problem+json``), in Korean, with what to do next."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError

CONTENT_TYPE = "application/problem+json"


def problem(status: int, title: str, detail: str = "", **extra: Any) -> HttpResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE)


# Where a value came from, as pydantic names it; callers know their fields by name alone.
SOURCES = {"body", "payload", "query", "path", "header", "form", "file", "cookie"}


def korean(error: dict[str, Any]) -> str:
    """Say a pydantic error in Korean; its English words would mean little to most of the city's staff."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("값이 빠졌습니다.")
    if kind in ("literal_error", "enum"):
        return _("다음 중 하나로 적어 주세요: %(values)s") % {"values": ctx.get("expected", "")}
    if kind == "string_too_short":
        return _("%(n)s자 이상 적어 주세요.") % {"n": ctx.get("min_length", 1)}
    if kind == "string_too_long":
        return _("%(n)s자 이하로 적어 주세요.") % {"n": ctx.get("max_length", "")}
    if kind in ("too_short", "too_long"):
        return _("항목 수가 맞지 않습니다(%(min)s–%(max)s개).") % {
            "min": ctx.get("min_length", 0),
            "max": ctx.get("max_length", "…"),
        }
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter(ctx.values()), "")
        words = {
            "greater_than_equal": _("%(v)s 이상이어야 합니다."),
            "greater_than": _("%(v)s보다 커야 합니다."),
            "less_than_equal": _("%(v)s 이하여야 합니다."),
            "less_than": _("%(v)s보다 작아야 합니다."),
        }
        return words[kind] % {"v": limit}
    if kind.startswith("int_") or kind.startswith("float_"):
        return _("숫자로 적어 주세요.")
    if kind.startswith("bool_"):
        return _("true 또는 false로 적어 주세요.")
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return _("날짜는 2025-11-11, 일시는 2025-11-11T07:30:00+09:00처럼 적어 주세요.")
    if kind == "string_pattern_mismatch":
        return _(
            "형식이 맞지 않습니다. http:// 또는 https://로 시작하는 주소처럼 설명된 형식으로 적어 주세요."
        )
    if kind in ("list_type", "dict_type", "string_type", "model_attributes_type", "model_type"):
        return _("값의 종류가 맞지 않습니다. API 문서의 형식을 확인해 주세요.")
    if kind.startswith("json"):
        return _("JSON으로 읽을 수 없는 본문입니다.")
    return _("값이 맞지 않습니다. API 문서의 형식을 확인해 주세요.")


def _field_errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages] for field, errors in error.error_dict.items()
        }
    return {}


def install(api: NinjaAPI) -> None:
    """Answer every failure the same way, whichever door it came through."""

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = problem(
            401,
            _("인증이 필요합니다"),
            _(
                "Authorization: Bearer 머리글에 유효한 API 토큰을 보내 주세요. "
                "토큰은 Sori의 'API 토큰' 화면에서 만듭니다."
            ),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = str(exc) or _("이 토큰의 사용자 역할로는 할 수 없는 작업입니다.")
        return problem(403, _("권한이 없습니다"), detail)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return problem(404, _("찾을 수 없습니다"), str(exc) or _("주소의 번호를 확인해 주세요."))

    @api.exception_handler(ValidationError)
    def refused(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = _field_errors(exc)
        detail = " ".join(m for ms in errors.values() for m in ms) if errors else " ".join(exc.messages)
        extra = {"errors": errors} if errors else {}
        return problem(
            422, _("받아들일 수 없는 요청입니다"), detail + " " + _("아무 것도 저장되지 않았습니다."), **extra
        )

    @api.exception_handler(SchemaError)
    def malformed(request: HttpRequest, exc: SchemaError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            where = ".".join(str(p) for p in error.get("loc", ()) if p not in SOURCES)
            errors.setdefault(where or "body", []).append(korean(error))
        return problem(
            422,
            _("요청 형식이 맞지 않습니다"),
            _("표시된 항목을 API 문서(/api/docs)의 형식에 맞게 고쳐 다시 보내 주세요."),
            errors=errors,
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(exc.status_code, str(exc.message))
