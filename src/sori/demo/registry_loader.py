"""Load the registry demo (``registry.json``): the 2020 MOUs and offices, and the ecosystem since.

``registry_demo_load`` runs after the main scenario has created its organisations: an organisation the
scenario already has (found by name, any legal-form spelling) gets its empty profile fields filled; the others
are created. Everything goes through the registry's services, so the audit trail holds the history.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from importlib import resources
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from sori.engagement.models import Engagement
from sori.registry.models import Organisation, OrganisationKind
from sori.registry.services import (
    commitment_add,
    mou_create,
    mou_move,
    organisation_create,
    organisation_find,
    organisation_update,
)

_RELATIVE = re.compile(r"^today(?:(?P<sign>[+-])(?P<days>\d+))?$")
_DATES = ("relocated_on", "target_date", "realised_on")


def registry_data() -> dict[str, Any]:
    """Return the shipped registry demo data."""
    text = resources.files("sori.demo").joinpath("registry.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _day(value: str | None, today: dt.date) -> dt.date | None:
    if not value:
        return None
    match = _RELATIVE.match(value)
    if match:
        days = int(match["days"] or 0) * (-1 if match["sign"] == "-" else 1)
        return today + dt.timedelta(days=days)
    return dt.date.fromisoformat(value)


def _organisation(
    entry: Mapping[str, Any], found: Organisation | None, today: dt.date, actor: User | None
) -> Organisation:
    fields = {k: v for k, v in entry.items() if k != "name"}
    for key in _DATES:
        if key in fields:
            fields[key] = _day(fields[key], today)
    if found is None:
        return organisation_create(name=entry["name"], actor=actor, **fields)
    # Keep what the scenario (or staff) already wrote; only fill what is empty.
    empty = {k: v for k, v in fields.items() if k != "kind" and getattr(found, k) in ("", None)}
    if entry.get("kind") and found.kind == OrganisationKind.COMPANY and entry["kind"] != found.kind:
        empty["kind"] = entry["kind"]
    return organisation_update(organisation=found, actor=actor, **empty) if empty else found


@transaction.atomic
def registry_demo_load(
    *, today: dt.date, orgs_by_name: Mapping[str, Organisation] | None = None, actor: User | None = None
) -> str:
    """Create the demo's organisation profiles, MOUs and commitments; return a one-line summary."""
    data = registry_data()
    known = dict(orgs_by_name or {})

    def find(name: str) -> Organisation | None:
        return known.get(name) or organisation_find(name=name)

    for entry in data["organisations"]:
        known[entry["name"]] = _organisation(entry, find(entry["name"]), today, actor)
    city = find(data["city"]) or organisation_create(
        name=data["city"], kind=OrganisationKind.DEPARTMENT, actor=actor
    )
    known[data["city"]] = city

    def party(name: str) -> Organisation:
        org = find(name)
        if org is None:
            org = organisation_create(name=name, kind=OrganisationKind.INSTITUTION, actor=actor)
            known[name] = org
        return org

    for m in data["mous"]:
        engagement = Engagement.objects.filter(title=m["engagement"]).first() if m.get("engagement") else None
        mou = mou_create(
            title=m["title"],
            signed_on=_day(m["signed_on"], today) or today,
            parties=[party(n) for n in m["parties"]],
            actor=actor,
            event=m.get("event", ""),
            engagement=engagement,
        )
        for c in m.get("commitments", []):
            commitment_add(
                mou=mou,
                actor=actor,
                kind=c["kind"],
                organisation=party(c["party"]) if c.get("party") else None,
                description=c.get("description", ""),
                target_date=_day(c.get("target_date"), today),
                target_number=c.get("target_number"),
                realised_number=c.get("realised_number"),
                status=c.get("status", "pending"),
                realised_on=_day(c.get("realised_on"), today),
            )
        for step in m.get("stages", []):
            stage, on, *reason = step
            mou = mou_move(
                mou=mou, stage=stage, on=_day(on, today), reason=reason[0] if reason else "", actor=actor
            )
    return f"기관 프로필 {len(data['organisations'])}곳, 업무협약 {len(data['mous'])}건"
