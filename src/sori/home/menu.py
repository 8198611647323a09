"""The main menu: what each role may open, grouped so a staff member's menu fits on one line.

Entries a user may not open are left out; a group left with one entry becomes a plain link, and the entry
of the page being viewed (the longest address the path starts with) is marked current.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sori.core.roles import can

Label = str | Promise


@dataclass(frozen=True)
class _Item:
    label: Label
    url_name: str
    capabilities: tuple[str, ...] = ()  # any one suffices; none: open to everyone, signed in or not


@dataclass(frozen=True)
class _Group:
    label: Label
    items: tuple[_Item, ...]


MENU: tuple[_Item | _Group, ...] = (
    _Item(_("정책 수요 현황"), "public:tracker"),
    _Item(_("제안하기"), "public:propose"),
    _Item(_("할 일"), "home:home", ("staff.area", "company.portal")),
    _Item(_("간담회"), "engagement:series_list", ("engagement.manage",)),
    _Group(
        _("제안·수요"),
        (
            _Item(_("제안"), "voices:proposal_list", ("demand.organise",)),
            _Item(_("자동 정리"), "voices:organise", ("demand.organise",)),
            _Item(_("정책 수요"), "voices:demand_list", ("demand.organise",)),
            _Item(_("입법 추진"), "bills:list", ("staff.area",)),
            _Item(_("회신"), "feedback:owed", ("feedback.send",)),
        ),
    ),
    _Item(_("부서 답변함"), "policy:inbox", ("department.inbox",)),
    _Group(
        _("생태계"),
        (
            _Item(_("기관"), "registry:organisation_list", ("registry.manage",)),
            _Item(_("성과 지표"), "reports:kpis", ("registry.kpis",)),
            _Item(_("지원사업"), "programs:program_list", ("program.manage", "program.apply")),
            _Item(_("인재 양성"), "programs:cohort_list", ("program.manage",)),
            _Item(_("미드필더 연결"), "programs:introduction_list", ("program.manage",)),
        ),
    ),
    _Item(_("보고서"), "reports:index", ("demand.view_all",)),
    _Group(
        _("관리"),
        (
            _Item(_("사용자"), "users:list", ("users.manage",)),
            _Item(_("개인정보 접속기록"), "privacy:access_list", ("privacy.audit",)),
            _Item(_("운영 상태"), "ops:health", ("ops.health",)),
            _Item(_("웹훅"), "webhooks:list", ("webhooks.manage",)),
        ),
    ),
)


@dataclass
class MenuLink:
    label: Label
    url: str
    current: bool = False
    is_group: bool = False


@dataclass
class MenuGroup:
    label: Label
    links: list[MenuLink] = field(default_factory=list)
    is_group: bool = True

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


def _allowed(user: Any, item: _Item) -> bool:
    if not item.capabilities:
        return True
    return bool(getattr(user, "is_authenticated", False)) and any(can(user, c) for c in item.capabilities)


def menu_for(user: Any, path: str) -> list[MenuLink | MenuGroup]:
    """Return the menu entries ``user`` may open, the one for ``path`` marked current."""
    entries: list[MenuLink | MenuGroup] = []
    for spec in MENU:
        if isinstance(spec, _Item):
            if _allowed(user, spec):
                entries.append(MenuLink(spec.label, reverse(spec.url_name)))
            continue
        links = [MenuLink(i.label, reverse(i.url_name)) for i in spec.items if _allowed(user, i)]
        if len(links) == 1:
            entries.append(links[0])
        elif links:
            entries.append(MenuGroup(spec.label, links))
    flat = [e for e in entries if isinstance(e, MenuLink)]
    flat += [link for e in entries if isinstance(e, MenuGroup) for link in e.links]
    matching = [link for link in flat if path == link.url or (link.url != "/" and path.startswith(link.url))]
    if matching:
        max(matching, key=lambda link: len(link.url)).current = True
    return entries
