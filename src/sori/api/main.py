"""The JSON API (django-ninja): one instance, its routers, its error format and its documents.

``/api/openapi.json`` is the OpenAPI 3.1 document; ``/api/docs`` shows it with the Swagger UI that ships
inside django-ninja, served by Sori (no CDN).
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema
from ninja.renderers import JSONRenderer

from sori.api import problems, programs, public, registry, voices

DESCRIPTION = """소리(Sori)의 API: 간담회·제안·정책 수요·답변·회신 상태, 기관·협약, 지원사업.

토큰은 Sori에 로그인해 'API 토큰' 화면(/accounts/tokens/)에서 만들고, 요청마다
`Authorization: Bearer sori_…` 머리글로 보냅니다. 토큰은 만든 사람의 역할로만 일하며,
'읽기' 토큰은 바꾸는 요청을 할 수 없습니다. 공개 추적(/api/public/…)은 토큰 없이 읽습니다.
오류는 RFC 9457 문제 상세(application/problem+json)로 답합니다.
무언가를 만드는 POST에는 `Idempotency-Key` 머리글을 붙이면 다시 보내도 한 번만 만듭니다."""

PROBLEM = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 문제 상세",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "description": "항목 → 그 항목의 문제들",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}
FAILURES = {
    "401": "토큰이 없거나 만료·폐기되었습니다.",
    "403": "토큰의 사용자 역할이나 범위로는 할 수 없습니다.",
    "404": "주소의 번호에 해당하는 것이 없거나 볼 수 없습니다.",
    "422": "요청을 받아들일 수 없습니다. 아무 것도 저장되지 않았습니다.",
}


class KoreanJSON(JSONRenderer):
    """UTF-8 as it is: Korean text stays readable in logs and curl, and a third shorter than \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class SoriAPI(NinjaAPI):
    """Names every failure an operation can answer in the document, so clients and fuzzers know them."""

    def get_openapi_schema(self, **kwargs: Any) -> OpenAPISchema:
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {})["Problem"] = PROBLEM
        for path, operations in schema["paths"].items():
            for operation in operations.values():
                codes = ["422"]
                if operation.get("security"):
                    codes += ["401", "403"]
                if "{" in path:
                    codes.append("404")
                for code in codes:
                    operation["responses"].setdefault(
                        code,
                        {
                            "description": FAILURES[code],
                            "content": {
                                "application/problem+json": {
                                    "schema": {"$ref": "#/components/schemas/Problem"}
                                }
                            },
                        },
                    )
        return schema


api = SoriAPI(
    title="Sori API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=Swagger(settings={"persistAuthorization": False}),
    renderer=KoreanJSON(),
)
problems.install(api)
api.add_router("", public.router)
api.add_router("", voices.router)
api.add_router("", registry.router)
api.add_router("", programs.router)
