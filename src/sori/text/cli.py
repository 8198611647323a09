"""``sori text …``: analyse JSON-lines files without a database.

Every command reads UTF-8 JSON lines, validates all of them before working, and writes its output to a
temporary file renamed into place, so bad input (exit code 2) never leaves a partial output file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from ._files import replaced

__all__ = ["InputError", "main", "register", "write_jsonl"]

EXIT_OK = 0
EXIT_BAD_INPUT = 2


class InputError(Exception):
    """Bad input: the message names the file and line."""


def _read_lines(path: str) -> Iterator[tuple[int, str]]:
    if path == "-":
        stream: TextIO = sys.stdin
        for number, line in enumerate(stream, 1):
            yield number, line
        return
    try:
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                yield number, line
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def read_jsonl(path: str, fields: Iterable[str]) -> list[dict[str, Any]]:
    """Return the JSON objects of ``path`` (``-`` is stdin), each checked to have string ``fields``.

    Blank lines are skipped. An ``id`` field, if required, may be a string or an integer and must be unique.
    Raise :class:`InputError` naming the first bad line.
    """
    required = tuple(fields)
    rows: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    for number, line in _read_lines(path):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise InputError(f"{where}: expected a JSON object, got {type(row).__name__}")
        for name in required:
            if name not in row or row[name] is None:
                raise InputError(f"{where}: missing field {name!r}")
            value = row[name]
            if name == "id":
                if isinstance(value, bool) or not isinstance(value, str | int):
                    raise InputError(f"{where}: field 'id' must be a string or an integer")
                key = str(value)
                if key in ids:
                    raise InputError(f"{where}: duplicate id {value!r} (first on line {ids[key]})")
                ids[key] = number
            elif not isinstance(value, str):
                raise InputError(f"{where}: field {name!r} must be a string")
        rows.append(row)
    return rows


def write_jsonl(path: str, rows: Iterable[dict[str, Any]]) -> None:
    """Write ``rows`` as UTF-8 JSON lines to ``path`` atomically (``-`` writes to stdout)."""
    if path == "-":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        sys.stdout.flush()
        return
    with replaced(Path(path)) as f:
        for row in rows:
            f.write((json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8"))


def _check_output(path: str) -> None:
    if path != "-" and not Path(path).parent.resolve().is_dir():
        raise InputError(f"{path}: the output folder does not exist")


def cmd_cluster(args: argparse.Namespace) -> int:
    """Cluster proposals: each output line has id, cluster (-1 for none), duplicate_of and keywords."""
    from . import Doc
    from ._bulk import auto_workers, mapper
    from ._cluster import MEANING_MAX
    from ._morph import EojeolAnalyser, nouns_many, rank_phrases
    from ._normalize import squash
    from ._pipeline import cluster_with_roots

    rows = read_jsonl(args.input, ("id", "text"))
    _check_output(args.output)
    docs = [Doc(str(r["id"]), r["text"]) for r in rows]
    analyser = EojeolAnalyser()
    texts = [squash(d.text) for d in docs]
    meaning = args.by == "meaning" or (args.by == "auto" and len(docs) <= MEANING_MAX)
    with mapper(args.workers or auto_workers(len(docs))) as run:
        clustering, roots = cluster_with_roots(
            docs, texts, args.min_size, analyser, _progress(args), run, meaning=meaning
        )
        nouns = nouns_many(texts, run, analyser)
    out = []
    for i, (row, doc, root, ns) in enumerate(zip(rows, docs, roots, nouns, strict=True)):
        out.append(
            {
                "id": row["id"],
                "cluster": clustering.assignments[doc.id],
                "duplicate_of": rows[root]["id"] if root != i else None,
                "keywords": rank_phrases(ns, args.keywords),
            }
        )
    if args.labels:
        _check_output(args.labels)
        original = {str(r["id"]): r["id"] for r in rows}
        write_jsonl(
            args.labels,
            [
                {
                    "cluster": c.cluster,
                    "size": c.size,
                    "title": c.title,
                    "keywords": list(c.keywords),
                    "representative_id": original[c.representative_id],
                    "representative_text": c.representative_text,
                }
                for c in clustering.clusters
            ],
        )
    write_jsonl(args.output, out)
    return EXIT_OK


def cmd_train(args: argparse.Namespace) -> int:
    """Train a category model from lines with ``text`` and the label field."""
    from . import train_classifier

    rows = read_jsonl(args.input, ("text", args.label_field))
    labels = [r[args.label_field] for r in rows]
    if len(set(labels)) < 2:
        raise InputError(f"{args.input}: training needs at least two distinct values of {args.label_field!r}")
    if args.output != "-":
        _check_output(args.output)
    model = train_classifier([r["text"] for r in rows], labels)
    if args.output == "-":
        raise InputError("train: -o must be a file path (the model is binary)")
    model.save(args.output)
    return EXIT_OK


def cmd_classify(args: argparse.Namespace) -> int:
    """Suggest a category per line: output id, label, score (and top_features with --explain)."""
    from . import load_classifier

    try:
        model = load_classifier(args.model)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    rows = read_jsonl(args.input, ("id", "text"))
    _check_output(args.output)
    predictions = model.predict([r["text"] for r in rows])
    out = []
    for row, p in zip(rows, predictions, strict=True):
        item: dict[str, Any] = {"id": row["id"], "label": p.label, "score": p.score}
        if args.explain:
            item["top_features"] = list(p.top_features)
        out.append(item)
    write_jsonl(args.output, out)
    return EXIT_OK


def cmd_pairs(args: argparse.Namespace) -> int:
    """Score text pairs: each input line (with ``a`` and ``b``) is echoed with ``similarity`` added."""
    from . import similarities

    rows = read_jsonl(args.input, ("a", "b"))
    _check_output(args.output)
    scores = similarities([(r["a"], r["b"]) for r in rows])
    write_jsonl(args.output, [{**r, "similarity": round(s, 6)} for r, s in zip(rows, scores, strict=True)])
    return EXIT_OK


def cmd_metric(args: argparse.Namespace) -> int:
    """Fit the grouping metric from labelled files (each file one collection) and write it as ``.npz``."""
    from ._meaning import encode
    from ._metric import fit_metric, save_metric

    if args.output == "-":
        raise InputError("metric: -o must be a file path (the metric is binary)")
    _check_output(args.output)
    collections = []
    fitted_on: dict[str, int] = {}
    for path in args.inputs:
        rows = read_jsonl(path, ("text", args.label_field))
        labels = [r[args.label_field] for r in rows]
        collections.append((encode([r["text"] for r in rows]), labels))
        fitted_on[Path(path).name] = len(rows)
    try:
        metric = fit_metric(collections)
    except ValueError as exc:
        raise InputError(f"{', '.join(args.inputs)}: {exc}") from exc
    save_metric(Path(args.output), metric, fitted_on=fitted_on)
    return EXIT_OK


def _progress(args: argparse.Namespace) -> Callable[[int, int], None]:
    if not getattr(args, "progress", False):
        return lambda _done, _total: None
    return lambda done, total: print(f"{done}/{total}", file=sys.stderr, flush=True)


def _guard(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except InputError as exc:
            print(f"sori text {args.text_command}: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT

    run.__doc__ = handler.__doc__
    return run


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``text`` command and its subcommands to ``subparsers``; each sets ``func(args) -> int``."""
    text = subparsers.add_parser(
        "text",
        help="Korean text analysis on JSON-lines files (no database)",
        description="Analyse UTF-8 JSON-lines files. Exit 0 on success, 2 on bad "
        "input (the message names the line); no output file is written on error.",
    )
    text.set_defaults(func=lambda _args: (text.print_help(sys.stderr), EXIT_BAD_INPUT)[1])
    sub = text.add_subparsers(dest="text_command", metavar="SUBCOMMAND")

    p = sub.add_parser("cluster", help="near-duplicates, candidate demands and keywords per line")
    p.add_argument("input", help="JSON lines with 'id' and 'text' ('-' for stdin)")
    p.add_argument("-o", "--output", default="-", help="output JSON lines ('-' for stdout, the default)")
    p.add_argument("--min-size", type=int, default=2, help="smallest cluster (default 2)")
    p.add_argument("--keywords", type=int, default=5, help="keywords per line (default 5)")
    p.add_argument("--labels", help="also write one line per cluster: keywords and representative sentence")
    p.add_argument("--progress", action="store_true", help="print stage progress to stderr")
    p.add_argument(
        "--by",
        choices=["auto", "meaning", "words"],
        default="auto",
        help="group by meaning (sentence encoder) or by shared words (bulk path); "
        "auto (the default): meaning up to 3,000 lines, words above",
    )
    p.add_argument(
        "--workers",
        type=int,
        help="worker processes (default: 1 below 200,000 lines, else one per CPU); output is the same",
    )
    p.set_defaults(func=_guard(cmd_cluster))

    p = sub.add_parser("train", help="train a category model from labelled lines")
    p.add_argument("input", help="JSON lines with 'text' and the label field")
    p.add_argument("--label-field", required=True, help="name of the field holding the label")
    p.add_argument("-o", "--output", required=True, help="model file to write (.npz)")
    p.set_defaults(func=_guard(cmd_train))

    p = sub.add_parser("classify", help="suggest a category per line with a trained model")
    p.add_argument("model", help="model file written by 'sori text train'")
    p.add_argument("input", help="JSON lines with 'id' and 'text'")
    p.add_argument("-o", "--output", default="-", help="output JSON lines ('-' for stdout, the default)")
    p.add_argument("--explain", action="store_true", help="add 'top_features', the terms behind each label")
    p.set_defaults(func=_guard(cmd_classify))

    p = sub.add_parser("pairs", help="similarity in [0, 1] of text pairs")
    p.add_argument("input", help="JSON lines with 'a' and 'b'")
    p.add_argument("-o", "--output", default="-", help="output JSON lines ('-' for stdout, the default)")
    p.set_defaults(func=_guard(cmd_pairs))

    p = sub.add_parser("metric", help="learn how to group by meaning from proposals already grouped")
    p.add_argument(
        "inputs", nargs="+", help="JSON lines with 'text' and the label field; one file per collection"
    )
    p.add_argument("--label-field", default="demand", help="field naming each line's group (default: demand)")
    p.add_argument("-o", "--output", required=True, help="metric file to write (.npz)")
    p.set_defaults(func=_guard(cmd_metric))


def main(argv: list[str] | None = None) -> int:
    """Run ``sori text`` (or ``sori bench text`` as ``bench``) without the Django-aware main CLI."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["bench"]:
        from .bench import run

        return run(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m sori.text")
    subparsers = parser.add_subparsers(dest="command")
    register(subparsers)
    args = parser.parse_args(["text", *argv])
    result: int = args.func(args)
    return result
