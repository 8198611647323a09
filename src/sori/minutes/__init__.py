"""Minutes in, voices out: speaker turns and candidate proposals from round-table minutes. Pure Python.

``extract(read_document(data, filename))`` gives the meeting's title and date, each voiced request,
suggestion or complaint with who said it and the paragraph it came from, and what was skipped and why.
``parse_line`` reads one "speaker: text" line (for one-proposal-per-line entry); ``best_match`` links a
name to registry entries. Imports nothing from Django or Celery.
"""

from ._cues import classify, is_procedural, split_sentences
from ._errors import MinutesError
from ._extract import KINDS, SKIP_REASONS, Candidate, Extraction, Skipped, Source, Turn, extract
from ._match import Match, best_match, name_key, rank_matches
from ._meeting import Meeting, find_date
from ._orgs import COMPANY_FORMS, Organisation, normalise_organisation, organisation_key
from ._speakers import Line, Speaker, parse_line, parse_speaker
from ._titles import TITLES, Role, base_title, role_of

__all__ = [
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


def extract_file(data: bytes, filename: str = "") -> Extraction:
    """Read a minutes file and return its extraction; raises ``DocumentError`` or ``MinutesError``."""
    from sori.documents import read_document

    return extract(read_document(data, filename))
