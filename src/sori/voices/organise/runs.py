"""Organising runs (자동 정리 실행): the machine reads the proposals waiting to be grouped and suggests.

A run writes ``Suggestion`` rows and its own ``OrganisingRun`` row, nothing else: it never moves a proposal,
never creates, renames or merges a demand, and never changes a suggestion staff have decided on.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.core import audit
from sori.text import CATEGORIES, Classifier, Doc, default_classifier, normalize, organise, train_classifier
from sori.voices import text_index, vectors
from sori.voices.models import (
    Decision,
    Moderation,
    OrganisingRun,
    Proposal,
    RunStatus,
    Suggestion,
    SuggestionKind,
    Theme,
)
from sori.voices.organise.workers import organising_mapper

log = logging.getLogger(__name__)

# A theme needs this many labelled proposals before the deployment's own classifier is trained on it.
MIN_EXAMPLES_PER_THEME = 5
# organise() reports six stages; loading comes before, suggesting and saving after.
STAGES = 9
# Runs over up to this many waiting proposals group them by meaning (their stored vectors; missing ones are
# encoded first, at about 100 proposals/s); larger runs take the bulk path by words (character n-grams),
# where encoding would cost more than the whole run. The text core's own default is the same (MEANING_MAX).
MEANING_UP_TO = 3000
# A run that has not moved for this long is taken to have died with its worker.
STALE_AFTER = timedelta(minutes=30)
_PROGRESS_EVERY = 0.5  # seconds between progress writes


def run_is_stale(run: OrganisingRun) -> bool:
    """Return whether a queued or running run has not moved for ``STALE_AFTER`` (its worker died)."""
    active = run.status in (RunStatus.QUEUED, RunStatus.RUNNING)
    return active and run.updated_at < timezone.now() - STALE_AFTER


def _running() -> OrganisingRun | None:
    run = OrganisingRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).first()
    if run is not None and run_is_stale(run):
        OrganisingRun.objects.filter(id=run.id).update(
            status=RunStatus.FAILED,
            error=_("진행이 멈춰 중단된 것으로 보고 닫았습니다."),
            finished_at=timezone.now(),
        )
        return None
    return run


@transaction.atomic
def organising_run_start(*, actor: User) -> tuple[OrganisingRun, bool]:
    """Queue a full run over the proposals waiting to be grouped; return (run, started).

    While a run is queued or running, a second start returns that run (``started`` False) instead of
    starting another. The run itself is done by the task after this transaction commits.
    """
    running = _running()
    if running is not None:
        return running, False
    run = OrganisingRun.objects.create(
        total=STAGES, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    audit.record(actor=actor, action="organise.run", target=run, summary=_("묶기 대기 제안 자동 정리 시작"))
    transaction.on_commit(lambda: _enqueue(run.id))
    return run, True


def _enqueue(run_id: int) -> None:
    from sori.voices.organise.tasks import organising_run_task

    try:
        organising_run_task.delay(run_id)
    except Exception:  # a broker outage must not turn the user's click into an error page
        log.exception("organising run %s could not be queued", run_id)


def deployment_classifier() -> tuple[Classifier, str]:
    """Return the category classifier and its description.

    Trained on the deployment's own history (the themes of the demands proposals were grouped into) when at
    least two themes have ``MIN_EXAMPLES_PER_THEME`` examples; otherwise the default AI-industry taxonomy.
    """
    rows = list(
        Proposal.objects.filter(moderation=Moderation.ACCEPTED, demand__theme__isnull=False).values_list(
            "text", "demand__theme__code"
        )
    )
    counts = Counter(code for _t, code in rows)
    enough = {code for code, n in counts.items() if n >= MIN_EXAMPLES_PER_THEME}
    if len(enough) >= 2:
        texts = [t for t, code in rows if code in enough]
        labels = [code for _t, code in rows if code in enough]
        return train_classifier(texts, labels), _("이 기관의 분류 이력 %(n)s건으로 학습") % {"n": len(texts)}
    return default_classifier(), _("기본 AI 산업 분류")


def theme_label(code: str, themes: dict[str, Theme]) -> str:
    """Return a theme code's name: the deployment's theme, else the default taxonomy's name."""
    theme = themes.get(code)
    return theme.name if theme is not None else str(CATEGORIES.get(code, code))


def char_jaccard(a: str, b: str, n: int = 5) -> float:
    """Return the Jaccard similarity of the character ``n``-grams of two texts (spaces removed)."""
    a, b = ("".join(normalize(x).split()) for x in (a, b))
    grams_a = {a[i : i + n] for i in range(max(1, len(a) - n + 1))}
    grams_b = {b[i : i + n] for i in range(max(1, len(b) - n + 1))}
    return len(grams_a & grams_b) / len(grams_a | grams_b) if grams_a | grams_b else 0.0


