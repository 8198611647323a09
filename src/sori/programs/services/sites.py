"""Demonstration sites and placements on them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sori.core import audit
from sori.programs.models import DemoSite, SitePlacement
from sori.registry.models import Organisation


@transaction.atomic
def site_create(*, actor: User, **values: Any) -> DemoSite:
    """Register a demonstration site."""
    if values["available_until"] < values["available_from"]:
        raise ValidationError(_("이용 가능 종료일이 시작일보다 빠릅니다."))
    site = DemoSite.objects.create(**values)
    audit.record(actor=actor, action="site.create", target=site, summary=_("실증 공간 등록: %s") % site.name)
    return site


def free_slots(site: DemoSite, starts_on: dt.date, ends_on: dt.date) -> int:
    """Return how many more firms the site can take in the period."""
    taken = site.placements.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).count()
    return max(0, site.capacity - taken)


@transaction.atomic
def site_place(
    *,
    site: DemoSite,
    organisation: Organisation,
    starts_on: dt.date,
    ends_on: dt.date,
    actor: User,
    note: str = "",
) -> SitePlacement:
    """Place a firm on a site; refused outside its availability or when it is full."""
    if ends_on < starts_on:
        raise ValidationError(_("종료일이 시작일보다 빠릅니다."))
    if starts_on < site.available_from or ends_on > site.available_until:
        raise ValidationError(_("요청 기간이 공간의 이용 가능 기간을 벗어납니다."))
    DemoSite.objects.select_for_update().filter(pk=site.pk).first()
    if free_slots(site, starts_on, ends_on) < 1:
        raise ValidationError(_("그 기간에 '%s'은(는) 빈자리가 없습니다.") % site.name)
    placement = SitePlacement.objects.create(
        site=site, organisation=organisation, starts_on=starts_on, ends_on=ends_on, note=note
    )
    audit.record(
        actor=actor,
        action="site.place",
        target=placement,
        scope=site,
        summary=_("%(org)s 실증 배정") % {"org": organisation.name},
    )
    return placement
