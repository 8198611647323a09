"""The ``sori`` command.

Sori's own commands (``demo``, ``serve``, ``text``, ``bench`` …) are parsed here; anything else is handed to
Django's management commands, so ``sori migrate`` and ``sori createsuperuser`` work as operators expect.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Callable, Sequence

from sori.core.cli import setup_django_with

OWN_COMMANDS = (
    "demo",
    "serve",
    "text",
    "alloc",
    "usage",
    "report",
    "outbox",
    "feedback",
    "bench",
    "minutes",
    "programs",
    "backup",
    "restore",
    "privacy",
    "token",
)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sori.config.settings.dev")
    from sori.config.paths import data_dir

    if not os.environ.get("SORI_DATABASE_URL"):
        data_dir().mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def _serve(host: str, port: int, threads: int) -> int:
    from waitress.server import create_server

    from sori.config.wsgi import application

    try:
        server = create_server(application, host=host, port=port, threads=threads, ident="sori")
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(
                f"sori: {host}:{port}은(는) 이미 다른 프로그램이 쓰고 있습니다. "
                f"그 프로그램을 끄거나 --port {port + 1}처럼 다른 포트를 지정해 주세요.",
                file=sys.stderr,
            )
            return 2
        raise
    print(f"소리(Sori) — http://{host}:{port}/  (Ctrl+C로 종료)", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        print("소리를 멈췄습니다.", flush=True)
    return 0


def _default_site_url(host: str, port: int) -> None:
    """Point the links Sori writes (status links in feedback) at the address served, unless set explicitly."""
    os.environ.setdefault("SORI_SITE_URL", f"http://{host}:{port}")


def cmd_demo(args: argparse.Namespace) -> int:
    """Prepare the embedded database with the demo scenario and serve it."""
    _default_site_url(args.host, args.port)
    _setup_django()
    from django.core.management import call_command

    from sori.config.paths import data_dir
    from sori.demo.loader import DEMO_PASSWORD, demo_load, demo_loaded

    if not os.environ.get("SORI_DATABASE_URL"):
        print(f"데이터 폴더: {data_dir()}  (SORI_DATA_DIR로 바꿀 수 있습니다)")
    call_command("migrate", interactive=False, verbosity=0)
    if args.reset or not demo_loaded():
        summary = demo_load(reset=args.reset)
        print(f"데모 시나리오를 불러왔습니다: {summary}")
    else:
        print("데모 데이터가 이미 있습니다. 처음부터 다시 만들려면 --reset을 붙이세요.")
    print("데모 로그인 (비밀번호는 모두 같습니다):")
    from sori.demo.loader import demo_logins

    for username, label in demo_logins():
        print(f"  {username:<18} {label}")
    print(f"  비밀번호: {DEMO_PASSWORD}")
    if args.no_serve:
        return 0
    return _serve(args.host, args.port, threads=8)


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve the site with waitress, a production WSGI server; put a TLS proxy in front of it."""
    _default_site_url(args.host, args.port)
    _setup_django()
    return _serve(args.host, args.port, threads=args.threads)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sori",
        description="소리(Sori): 광주 AI 산업의 목소리를 정책으로. "
        "Other commands (migrate, createsuperuser, collectstatic, shell …) go to Django.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="create the demo database and serve it on http://127.0.0.1:8000")
    demo.add_argument("--port", type=int, default=8000, help="port to serve on (default 8000)")
    demo.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    demo.add_argument("--no-serve", action="store_true", help="prepare the data and exit")
    demo.add_argument("--reset", action="store_true", help="delete everything and load the demo again")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve the site with waitress (behind a TLS proxy in production)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(func=cmd_serve)

    from sori.alloc import cli as alloc_cli
    from sori.api import cli as token_cli
    from sori.core import backup_cli
    from sori.feedback import cli as feedback_cli
    from sori.feedback import privacy_cli
    from sori.minutes import cli as minutes_cli
    from sori.programs import cli as programs_cli
    from sori.reports import cli as reports_cli
    from sori.text import cli as text_cli

    for module in (
        text_cli,
        alloc_cli,
        reports_cli,
        feedback_cli,
        minutes_cli,
        programs_cli,
        backup_cli,
        privacy_cli,
        token_cli,
    ):
        module.register(sub)

    bench = sub.add_parser("bench", help="run a benchmark and print its figures (text, …)")
    bench.add_argument("suite", help="which benchmark: " + ", ".join(BENCHES))
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    bench.set_defaults(func=cmd_bench)
    return parser


def _bench_text(argv: list[str]) -> int:
    from sori.text.bench import run

    return run(argv)


def _bench_alloc(argv: list[str]) -> int:
    from sori.alloc.bench import run

    return run(argv)


def _bench_minutes(argv: list[str]) -> int:
    from sori.minutes.bench import run

    return run(argv)


def _bench_search(argv: list[str]) -> int:
    _setup_django()
    from sori.demo.bench_search import run

    return run(argv)


def _bench_web(argv: list[str]) -> int:
    from sori.ops.bench_web import run

    return run(argv)


BENCHES: dict[str, Callable[[list[str]], int]] = {
    "text": _bench_text,
    "alloc": _bench_alloc,
    "minutes": _bench_minutes,
    "web": _bench_web,
    "search": _bench_search,
}


def cmd_bench(args: argparse.Namespace) -> int:
    if args.suite not in BENCHES:
        print(
            f"sori bench: unknown suite {args.suite!r}; choose one of {', '.join(BENCHES)}", file=sys.stderr
        )
        return 2
    return BENCHES[args.suite](list(args.rest))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and not argv[0].startswith("-") and argv[0] not in OWN_COMMANDS:
        _setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["sori", *argv])
        return 0
    setup_django_with(_setup_django)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
