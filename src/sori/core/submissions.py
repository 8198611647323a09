"""One form, one effect: a repeated POST of a creating form returns what the first POST made.

A creating service calls ``submission_claim`` first in its transaction, before any other query. The
claim is an INSERT guarded by the key's unique constraint, so the database decides which of two identical
POSTs does the work: on PostgreSQL the second INSERT waits for the first transaction and fails once it
commits; on SQLite the second writer waits for the lock (the busy timeout). The loser then reads what the
winner made and returns it. When the work is done the service calls ``submission_complete`` with what it
made.

    earlier = submission_claim(key=submission_key, action="program.create", model=Program)
    if earlier:
        return earlier[0]
    program = Program.objects.create(...)
    submission_complete(key=submission_key, targets=[program])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from sori.core.audit import ref
from sori.core.models import SubmissionKey

M = TypeVar("M", bound=models.Model)

__all__ = ["submission_claim", "submission_complete", "submission_made"]


def submission_claim(*, key: str | None, action: str, model: type[M]) -> list[M]:
    """Claim ``key`` for ``action``; return what an earlier submission with it made, or ``[]`` to go ahead.

    Call inside the creating service's transaction, as its first query: a claim made after a read can, on
    SQLite, fail at once instead of waiting for the other writer. An empty ``key`` claims nothing. If the
    earlier submission's work no longer exists (undone, deleted), this submission takes the key over and
    does the work again. A key used by another action is refused with a ValidationError.
    """
    if not key:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("submission_claim must run inside the creating service's transaction")
    try:
        with transaction.atomic():
            SubmissionKey.objects.create(key=key, action=action)
    except IntegrityError:
        pass
    else:
        return []
    # The winner has committed (its INSERT held ours until then); lock its row so a take-over is not doubled.
    row = SubmissionKey.objects.select_for_update().get(key=key)
    if row.action != action:
        raise ValidationError(_("이 양식은 이미 다른 작업에 쓰였습니다. 화면을 새로 고친 뒤 다시 해 주세요."))
    earlier = _load(model, row.targets)
    if not earlier and row.targets:
        row.targets = []
        row.save(update_fields=["targets"])
    return earlier


def submission_complete(*, key: str | None, targets: Sequence[models.Model]) -> None:
    """Record what the submission claimed with ``key`` made, in the same transaction as the work."""
    if key:
        SubmissionKey.objects.filter(key=key).update(targets=[ref(t) for t in targets])


def submission_made(*, key: str | None, model: type[M]) -> list[M]:
    """Return what a finished submission with ``key`` made (``[]`` if none): a read, it claims nothing."""
    if not key:
        return []
    row = SubmissionKey.objects.filter(key=key).first()
    return _load(model, row.targets) if row is not None else []


def _load(model: type[M], targets: Sequence[str]) -> list[M]:
    prefix = f"{model._meta.label_lower}:"
    pks = [int(t[len(prefix) :]) for t in targets if t.startswith(prefix)]
    found = model._default_manager.in_bulk(pks)
    return [found[pk] for pk in pks if pk in found]
