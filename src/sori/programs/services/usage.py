"""Usage from the scheduler into Sori's own GPU-hour ledger: all lines or none, and never counted twice."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sori.alloc import UsageRecord, parse_sacct, parse_usage_csv
from sori.core import audit, hooks
from sori.programs import events
from sori.programs.models import Award, Program, UsageEntry, UsageFormat, UsageImport, UsageReview
from sori.programs.months import first_of, month_label


@dataclass(frozen=True)
class RejectedLine:
    line: int
    reason: str
    text: str


class UsageRejected(Exception):
    """Raised when any line is rejected; nothing was applied."""

    def __init__(self, lines: list[RejectedLine]) -> None:
        self.lines = lines
        super().__init__(f"{len(lines)} line(s) rejected")


# A month of sacct output for a 1,000-GPU cluster is a few MB; more is not a usage file.
MAX_BYTES = 50 * 1024 * 1024


def _check_file(data: bytes) -> None:
    """Refuse what cannot be a usage file before reading it: too big, or not text at all."""
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("파일이 %(mb)sMB를 넘습니다. 한 달치씩 나누어 올려 주세요 — 아무 것도 반영하지 않았습니다.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if b"\0" in data[:65536]:
        raise ValidationError(
            _(
                "텍스트 파일이 아닙니다. sacct --parsable2 출력이나 CSV 파일을 올려 주세요 — "
                "아무 것도 반영하지 않았습니다."
            )
        )


def decode(data: bytes) -> str:
    """Return text from UTF-8 (with or without BOM) or CP949, as Korean offices save files."""
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def _job_key(record: UsageRecord) -> str:
    if record.job_id:
        return record.job_id
    # a CSV row without job_id: its content is its identity, so the same file imported twice matches
    raw = f"{record.account}|{record.user}|{record.start}|{record.end}|{record.gpu_seconds}"
    return "csv:" + hashlib.sha1(raw.encode()).hexdigest()[:16]


def _month(record: UsageRecord, today: dt.date) -> dt.date:
    when = record.start or record.end
    if when is None:
        return first_of(today)
    if timezone.is_aware(when):
        when = timezone.localtime(when)
    return first_of(when.date())


@transaction.atomic
def usage_import(
    *, program: Program, filename: str, data: bytes, format: str, actor: User, today: dt.date | None = None
) -> UsageImport:
    """Apply a ``sacct --parsable2`` file or the plain CSV to the ledger of the program's awards.

    Raise :class:`UsageRejected` with every bad line (malformed, or an account no award has) and apply
    nothing. A job already in the ledger (same award and JobID) is updated, never added twice. A new job dated
    before its award's start or after its end is stored flagged: it counts only once staff accept it.
    """
    today = today or timezone.localdate()
    _check_file(data)
    text = decode(data)
    parsed = parse_sacct(text) if format == UsageFormat.SACCT else parse_usage_csv(text)
    rejected = [RejectedLine(e.line, e.reason, e.text) for e in parsed.errors]
    awards = {
        a.slurm_account: a for a in Award.objects.filter(call__program=program, slurm_account__isnull=False)
    }
    seen: dict[tuple[int, str], int] = {}
    rows: list[tuple[Award, str, UsageRecord]] = []
    for record in parsed.records:
        award = awards.get(record.account)
        if award is None:
            rejected.append(
                RejectedLine(
                    record.line,
                    _(
                        "Slurm 계정 '%(a)s'에 연결된 협약이 이 사업에 없습니다. "
                        "협약 페이지에서 계정을 등록하거나 줄을 고치세요."
                    )
                    % {"a": record.account},
                    "",
                )
            )
            continue
        key = _job_key(record)
        if (award.id, key) in seen:
            rejected.append(
                RejectedLine(
                    record.line,
                    _("%(n)s행과 같은 작업입니다(job_id 열로 구분하세요).") % {"n": seen[(award.id, key)]},
                    "",
                )
            )
            continue
        seen[(award.id, key)] = record.line
        rows.append((award, key, record))
    if rejected:
        raise UsageRejected(sorted(rejected, key=lambda r: r.line))
    batch = UsageImport.objects.create(
        program=program, filename=filename[:255], format=format, uploaded_by=actor
    )
    existing = {
        (e.award_id, e.job_id): e
        for e in UsageEntry.objects.filter(
            award__in={a.id for a, _k, _r in rows}, job_id__in={k for _a, k, _r in rows}
        )
    }
    new: list[UsageEntry] = []
    updated = unchanged = 0
    for award, key, record in rows:
        entry = existing.get((award.id, key))
        if entry is None:
            month = _month(record, today)
            outside = month < award.start_month or month > award.end_month
            new.append(
                UsageEntry(
                    award=award,
                    job_id=key,
                    user=record.user[:64],
                    month=month,
                    gpu_seconds=record.gpu_seconds,
                    started_at=_aware(record.start),
                    ended_at=_aware(record.end),
                    source=batch,
                    review=UsageReview.FLAGGED if outside else UsageReview.COUNTED,
                )
            )
        elif entry.gpu_seconds == record.gpu_seconds:
            unchanged += 1
        else:
            # a job still running at the last import has grown: keep the scheduler's latest figure
            entry.gpu_seconds, entry.ended_at, entry.source = record.gpu_seconds, _aware(record.end), batch
            entry.save(update_fields=["gpu_seconds", "ended_at", "source"])
            updated += 1
    UsageEntry.objects.bulk_create(new)
    batch.added, batch.updated, batch.unchanged = len(new), updated, unchanged
    batch.flagged = sum(1 for e in new if e.review == UsageReview.FLAGGED)
    batch.gpu_hours = round(sum(e.gpu_seconds for e in new if e.review == UsageReview.COUNTED) / 3600, 2)
    batch.save()
    audit.record(
        actor=actor,
        action="usage.import",
        target=batch,
        scope=program,
        summary=_(
            "사용량 반영 %(f)s: 새 작업 %(a)s건(협약 기간 밖 %(o)s건은 확인 대기), 갱신 %(u)s건, "
            "이미 반영 %(s)s건"
        )
        % {"f": filename, "a": len(new), "o": batch.flagged, "u": updated, "s": unchanged},
    )
    hooks.fire(events.USAGE_IMPORTED, usage_import=batch, actor=actor)
    return batch


@transaction.atomic
def usage_entry_review(*, entry: UsageEntry, accept: bool, actor: User, reason: str = "") -> UsageEntry:
    """Accept (count) or reject (drop) a job dated outside its award's term; only a flagged job is decided.

    An accepted job counts in the term's nearest month; a rejected one stays in the ledger, uncounted, so the
    same file imported again does not bring it back.
    """
    entry = UsageEntry.objects.select_for_update().select_related("award").get(pk=entry.pk)
    if entry.review != UsageReview.FLAGGED:
        raise ValidationError(
            _("작업 %(j)s은(는) 이미 '%(s)s' 상태입니다. 다시 정할 것이 없습니다.")
            % {"j": entry.job_id, "s": entry.get_review_display()}
        )
    entry.review = UsageReview.COUNTED if accept else UsageReview.REJECTED
    entry.save(update_fields=["review"])
    audit.record(
        actor=actor,
        action="usage.review",
        target=entry.award,
        scope=entry.award,
        summary=_("협약 기간 밖 사용 %(j)s(%(m)s, %(h)s GPU시간) %(d)s%(r)s")
        % {
            "j": entry.job_id,
            "m": month_label(entry.month),
            "h": f"{entry.gpu_hours:,.1f}",
            "d": _("인정") if accept else _("제외"),
            "r": f": {reason.strip()}" if reason.strip() else "",
        },
        before={"review": UsageReview.FLAGGED.value},
        after={"review": entry.review},
    )
    return entry


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value
