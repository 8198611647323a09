"""An organisation's links are web addresses: a ``javascript:`` link is refused and never shown as a link."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sori.registry import services
from sori.registry.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db


def test_a_script_link_is_refused_with_the_line_it_is_on(staff: Any) -> None:
    with pytest.raises(ValidationError, match="2번째 줄"):
        services.organisation_create(
            name="㈜링크AI",
            actor=staff,
            kind=OrganisationKind.COMPANY,
            links="https://link.example.kr\njavascript:alert(document.cookie)",
        )
    assert not Organisation.objects.filter(name="㈜링크AI").exists()


def test_an_old_script_link_is_shown_as_text_at_most(login: Any, staff: Any) -> None:
    # given a row stored before the rule (written straight to the table, as an old import might have)
    org = Organisation.objects.create(
        name="㈜옛링크", kind=OrganisationKind.COMPANY, links="javascript:alert(1)\nhttps://ok.example.kr"
    )
    # when staff open its page
    page = login(staff).get(reverse("registry:organisation_detail", args=[org.id])).content.decode()
    # then only the web address is a link
    assert 'href="https://ok.example.kr"' in page
    assert 'href="javascript:' not in page
