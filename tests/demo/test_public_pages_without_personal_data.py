"""No public page or feed of the demo names a proposer or shows their e-mail or phone.

The scenario's notes name the people who appear in the source articles in their public roles. Of them only
the committee chair is shown on public pages, by role, as the sponsor of a bill; every other person of the
registry — company representatives (the one named in the article included), citizens, officers, experts and
the other council members — must not appear anywhere a visitor can read.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sori.demo.loader import demo_load
from sori.engagement.models import Series
from sori.policy.models import Bill
from sori.registry.models import Person
from sori.voices.models import Demand

pytestmark = pytest.mark.django_db

# The committee chair (위원장), named in the article, is shown in that role as the sponsor of a bill.
PUBLIC_ROLES = {"강수훈"}


def _public_urls(client: Client) -> list[str]:
    urls = [reverse("home:front"), reverse("public:feed")]
    tracker = reverse("public:tracker")
    urls += [f"{tracker}?format={fmt}" for fmt in ("csv", "json")]
    pages = int(max(re.findall(r"page=(\d+)", client.get(tracker).content.decode()) or ["1"], key=int))
    urls += [f"{tracker}?page={n}" for n in range(1, pages + 1)]
    urls += [reverse("public:demand", args=[d.id]) for d in Demand.objects.filter(published=True)]
    urls += [reverse("public:series_heard", args=[s.id]) for s in Series.objects.all()]
    urls += [reverse("public:bill", args=[b.id]) for b in Bill.objects.all()]
    # the API's public tracker, which needs no token: every list page and every demand
    published = Demand.objects.filter(published=True).count()
    urls += [f"/api/public/demands?page={n}&page_size=20" for n in range(1, published // 20 + 2)]
    urls += [f"/api/public/demands/{d.id}" for d in Demand.objects.filter(published=True)]
    return urls


def test_no_public_page_or_feed_shows_a_proposers_name_or_contacts() -> None:
    # given the demo, as a visitor
    demo_load()
    client = Client()
    private: dict[str, str] = {}
    for person in Person.objects.exclude(name__in=PUBLIC_ROLES):
        for value in (person.name, person.email, person.phone):
            if value:
                private[value] = person.name
    assert len({v for v in private.values()}) >= 50
    urls = _public_urls(client)
    assert len(urls) >= 20

    # when every public page and feed is read
    leaks = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()  # the API writes Korean as UTF-8, not \\u escapes
        leaks += [f"{url}: {value}" for value in private if value in text]

    # then none holds a proposer's name, e-mail or phone
    assert leaks == []
