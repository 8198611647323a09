"""Usage from the scheduler: ``sacct --parsable2`` output and a plain CSV, turned into GPU-hours.

Parsing never applies anything: it returns parsed records and per-line errors separately, and the caller
decides (Sori applies nothing when there is any error). Line numbers are 1-based and count the header.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNTYPED = "(untyped)"
SLURM_STATES = frozenset(
    {
        "BOOT_FAIL",
        "CANCELLED",
        "COMPLETED",
        "COMPLETING",
        "DEADLINE",
        "FAILED",
        "NODE_FAIL",
        "OUT_OF_MEMORY",
        "PENDING",
        "PREEMPTED",
        "RUNNING",
        "REQUEUED",
        "RESIZING",
        "REVOKED",
        "SUSPENDED",
        "TIMEOUT",
    }
)
# 1234, 1234_7 (array task), 1234_[1-5] (pending array), 1234+0 (heterogeneous component)
_ALLOCATION_ID = re.compile(r"^\d+(?:_(?:\d+|\[[^\]]*\]))?(?:\+\d+)?$")
_STEP_ID = re.compile(r"^\d+(?:_(?:\d+|\[[^\]]*\]))?(?:\+\d+)?\.[A-Za-z0-9_+-]+$")
_ELAPSED = re.compile(r"^(?:(?:(\d+)-)?(\d{1,2}):)?(\d{1,2}):(\d{2})(?:\.\d+)?$")
_GPU_KEY = re.compile(r"^gres/gpu(?::([A-Za-z0-9_.-]+))?$")
_NOT_A_TIME = frozenset({"", "unknown", "none"})


@dataclass(frozen=True)
class UsageRecord:
    """One job allocation (or CSV row) with its GPU use; ``gpu_seconds`` is exact, hours are derived."""

    line: int
    account: str
    user: str
    job_id: str | None
    state: str | None
    start: dt.datetime | None
    end: dt.datetime | None
    elapsed_s: int | None
    gpus: int | None
    gpus_by_type: tuple[tuple[str, int], ...]
    gpu_seconds: int

    @property
    def gpu_hours(self) -> float:
        """Return GPU-hours (GPUs × elapsed hours)."""
        return self.gpu_seconds / 3600


@dataclass(frozen=True)
class LineError:
    """A rejected line: where, why, and the line itself."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True)
class UsageParse:
    """Parsed records and rejected lines, kept apart: the caller applies all or nothing."""

    records: tuple[UsageRecord, ...]
    errors: tuple[LineError, ...]
    skipped_steps: int = 0

    @property
    def ok(self) -> bool:
        """Return whether every line was accepted."""
        return not self.errors


def parse_elapsed(text: str) -> int:
    """Return seconds for a Slurm duration ``[D-]HH:MM:SS``, ``HH:MM:SS`` or ``MM:SS``; raise ValueError."""
    match = _ELAPSED.match(text.strip())
    if not match:
        raise ValueError(f"Elapsed {text!r} is not [D-]HH:MM:SS or MM:SS")
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    if minutes > 59 or seconds > 59 or (days and hours > 23):
        raise ValueError(f"Elapsed {text!r} has minutes, seconds or hours out of range")
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def parse_gpus(tres: str) -> tuple[int, tuple[tuple[str, int], ...]]:
    """Return total GPUs and GPUs per type from an AllocTRES string; raise ValueError.

    Slurm lists a typed GPU both as ``gres/gpu:a100=2`` and in the total ``gres/gpu=2``; the total is taken
    from ``gres/gpu`` when present (never the sum of both), and any GPUs not covered by a type count as
    untyped.
    """
    total: int | None = None
    typed: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in tres.split(","))):
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ValueError(f"AllocTRES item {item!r} is not name=value")
        match = _GPU_KEY.match(key)
        if not match:
            continue
        if not value.isdigit():
            raise ValueError(f"AllocTRES {key}={value!r}: the GPU count must be a whole number")
        if match.group(1):
            typed[match.group(1)] = typed.get(match.group(1), 0) + int(value)
        else:
            total = int(value)
    typed_sum = sum(typed.values())
    if total is None:
        total = typed_sum
    elif typed_sum > total:
        raise ValueError(f"AllocTRES lists {typed_sum} typed GPUs but gres/gpu={total}")
    by_type = sorted(typed.items())
    if total > typed_sum:
        by_type.append((UNTYPED, total - typed_sum))
    return total, tuple(by_type)