def suggestions_reconcile() -> int:
    """Record as decided the suggestions whose proposals staff have since grouped anywhere; return how many.

    Agreeing with the machine counts as accepted: the demand it suggested, or a new group all of whose
    members ended in one demand. Anything else counts as changed.
    """
    pending = list(
        Suggestion.objects.filter(
            decision="",
            active=True,
            kind__in=[SuggestionKind.DEMAND, SuggestionKind.NEW_GROUP],
            proposal__demand__isnull=False,
        ).select_related("proposal__demand")
    )
    if not pending:
        return 0
    groups = {(s.run_id, s.group) for s in pending if s.kind == SuggestionKind.NEW_GROUP}
    where: dict[tuple[int | None, int | None], set[int | None]] = defaultdict(set)
    if groups:
        rows = Suggestion.objects.filter(
            kind=SuggestionKind.NEW_GROUP, run_id__in={r for r, _g in groups}
        ).values_list("run_id", "group", "proposal__demand_id")
        for run_id, group, demand_id in rows:
            where[(run_id, group)].add(demand_id)
    now = timezone.now()
    for s in pending:
        demand = s.proposal.demand
        assert demand is not None
        if s.kind == SuggestionKind.DEMAND:
            agreed = s.demand_id == demand.id
        else:
            agreed = where[(s.run_id, s.group)] == {demand.id}
        s.decision = Decision.ACCEPTED if agreed else Decision.CHANGED
        s.decided_value = f"demand:{demand.id}"
        s.decided_label = demand.title[:300]
        s.decided_at = now
    Suggestion.objects.bulk_update(pending, ["decision", "decided_value", "decided_label", "decided_at"])
    return len(pending)


class _Progress:
    """Write ``done`` to the run row at most every half second (and always at the end)."""

    def __init__(self, run: OrganisingRun) -> None:
        self.run = run
        self.last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if done < STAGES and now - self.last < _PROGRESS_EVERY:
            return
        self.last = now
        OrganisingRun.objects.filter(id=self.run.id).update(done=done, updated_at=timezone.now())


def organising_run_execute(*, run_id: int) -> OrganisingRun:
    """Do a queued run: organise the waiting proposals and store the suggestions. Idempotent per run.

    A run left running by a worker that died (no progress for ``STALE_AFTER``) is done again when its task
    is delivered again (tasks are acknowledged late, so the broker hands a dead worker's task to another).
    """
    with transaction.atomic():
        run = OrganisingRun.objects.select_for_update().get(id=run_id)
        taken_over = run.status == RunStatus.RUNNING and run_is_stale(run)
        if run.status != RunStatus.QUEUED and not taken_over:
            return run  # done, failed, or being done by another worker
        run.status = RunStatus.RUNNING
        run.started_at = timezone.now()
        run.total = STAGES
        run.done = 0
        run.save(update_fields=["status", "started_at", "total", "done", "updated_at"])
    report = _Progress(run)
    try:
        _execute(run, report)
    except Exception as exc:
        log.exception("organising run %s failed", run.id)
        OrganisingRun.objects.filter(id=run.id).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run


def _execute(run: OrganisingRun, report: Callable[[int], None]) -> None:
    from sori.voices.organise.suggest import build_suggestions

    suggestions_reconcile()
    waiting = list(
        Proposal.objects.filter(moderation=Moderation.ACCEPTED, demand__isnull=True)
        .order_by("received_at", "id")
        .values_list("id", "text")
    )
    docs = [Doc(str(pid), text) for pid, text in waiting]
    meaning = 0 < len(docs) <= MEANING_UP_TO
    stored = vectors.vectors_ensure([pid for pid, _t in waiting]) if meaning else {}
    matrix = vectors.matrix_of([pid for pid, _t in waiting], stored) if meaning else None
    classifier, described = deployment_classifier()
    report(1)
    themes = {t.code: t for t in Theme.objects.all()}
    if docs:
        with organising_mapper(len(docs)) as spread:
            result = organise(
                docs,
                classifier=classifier,
                progress=lambda done, _total: report(1 + done),
                run=spread,
                meaning=meaning,
                vectors=matrix,
            )
    else:
        result = None
    index, titles = text_index.demand_index()
    rows, groups = build_suggestions(run, docs, result, index, titles, themes, vectors=stored)
    report(STAGES - 1)
    with transaction.atomic():
        # Retire what earlier runs suggested and nobody decided; decided suggestions stay as they are.
        # (Selected by a join, not a list of ids: tens of thousands of ids exceed SQLite's parameter limit.)
        Suggestion.objects.filter(
            proposal__moderation=Moderation.ACCEPTED, proposal__demand__isnull=True, decision="", active=True
        ).exclude(run=run).update(active=False)
        Suggestion.objects.bulk_create(rows, batch_size=1000)
        OrganisingRun.objects.filter(id=run.id).update(
            status=RunStatus.DONE,
            done=STAGES,
            finished_at=timezone.now(),
            proposal_count=len(docs),
            group_count=len(groups),
            duplicate_count=len(result.duplicates) if result else 0,
            suggestion_count=len(rows),
            classifier=described[:200],
            groups=groups,
        )


def organising_run_now(*, actor: User) -> OrganisingRun:
    """Start a run and do it in this process now (the demo, commands); return the finished run."""
    run, _started = organising_run_start(actor=actor)
    return organising_run_execute(run_id=run.id)


def organising_demo_run(*, actor: User) -> str:
    """Run the organiser once after the demo loads so the organise screen shows suggestions."""
    run = organising_run_now(actor=actor)
    return _("자동 정리 묶음 제안 %(g)s개(묶기 대기 %(n)s건)") % {
        "g": run.group_count,
        "n": run.proposal_count,
    }
