"""``sori grouped_proposals -o FILE.jsonl``: the proposals staff have grouped, for ``sori text metric``.

One line per accepted proposal in a demand voiced at least ``--min-voices`` times:
``{"id": proposal id, "text": …, "demand": demand id}``. No names, organisations or contacts leave Sori.
Fitting the grouping metric on these teaches it how this city's people word one request differently.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from sori.text.cli import write_jsonl
from sori.voices.models import Moderation, Proposal


class Command(BaseCommand):
    help = "Write the proposals grouped into demands as JSON lines (묶인 제안 내보내기)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="JSON-lines file to write ('-' for stdout)")
        parser.add_argument(
            "--min-voices", type=int, default=2, help="only demands with at least this many proposals (2)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        accepted = Proposal.objects.filter(moderation=Moderation.ACCEPTED, demand__isnull=False)
        demands = (
            accepted.values("demand_id")
            .annotate(voices=Count("id"))
            .filter(voices__gte=max(1, options["min_voices"]))
            .values_list("demand_id", flat=True)
        )
        rows = [
            {"id": pid, "text": text, "demand": str(demand_id)}
            for pid, text, demand_id in accepted.filter(demand_id__in=list(demands))
            .order_by("demand_id", "id")
            .values_list("id", "text", "demand_id")
        ]
        try:
            write_jsonl(options["output"], rows)
        except OSError as exc:
            raise CommandError(f"{options['output']}: {exc.strerror}") from exc
        if options["output"] != "-":
            count = len({r["demand"] for r in rows})
            target = options["output"]
            self.stdout.write(f"제안 {len(rows):,}건, 정책 수요 {count:,}개를 {target}에 썼습니다.")