def _time(text: str, column: str) -> dt.datetime | None:
    if text.strip().lower() in _NOT_A_TIME:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{column} {text!r} is not a date-time like 2025-03-01T09:00:00 or Unknown"
        ) from None


def _check_account(account: str, known: Collection[str] | None) -> None:
    if not account:
        raise ValueError("Account is empty; every job must be charged to an account")
    if known is not None and account not in known:
        raise ValueError(f"account {account!r} is not known to Sori; create its award first or fix the line")


def parse_sacct(text: str, *, known_accounts: Collection[str] | None = None) -> UsageParse:
    """Parse ``sacct --parsable2`` (or ``--parsable``) output with a header line.

    Job steps (``1234.batch``, ``1234.extern``, ``1234.0``) are skipped so nothing is counted twice; the
    allocation line carries the job's GPUs. Required columns: JobID, Account, AllocTRES, and Elapsed or both
    Start and End. Accounts are compared in lower case, as Slurm stores them.
    """
    lines = text.splitlines()
    errors: list[LineError] = []
    header_index = next((i for i, line in enumerate(lines) if line.strip()), None)
    if header_index is None:
        return UsageParse((), (LineError(1, "the file is empty; expected a sacct --parsable2 header", ""),))
    header_line = lines[header_index].lstrip("\ufeff")
    trailing = header_line.endswith("|")  # --parsable ends every line with the delimiter
    columns = [c.strip() for c in (header_line[:-1] if trailing else header_line).split("|")]
    index = {name: i for i, name in enumerate(columns)}
    missing = [c for c in ("JobID", "Account", "AllocTRES") if c not in index]
    if "Elapsed" not in index and not {"Start", "End"} <= index.keys():
        missing.append("Elapsed (or Start and End)")
    if missing:
        reason = (
            f"header lacks {', '.join(missing)}; run sacct --parsable2 "
            "--format=JobID,JobName,Account,User,Partition,AllocTRES,Elapsed,Start,End,State"
        )
        return UsageParse((), (LineError(header_index + 1, reason, header_line),))
    known = {a.lower() for a in known_accounts} if known_accounts is not None else None
    records: list[UsageRecord] = []
    seen: dict[str, int] = {}
    steps = 0
    for number, raw in enumerate(lines[header_index + 1 :], start=header_index + 2):
        if not raw.strip():
            continue
        line = raw[:-1] if trailing and raw.endswith("|") else raw
        fields = line.split("|")
        if len(fields) != len(columns):
            errors.append(
                LineError(
                    number,
                    f"has {len(fields)} fields but the header has {len(columns)} "
                    "(a '|' inside a job name, or a truncated line)",
                    raw,
                )
            )
            continue
        row = dict(zip(columns, (f.strip() for f in fields), strict=True))
        job_id = row["JobID"]
        if _STEP_ID.match(job_id):
            steps += 1
            continue
        try:
            if not _ALLOCATION_ID.match(job_id):
                raise ValueError(f"JobID {job_id!r} is not a Slurm job id such as 1234, 1234_5 or 1234.batch")
            if job_id in seen:
                raise ValueError(
                    f"JobID {job_id} already appeared on line {seen[job_id]}; it would count twice"
                )
            account = row["Account"].lower()
            _check_account(account, known)
            state = None
            if "State" in row:
                state = row["State"].split(" ")[0].upper()
                if state not in SLURM_STATES:
                    raise ValueError(f"State {row['State']!r} is not a Slurm job state")
            gpus, by_type = parse_gpus(row["AllocTRES"])
            start = _time(row["Start"], "Start") if "Start" in row else None
            end = _time(row["End"], "End") if "End" in row else None
            if start and end and end < start:
                raise ValueError("End is before Start")
            if "Elapsed" in row:
                elapsed = parse_elapsed(row["Elapsed"])
            elif start and end:
                elapsed = int((end - start).total_seconds())
            elif gpus:
                raise ValueError("no Elapsed column and Start/End unknown: the GPU time cannot be computed")
            else:
                elapsed = 0
        except ValueError as error:
            errors.append(LineError(number, str(error), raw))
            continue
        seen[job_id] = number
        records.append(
            UsageRecord(
                number,
                account,
                row.get("User", ""),
                job_id,
                state,
                start,
                end,
                elapsed,
                gpus,
                by_type,
                gpus * elapsed,
            )
        )
    return UsageParse(tuple(records), tuple(errors), steps)


CSV_REQUIRED = ("account", "user", "start", "end")


