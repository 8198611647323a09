"""``python -m sori.alloc alloc solve …``: the alloc commands without the ``sori`` CLI or Django."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sori.alloc import bench
from sori.alloc.cli import register


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``alloc``, ``usage`` or ``bench alloc`` and return the exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:2] == ["bench", "alloc"]:
        return bench.run(args_list[2:])
    parser = argparse.ArgumentParser(prog="python -m sori.alloc")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    register(sub)
    args = parser.parse_args(args_list)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
