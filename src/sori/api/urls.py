"""``/api/``: the JSON API; its routes and names come from ``sori.api.main``."""

from sori.api.main import api

urlpatterns = [*api.urls[0]]
app_name = "api"
