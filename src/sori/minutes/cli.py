"""``sori minutes extract FILE -o OUT.json``: candidate proposals from a minutes file, no database needed.

Exit 0 on success; 2 on a file that cannot be used, with a message naming the file and what to do, and no
output file written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from sori.documents import MAX_BYTES, DocumentError

from ._errors import MinutesError

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "cmd_extract", "main", "register"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def cmd_extract(args: argparse.Namespace) -> int:
    """Read FILE, extract its candidates and write the JSON to ``-o`` (stdout when ``-``)."""
    from . import extract_file

    path = Path(args.file)
    try:
        if path.stat().st_size > MAX_BYTES:
            # Refused before reading, so a huge file never fills memory.
            size = path.stat().st_size / 1024 / 1024
            raise DocumentError(
                "파일이 %(size)s MB로 너무 큽니다. %(limit)s MB 이하로 줄이거나 나누어 올려 주세요.",
                code="too_large",
                size=f"{size:.1f}",
                limit=MAX_BYTES // 1024 // 1024,
            )
        data = path.read_bytes()
        extraction = extract_file(data, path.name)
    except OSError as exc:
        print(f"sori minutes extract: {path}: 파일을 읽을 수 없습니다 ({exc.strerror}).", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (DocumentError, MinutesError) as exc:
        print(f"sori minutes extract: {path}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = json.dumps(extraction.to_json(), ensure_ascii=False, indent=2) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
        return EXIT_OK
    _write_atomically(Path(args.output), text)
    print(
        f"{path.name}: 후보 {len(extraction.candidates)}건, 발언 {len(extraction.turns)}회 → {args.output}",
        file=sys.stderr,
    )
    return EXIT_OK


def _write_atomically(target: Path, text: str) -> None:
    # A reader never sees half a file, and a failed run leaves no file behind.
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``minutes`` command and its ``extract`` subcommand to ``subparsers``."""
    minutes = subparsers.add_parser(
        "minutes",
        help="candidate proposals from meeting minutes (HWPX, HWP, DOCX, PDF, XLSX, CSV, TXT; no database)",
        description="Read minutes and write speakers' requests, suggestions and complaints as JSON. "
        "Exit 0 on success, 2 on a file that cannot be used (no output file is written then).",
    )
    minutes.set_defaults(func=lambda _args: (minutes.print_help(sys.stderr), EXIT_BAD_INPUT)[1])
    sub = minutes.add_subparsers(dest="minutes_command", metavar="SUBCOMMAND")
    p = sub.add_parser("extract", help="write the meeting, candidates and skipped paragraphs of FILE as JSON")
    p.add_argument("file", help="minutes file: .hwpx .hwp .docx .pdf .xlsx .csv .txt")
    p.add_argument("-o", "--output", default="-", help="output JSON file ('-' for stdout, the default)")
    p.set_defaults(func=cmd_extract)


def main(argv: list[str] | None = None) -> int:
    """Run ``sori minutes`` without the Django-aware main CLI."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="python -m sori.minutes")
    subparsers = parser.add_subparsers(dest="command")
    register(subparsers)
    args = parser.parse_args(["minutes", *argv])
    result: int = args.func(args)
    return result
