"""Fixtures for the registry: the URLs (until the site includes them) and a small world built by services."""

from __future__ import annotations

import datetime as dt
import types
from typing import Any

import pytest
from django.urls import NoReverseMatch, include, path, reverse

from sori.registry import services
from sori.registry.models import Organisation, OrganisationKind


@pytest.fixture(autouse=True)
def registry_urls(settings: Any) -> None:
    """Serve the registry under /staff/ even before ``sori.config.urls`` includes it."""
    try:
        reverse("registry:kpis")
    except NoReverseMatch:
        from sori.config import urls

        module = types.ModuleType("registry_test_urls")
        module.urlpatterns = [*urls.urlpatterns, path("staff/", include("sori.registry.urls"))]  # type: ignore[attr-defined]
        settings.ROOT_URLCONF = module


@pytest.fixture
def city(db: Any) -> Organisation:
    return Organisation.objects.create(name="광주광역시 투자유치과", kind=OrganisationKind.DEPARTMENT)


@pytest.fixture
def firm(db: Any, staff: Any) -> Organisation:
    return services.organisation_create(
        name="㈜솔트룩스",
        actor=staff,
        kind=OrganisationKind.COMPANY,
        strategic_field="culture",
        origin="relocated",
        business_number="123-45-67890",
    )


@pytest.fixture
def mou(city: Organisation, firm: Organisation, staff: Any) -> Any:
    return services.mou_create(
        title="솔트룩스 광주 AI 사업 업무협약",
        signed_on=dt.date(2020, 3, 2),
        parties=[city, firm],
        actor=staff,
    )