def parse_usage_csv(text: str, *, known_accounts: Collection[str] | None = None) -> UsageParse:
    """Parse a CSV: ``account,user,start,end`` and ``gpus`` or ``gpu_hours`` (``gpu_type``, ``job_id``
    optional).

    With ``gpus`` the GPU time is ``gpus × (end − start)``; with ``gpu_hours`` it is taken as given.
    """
    # One row per physical line (the documented format has no quoted line breaks): a stray carriage
    # return then ends a line instead of stopping the csv module.
    reader = csv.reader(text.lstrip("\ufeff").splitlines())
    try:
        rows = list(reader)
    except csv.Error as error:
        return UsageParse((), (LineError(reader.line_num, f"not readable as CSV: {error}", ""),))
    first = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if first is None:
        return UsageParse((), (LineError(1, "the file is empty; expected a header line", ""),))
    header = [c.strip().lower() for c in rows[first]]
    missing = [c for c in CSV_REQUIRED if c not in header]
    has_gpus, has_hours = "gpus" in header, "gpu_hours" in header
    if has_gpus == has_hours:
        missing.append("exactly one of gpus or gpu_hours")
    if missing:
        reason = f"header lacks {', '.join(missing)}; expected account,user,start,end,gpus (or gpu_hours)"
        return UsageParse((), (LineError(first + 1, reason, ",".join(rows[first])),))
    known = {a.lower() for a in known_accounts} if known_accounts is not None else None
    records: list[UsageRecord] = []
    errors: list[LineError] = []
    # csv rows map to physical lines only without embedded newlines; that is the documented format
    for number, cells in enumerate(rows[first + 1 :], start=first + 2):
        if not any(c.strip() for c in cells):
            continue
        raw = ",".join(cells)
        if len(cells) != len(header):
            errors.append(LineError(number, f"has {len(cells)} cells but the header has {len(header)}", raw))
            continue
        row = dict(zip(header, (c.strip() for c in cells), strict=True))
        try:
            account = row["account"].lower()
            _check_account(account, known)
            start = _time(row["start"], "start")
            end = _time(row["end"], "end")
            if start is None or end is None:
                raise ValueError("start and end are required date-times, e.g. 2025-03-01T09:00")
            if end < start:
                raise ValueError("end is before start")
            elapsed = int((end - start).total_seconds())
            gpu_type = row.get("gpu_type") or UNTYPED
            if has_gpus:
                if not row["gpus"].isdigit():
                    raise ValueError(f"gpus {row['gpus']!r} must be a whole number")
                gpus: int | None = int(row["gpus"])
                seconds = int(row["gpus"]) * elapsed
            else:
                gpus = None
                seconds = _hours_to_seconds(row["gpu_hours"])
        except ValueError as error:
            errors.append(LineError(number, str(error), raw))
            continue
        # a gpu_hours row has no count: its type is kept with count 0 and its hours filed under it
        by_type = ((gpu_type, gpus or 0),) if seconds else ()
        records.append(
            UsageRecord(
                number,
                account,
                row["user"],
                row.get("job_id") or None,
                None,
                start,
                end,
                elapsed,
                gpus,
                by_type,
                seconds,
            )
        )
    return UsageParse(tuple(records), tuple(errors))


def _hours_to_seconds(text: str) -> int:
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"gpu_hours {text!r} must be a number such as 12.5") from None
    if not hours.is_finite() or hours < 0:
        raise ValueError(f"gpu_hours {text!r} must be zero or more")
    return int((hours * 3600).to_integral_value())


def gpu_hours_by_account(records: Iterable[UsageRecord]) -> dict[str, float]:
    """Return GPU-hours per account, sorted by account."""
    seconds: dict[str, int] = defaultdict(int)
    for record in records:
        seconds[record.account] += record.gpu_seconds
    return {account: seconds[account] / 3600 for account in sorted(seconds)}


def gpu_hours_by_type(records: Iterable[UsageRecord]) -> dict[str, dict[str, float]]:
    """Return GPU-hours per account per GPU type (``(untyped)`` when the scheduler gives no type).

    CSV rows given as ``gpu_hours`` without a GPU count are filed under their ``gpu_type`` or untyped.
    """
    seconds: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record in records:
        if record.gpus is None:
            gpu_type = record.gpus_by_type[0][0] if record.gpus_by_type else UNTYPED
            seconds[record.account][gpu_type] += record.gpu_seconds
        elif record.elapsed_s:
            for gpu_type, count in record.gpus_by_type:
                seconds[record.account][gpu_type] += count * record.elapsed_s
    return {
        account: {t: s / 3600 for t, s in sorted(types.items())} for account, types in sorted(seconds.items())
    }
