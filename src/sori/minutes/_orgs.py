"""Organisation names as Korean offices write them: company forms normalised for display and comparison.

``(주)아이티앱스``, ``㈜아이티앱스``, ``주식회사 아이티앱스`` and ``아이티앱스(주)`` all show as
``㈜아이티앱스`` and compare as ``아이티앱스``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["COMPANY_FORMS", "Organisation", "has_company_form", "normalise_organisation", "organisation_key"]

# Each legal form, the spellings seen in minutes, and how it is shown. ㈜ (U+3231) and friends are
# single characters; NFKC would expand them to "(주)", so spellings are matched before any NFKC step.
COMPANY_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("㈜", ("㈜", "(주)", "（주）", "주식회사", "(株)", "株式會社")),
    ("(유)", ("(유)", "유한회사", "㈲")),
    ("(재)", ("(재)", "재단법인", "㈶")),
    ("(사)", ("(사)", "사단법인", "㈳")),
    ("(합)", ("(합)", "합자회사")),
    ("(협)", ("(협)", "협동조합")),
)
_SPELLINGS = sorted(
    ((s, shown) for shown, spellings in COMPANY_FORMS for s in spellings), key=lambda x: -len(x[0])
)
_FORM = re.compile("|".join(re.escape(s) for s, _shown in _SPELLINGS))
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Organisation:
    """An organisation as written, as shown (legal form in front, spacing tidied) and its comparison key."""

    written: str
    display: str
    key: str


def has_company_form(text: str) -> bool:
    """Return whether ``text`` contains a legal-form marker such as ㈜, (주), 주식회사, (재) or 사단법인."""
    return bool(_FORM.search(text))


def normalise_organisation(text: str) -> Organisation:
    """Return ``text`` as an :class:`Organisation`: the legal form moved to the front and shown one way."""
    written = " ".join(text.split())
    shown = ""
    for spelling, display in _SPELLINGS:
        if spelling in written:
            shown = display
            break
    bare = " ".join(_FORM.sub(" ", written).split()).strip(" ,·")
    display = f"{shown}{bare}" if shown and bare else bare or written
    return Organisation(written=written, display=display, key=organisation_key(written))


def organisation_key(text: str) -> str:
    """Return the comparison key: legal forms, spaces and punctuation removed, NFKC, case folded."""
    bare = _FORM.sub("", unicodedata.normalize("NFC", text))
    return _PUNCT.sub("", unicodedata.normalize("NFKC", bare)).casefold()
