"""Occupancy bars in Chromium: SVG drawn to scale, with nothing the content security policy blocks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sori.programs import services
from sori.programs.models import Application, Call
from sori.registry.models import Organisation

from ..e2e.test_content_security_browser import violations, watch
from ..e2e.test_loop_browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Each bar's rects as drawn: their x and width as shares of the bar, beside what the markup asks for (in %).
DRAWN = """svg => Array.from(svg.querySelectorAll("rect")).map(r => {
  const bar = svg.getBoundingClientRect(), box = r.getBoundingClientRect();
  return [(box.left - bar.left) / bar.width, box.width / bar.width,
          Number(r.getAttribute("x") || 0) / 100, Number(r.getAttribute("width")) / 100];
})"""


def test_pool_and_selection_pages_draw_occupancy_to_scale(
    transactional_db: Any,
    live_server: Any,
    browser: Any,
    staff: User,
    company: Organisation,
    call: Call,
    apply: Callable[..., Application],
    scored: Callable[..., Application],
) -> None:
    # given: a selection granting a company 4 of the pool's 8 H100, confirmed (its task runs on commit)
    scored(apply(company), 90)
    run = services.selection_request(call=call, actor=staff)
    run.refresh_from_db()
    (award,) = services.selection_confirm(run=run, actor=staff)
    page = log_in(browser, live_server.url, staff.username)
    found: list[str] = []
    watch(page, found)
    for url in (
        reverse("programs:pool_detail", args=[award.pool_id]),
        reverse("programs:run_detail", args=[run.id]),
    ):
        # when: staff open the pool's page and the selection's
        page.goto(live_server.url + url)
        # then: every bar is drawn as its markup says, the award's 4 of 8 as half a bar
        bars = page.locator("svg.occ")
        assert bars.count() > 0
        drawn = [rect for i in range(bars.count()) for rect in bars.nth(i).evaluate(DRAWN)]
        assert any(width == pytest.approx(0.5, abs=0.01) for _x, width, _ax, _aw in drawn)
        for x, width, asked_x, asked_width in drawn:
            assert (x, width) == pytest.approx((asked_x, asked_width), abs=0.01)
        # and: nothing broke the content security policy
        found.extend(violations(page))
    assert found == []
    page.context.close()
