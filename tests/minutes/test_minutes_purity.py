"""sori.documents and sori.minutes stay pure cores: no Django, no Celery; a public surface pinned."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sori.documents
import sori.minutes

BLOCKER = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("django", "celery"):
            raise ImportError(f"{name} must not be imported by the minutes core")
sys.meta_path.insert(0, Block())
import sori.documents, sori.minutes, sori.minutes.cli, sori.minutes.bench, sori.minutes.samples
from sori.minutes.cli import main
assert main(["extract", sys.argv[1], "-o", sys.argv[2]]) == 0
print("pure")
"""


def test_cores_import_and_run_without_django_or_celery(tmp_path: Path) -> None:
    source = tmp_path / "minutes.txt"
    source.write_text("○ 조춘호 ㈜아이티앱스 대표: GPU 사용기간을 12개월로 늘려 주세요.\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", BLOCKER, str(source), str(tmp_path / "out.json")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("pure")


def test_public_surfaces_are_pinned() -> None:
    assert sorted(sori.documents.__all__) == sorted(
        [
            "ATTACHMENT_KINDS",
            "FORMATS",
            "MAX_BLOCKS",
            "MAX_BYTES",
            "MAX_EXPANDED",
            "Block",
            "Document",
            "DocumentError",
            "FileKind",
            "Paragraph",
            "TableBlock",
            "attachment_kind",
            "detect_format",
            "kind_named",
            "read_document",
        ]
    )
    assert sorted(sori.minutes.__all__) == sorted(
        [
            "COMPANY_FORMS",
            "KINDS",
            "SKIP_REASONS",
            "TITLES",
            "Candidate",
            "Extraction",
            "Line",
            "Match",
            "Meeting",
            "MinutesError",
            "Organisation",
            "Role",
            "Skipped",
            "Source",
            "Speaker",
            "Turn",
            "base_title",
            "best_match",
            "classify",
            "extract",
            "extract_file",
            "find_date",
            "is_procedural",
            "name_key",
            "normalise_organisation",
            "organisation_key",
            "parse_line",
            "parse_speaker",
            "rank_matches",
            "role_of",
            "split_sentences",
        ]
    )
    for module in (sori.documents, sori.minutes):
        for name in module.__all__:
            assert hasattr(module, name), name
