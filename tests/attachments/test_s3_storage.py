"""With ``SORI_S3_BUCKET`` set, attachments live in S3-compatible storage: here an S3 endpoint on loopback."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sori.attachments.services import attachment_add, attachment_remove

from ..documents.pdf_files import blank_pdf

boto3 = pytest.importorskip("boto3")
moto_server = pytest.importorskip("moto.server")


@pytest.fixture
def bucket(monkeypatch: pytest.MonkeyPatch, settings: Any) -> Iterator[Any]:
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {
        "AWS_ACCESS_KEY_ID": "sori",
        "AWS_SECRET_ACCESS_KEY": "sori-secret",
        "AWS_DEFAULT_REGION": "ap-northeast-2",
        "SORI_S3_BUCKET": "sori-files",
        "SORI_S3_ENDPOINT_URL": endpoint,
    }.items():
        monkeypatch.setenv(name, value)
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="ap-northeast-2")
    s3.create_bucket(Bucket="sori-files", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-2"})
    # The storages as the settings module builds them from the environment.
    import sori.config.settings.base as base

    settings.STORAGES = importlib.reload(base).STORAGES
    try:
        yield s3
    finally:
        server.stop()
        monkeypatch.delenv("SORI_S3_BUCKET")
        importlib.reload(base)


def _keys(s3: Any) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket="sori-files").get("Contents", [])]


def test_attachments_are_kept_served_and_removed_in_the_bucket(
    bucket: Any,
    staff: User,
    meeting: Any,
    login: Callable[[User], Client],
    django_capture_on_commit_callbacks: Any,
) -> None:
    pdf = blank_pdf()
    attachment = attachment_add(owner=meeting, name="발제자료.pdf", data=pdf, actor=staff)
    assert _keys(bucket) == [attachment.file.name]
    # the same file again is stored once
    again = attachment_add(owner=meeting, name="발제자료(사본).pdf", data=pdf, actor=staff)
    assert _keys(bucket) == [attachment.file.name] and again.file.name == attachment.file.name

    response = login(staff).get(reverse("attachments:download", args=[attachment.id, attachment.name]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf

    with django_capture_on_commit_callbacks(execute=True):
        attachment_remove(attachment=attachment, actor=staff)
        attachment_remove(attachment=again, actor=staff)
    assert _keys(bucket) == []
