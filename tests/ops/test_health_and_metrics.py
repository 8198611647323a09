"""Liveness, readiness, Prometheus metrics, request ids in logs, and the administrator's health page."""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from sori.feedback.models import MessageStatus, OutboxMessage
from sori.ops import checks
from sori.ops.request_ids import HEADER

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client: Client, django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok"


def test_readyz_reports_each_dependency(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "disk", "text_metric"}
    assert all(c["ok"] for c in body["checks"].values())


def test_readyz_is_503_and_says_why_when_the_disk_is_nearly_full(client: Client, monkeypatch) -> None:
    monkeypatch.setattr(checks, "MIN_FREE_MB", 10**12)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert not body["checks"]["disk"]["ok"] and "남은 공간" in body["checks"]["disk"]["detail"]
    assert body["checks"]["database"]["ok"]


def test_readyz_fails_before_an_organising_run_would_when_the_metric_file_is_missing(
    client: Client, monkeypatch, tmp_path
) -> None:
    import sori.text._metric as metric

    monkeypatch.setattr(metric, "_cache", {})
    monkeypatch.setenv("SORI_TEXT_METRIC", str(tmp_path / "city-metric.npz"))
    response = client.get("/readyz")
    assert response.status_code == 503
    detail = response.json()["checks"]["text_metric"]["detail"]
    assert "city-metric.npz" in detail and "sori text metric" in detail


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_readyz_fails_when_the_broker_is_unreachable(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    assert not response.json()["checks"]["broker"]["ok"]


def _outbox(status: str, minutes_ago: int) -> None:
    message = OutboxMessage.objects.create(
        kind="feedback",
        channel="email",
        to="a@example.kr",
        subject="회신",
        body="본문",
        status=status,
        message_id=f"<{uuid.uuid4().hex}@sori.test>",
    )
    OutboxMessage.objects.filter(id=message.id).update(
        created_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )


def test_metrics_count_the_outbox_and_requests(client: Client) -> None:
    _outbox(MessageStatus.QUEUED, minutes_ago=30)
    _outbox(MessageStatus.RETRYING, minutes_ago=5)
    _outbox(MessageStatus.FAILED, minutes_ago=90)
    _outbox(MessageStatus.SENT, minutes_ago=120)
    client.get("/tracker/")
    text = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert "sori_outbox_waiting 2.0" in text
    assert "sori_outbox_failed 1.0" in text
    oldest = next(line for line in text.splitlines() if line.startswith("sori_outbox_oldest_waiting_seconds"))
    assert 1790 < float(oldest.split()[1]) < 1900
    assert "sori_overdue_answers 0.0" in text
    assert 'sori_failed_runs{kind="organising"} 0.0' in text
    assert "django_http_requests_latency_seconds_by_view_method" in text


def test_metrics_are_refused_from_outside_without_the_token(client: Client) -> None:
    assert client.get("/metrics", REMOTE_ADDR="1.1.1.1").status_code == 403
    with override_settings(SORI_METRICS_TOKEN="s3cret-token"):
        assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403
        wrong = client.get("/metrics", REMOTE_ADDR="1.1.1.1", HTTP_AUTHORIZATION="Bearer nope")
        assert wrong.status_code == 403
        right = client.get("/metrics", REMOTE_ADDR="1.1.1.1", HTTP_AUTHORIZATION="Bearer s3cret-token")
        assert right.status_code == 200


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_given(client: Client) -> None:
    made = client.get("/healthz")[HEADER]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="proxy-abc-12345")[HEADER] == "proxy-abc-12345"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")[HEADER] != "<script>"


def test_json_logs_carry_the_request_id(client: Client, caplog) -> None:
    from pythonjsonlogger.json import JsonFormatter

    from sori.ops.request_ids import RequestIdFilter

    formatter = JsonFormatter("%(levelname)s %(name)s %(request_id)s %(message)s")
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/staff/no-such-page/", HTTP_X_REQUEST_ID="req-000000001")
    record = next(r for r in caplog.records if r.name == "django.request")
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-000000001" and line["levelname"] == "WARNING"


def test_the_health_page_is_for_administrators(login, staff, make_user) -> None:
    from sori.core.roles import Role

    _outbox(MessageStatus.QUEUED, minutes_ago=3)
    admin = make_user("root", Role.ADMIN)
    page = login(admin).get("/staff/health/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "운영 상태" in html and "database" in html and "1</span> 건이 발송을 기다립니다." in html
    assert 'href="/staff/health/"' in login(admin).get("/home/").content.decode()  # in the admin's menu
    assert login(staff).get("/staff/health/").status_code == 403
