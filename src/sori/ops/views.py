"""Health for load balancers (``/healthz``, ``/readyz``), metrics for Prometheus, a health page for admins."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django_prometheus.exports import ExportToDjangoView

from sori.core.permissions import SignedInRequest, require
from sori.ops.checks import run_checks
from sori.ops.metrics import figures


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Answer 200 while the process serves requests (liveness); dependencies are ``/readyz``'s business."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Answer 200 when the database, cache, broker and disk are fine, else 503, with each check's result."""
    checks = run_checks()
    ready = all(c.ok for c in checks)
    body = {
        "status": "ok" if ready else "fail",
        "checks": {c.name: {"ok": c.ok, "detail": c.detail, "ms": c.ms} for c in checks},
    }
    return JsonResponse(body, status=200 if ready else 503, json_dumps_params={"ensure_ascii": False})


def _private(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not ip.is_global  # loopback, private networks, link-local: never the open internet


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics, for scrapers on a non-public address, or bearing ``SORI_METRICS_TOKEN``."""
    token = settings.SORI_METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and given and hmac.compare_digest(given, token):
        return ExportToDjangoView(request)
    if not token and _private(request.META.get("REMOTE_ADDR", "")):
        return ExportToDjangoView(request)
    raise PermissionDenied


@require("ops.health")
def health(request: SignedInRequest) -> HttpResponse:
    """The administrator's view at a glance: readiness, the outbox, overdue work and failed runs."""
    return render(request, "ops/health.html", {"checks": run_checks(), "f": figures()})
