"""``/api/``: the JSON API; its routes and names come from ``sori.api.main``.

An address under ``/api/`` that names no operation is answered as the API answers, not with the site's page.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.utils.translation import gettext as _

from sori.api.main import api
from sori.api.problems import problem


def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    return problem(
        404, _("찾을 수 없습니다"), _("그런 API 주소가 없습니다. /api/docs에서 주소를 확인해 주세요.")
    )


urlpatterns = [*api.urls[0], re_path(r"^(?P<rest>.*)$", unknown, name="unknown")]
app_name = "api"
