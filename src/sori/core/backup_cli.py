"""``sori backup -o FILE`` and ``sori restore FILE [--replace]``: the whole record in one file and back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sori.core.cli import setup_django


def cmd_backup(args: argparse.Namespace) -> int:
    setup_django()
    from sori.core.backup import BackupError, backup_write

    try:
        summary = backup_write(Path(args.output))
    except BackupError as exc:
        print(f"sori backup: {exc}", file=sys.stderr)
        return 1
    print(f"{summary.path}: 표 {summary.tables}개, 행 {summary.rows:,}개, 파일 {summary.files}개")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    setup_django()
    from sori.core.backup import BackupError, backup_restore

    try:
        summary = backup_restore(Path(args.file), replace=args.replace)
    except BackupError as exc:
        print(f"sori restore: {exc}", file=sys.stderr)
        return 1
    counts = f"표 {summary.tables}개, 행 {summary.rows:,}개, 파일 {summary.files}개"
    print(f"{summary.path}에서 복원했습니다: {counts}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``backup`` and ``restore`` to the ``sori`` command."""
    backup = subparsers.add_parser("backup", help="write the database and uploaded files to one zip file")
    backup.add_argument("-o", "--output", required=True, help="file to write, e.g. sori-2026-12-06.zip")
    backup.set_defaults(func=cmd_backup)
    restore = subparsers.add_parser("restore", help="replace the database and uploaded files with a backup")
    restore.add_argument("file", help="a file written by `sori backup`")
    restore.add_argument(
        "--replace",
        action="store_true",
        help="replace a database that already has data (it is backed up first into the data folder)",
    )
    restore.set_defaults(func=cmd_restore)
