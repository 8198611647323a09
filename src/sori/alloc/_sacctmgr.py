"""Awards as ``sacctmgr`` commands, so the scheduler enforces each award's GPU-minute budget.

Conservative by design: one account per award, users added to it, and a ``GrpTRESMins=gres/gpu=N`` limit
(``gres/gpu:<type>=N`` when a GPU type is given). ``-i`` commits without the interactive prompt. For the limit
to be enforced the cluster needs ``AccountingStorageEnforce=limits`` (with ``safe`` to stop jobs that could
not finish within it) and ``gres/gpu`` (or ``gres/gpu:<type>``) in ``AccountingStorageTRES``. GrpTRESMins
counts decayed usage: set ``PriorityDecayHalfLife=0`` and a ``PriorityUsageResetPeriod`` that fits the term,
or Sori's own ledger and Slurm's figure will differ. Names must already be Slurm-safe; nothing is silently
rewritten.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sori.alloc._errors import InputError, Issue
from sori.alloc._model import SelectionProblem, SelectionResult

MINUTES_PER_UNIT_MONTH = 30 * 24 * 60  # one GPU for a 30-day month
_ACCOUNT = re.compile(r"^[a-z0-9_][a-z0-9_.-]{0,63}$")
_USER = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
_GRES_TYPE = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass(frozen=True)
class SlurmGrant:
    """One award as the scheduler sees it: an account, its users and a GPU-minute budget."""

    account: str
    organisation: str
    users: tuple[str, ...]
    gpu_minutes: int
    gpu_type: str | None = None
    description: str = ""
    parent: str | None = None


def sacctmgr_commands(grants: Sequence[SlurmGrant], *, cluster: str | None = None) -> list[str]:
    """Return shell command lines creating each account, its users and its GrpTRESMins limit.

    Raise :class:`InputError` naming the grant and field when a name is not Slurm-safe.
    """
    issues: list[Issue] = []
    for index, grant in enumerate(grants):
        where = f"grants[{index}]"
        if not _ACCOUNT.match(grant.account):
            issues.append(
                Issue(f"{where}.account", f"{grant.account!r}: use lower-case a-z, 0-9, _ . - (≤ 64)")
            )
        for user in grant.users:
            if not _USER.match(user):
                issues.append(
                    Issue(f"{where}.users", f"{user!r} is not a login name (lower-case, starts a-z/_)")
                )
        if grant.gpu_minutes < 0:
            issues.append(Issue(f"{where}.gpu_minutes", "cannot be negative"))
        if grant.gpu_type is not None and not _GRES_TYPE.match(grant.gpu_type):
            issues.append(Issue(f"{where}.gpu_type", f"{grant.gpu_type!r} is not a GRES type name"))
    if issues:
        raise InputError(issues)
    on_cluster = f" Cluster={shlex.quote(cluster)}" if cluster else ""
    lines: list[str] = []
    for grant in grants:
        extra = f" Parent={shlex.quote(grant.parent)}" if grant.parent else ""
        description = grant.description or f"Sori award for {grant.organisation}"
        lines.append(
            f"sacctmgr -i add account {grant.account}{on_cluster}"
            f" Description={shlex.quote(description)} Organization={shlex.quote(grant.organisation)}{extra}"
        )
        for user in grant.users:
            lines.append(f"sacctmgr -i add user {user} Account={grant.account}{on_cluster}")
        tres = f"gres/gpu:{grant.gpu_type}" if grant.gpu_type else "gres/gpu"
        lines.append(
            f"sacctmgr -i modify account where Name={grant.account}{on_cluster}"
            f" set GrpTRESMins={tres}={grant.gpu_minutes}"
        )
    return lines


def grants_from_result(
    problem: SelectionProblem,
    result: SelectionResult,
    *,
    accounts: Mapping[str, str],
    users: Mapping[str, Sequence[str]] | None = None,
    gres_types: Mapping[str, str] | None = None,
    minutes_per_unit_month: int = MINUTES_PER_UNIT_MONTH,
) -> list[SlurmGrant]:
    """Return a grant per awarded application: ``awarded × months × minutes_per_unit_month`` GPU-minutes.

    ``accounts`` maps application id → Slurm account; ``gres_types`` maps resource → GRES type (omit for a
    plain ``gres/gpu`` limit). Applications with nothing awarded are left out.
    """
    apps = {a.id: a for a in problem.applications}
    grants = []
    for award in result.awards:
        if award.awarded <= 0:
            continue
        app = apps[award.application_id]
        grants.append(
            SlurmGrant(
                account=accounts[app.id],
                organisation=app.organisation,
                users=tuple((users or {}).get(app.id, ())),
                gpu_minutes=award.awarded * app.months * minutes_per_unit_month,
                gpu_type=(gres_types or {}).get(app.resource),
                description=f"Sori {app.id}: {award.awarded} x {app.resource} for {app.months} months",
            )
        )
    return grants
