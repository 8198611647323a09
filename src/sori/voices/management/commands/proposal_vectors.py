"""``sori proposal_vectors``: encode every accepted proposal whose meaning vector is missing or out of date.

Proposals are encoded when they are saved; run this once after upgrading (proposals saved before vectors
were kept) or after the encoder's ``MODEL_VERSION`` changes. ``--check`` only counts what is missing.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sori.voices import vectors


class Command(BaseCommand):
    help = "Encode accepted proposals without a current meaning vector (제안 의미 벡터 채우기)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="only count the proposals to encode")

    def handle(self, *args: Any, **options: Any) -> None:
        missing = vectors.missing_ids()
        if options["check"] or not missing:
            self.stdout.write(f"의미 벡터가 없거나 낡은 제안: {len(missing):,}건")
            return
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done:,}/{total:,}")

        vectors.vectors_ensure(missing, progress=progress)
        took = time.monotonic() - started
        rate = len(missing) / took if took else 0.0
        self.stdout.write(f"제안 {len(missing):,}건을 인코딩했습니다 ({took:.1f}초, 초당 {rate:.0f}건).")
