"""Text normalisation: NFKC, Hangul jamo composition, whitespace and invisible characters."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "squash"]

# Compatibility jamo (ㄱ, ㅏ ...) as typed on a keyboard; NFKC would turn them into conjoining jamo that
# render as broken syllables, so they are handled here instead.
_COMPAT_RUN = re.compile(r"[\u3131-\u318e]+")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u2060-\u2064\ufeff\u180e]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_ANY_SPACE = re.compile(r"\s+")

_LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
_VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
_TAILS = [
    "",
    "ㄱ",
    "ㄲ",
    "ㄳ",
    "ㄴ",
    "ㄵ",
    "ㄶ",
    "ㄷ",
    "ㄹ",
    "ㄺ",
    "ㄻ",
    "ㄼ",
    "ㄽ",
    "ㄾ",
    "ㄿ",
    "ㅀ",
    "ㅁ",
    "ㅂ",
    "ㅄ",
    "ㅅ",
    "ㅆ",
    "ㅇ",
    "ㅈ",
    "ㅊ",
    "ㅋ",
    "ㅌ",
    "ㅍ",
    "ㅎ",
]
_TAIL_INDEX = {t: i for i, t in enumerate(_TAILS) if t}
_COMPOUND_VOWELS = {
    ("ㅗ", "ㅏ"): "ㅘ",
    ("ㅗ", "ㅐ"): "ㅙ",
    ("ㅗ", "ㅣ"): "ㅚ",
    ("ㅜ", "ㅓ"): "ㅝ",
    ("ㅜ", "ㅔ"): "ㅞ",
    ("ㅜ", "ㅣ"): "ㅟ",
    ("ㅡ", "ㅣ"): "ㅢ",
}
_COMPOUND_TAILS = {
    ("ㄱ", "ㅅ"): "ㄳ",
    ("ㄴ", "ㅈ"): "ㄵ",
    ("ㄴ", "ㅎ"): "ㄶ",
    ("ㄹ", "ㄱ"): "ㄺ",
    ("ㄹ", "ㅁ"): "ㄻ",
    ("ㄹ", "ㅂ"): "ㄼ",
    ("ㄹ", "ㅅ"): "ㄽ",
    ("ㄹ", "ㅌ"): "ㄾ",
    ("ㄹ", "ㅍ"): "ㄿ",
    ("ㄹ", "ㅎ"): "ㅀ",
    ("ㅂ", "ㅅ"): "ㅄ",
}


def _compat_table() -> dict[int, str]:
    """Map conjoining jamo left over after NFC, and half-width jamo, to keyboard (compatibility) jamo."""
    table: dict[int, str] = {}
    for i, ch in enumerate(_LEADS):
        table[0x1100 + i] = ch
    for i, ch in enumerate(_VOWELS):
        table[0x1161 + i] = ch
    for i, ch in enumerate(_TAILS[1:]):
        table[0x11A8 + i] = ch
    for code in range(0xFFA1, 0xFFDD):
        folded = unicodedata.normalize("NFKC", chr(code))
        if len(folded) == 1 and ord(folded) in table:
            table[code] = table[ord(folded)]
        elif len(folded) == 1 and "\u3131" <= folded <= "\u318e":
            table[code] = folded
    return table


_TO_COMPAT = _compat_table()


def _syllable(lead: str, vowel: str, tail: str) -> str:
    code = 0xAC00 + (_LEADS.index(lead) * 21 + _VOWELS.index(vowel)) * 28 + _TAIL_INDEX.get(tail, 0)
    return chr(code)


def _compose_jamo_run(run: str) -> str:
    """Compose keyboard jamo such as 'ㅎㅏㄴㄱㅡㄹ' into syllables; leave vowel-less runs ('ㅋㅋ') alone."""
    out: list[str] = []
    i, n = 0, len(run)
    while i < n:
        lead = run[i]
        if lead in _LEADS and i + 1 < n and run[i + 1] in _VOWELS:
            vowel, j = run[i + 1], i + 2
            if j < n and (vowel, run[j]) in _COMPOUND_VOWELS:
                vowel, j = _COMPOUND_VOWELS[(vowel, run[j])], j + 1
            tail = ""
            # A consonant is a tail only if it does not start the next syllable.
            if j < n and run[j] in _TAIL_INDEX and not (j + 1 < n and run[j + 1] in _VOWELS):
                tail, j = run[j], j + 1
                if j < n and (tail, run[j]) in _COMPOUND_TAILS and not (j + 1 < n and run[j + 1] in _VOWELS):
                    tail, j = _COMPOUND_TAILS[(tail, run[j])], j + 1
            out.append(_syllable(lead, vowel, tail))
            i = j
        else:
            out.append(lead)
            i += 1
    return "".join(out)


def _nfkc_keep_compat_jamo(text: str) -> str:
    parts: list[str] = []
    pos = 0
    for m in _COMPAT_RUN.finditer(text):
        parts.append(unicodedata.normalize("NFKC", text[pos : m.start()]))
        parts.append(_compose_jamo_run(m.group()))
        pos = m.end()
    parts.append(unicodedata.normalize("NFKC", text[pos:]))
    return "".join(parts)


def normalize(text: str) -> str:
    """Return ``text`` in the canonical form every other function of ``sori.text`` works on.

    Applies NFKC (full-width Latin and digits, half-width Hangul, compatibility forms), composes decomposed or
    keyboard-typed jamo into syllables, drops invisible and control characters, collapses runs of spaces and
    tabs to one space, keeps single line breaks (they separate sentences) and strips both ends.
    Idempotent: ``normalize(normalize(t)) == normalize(t)``.
    """
    text = unicodedata.normalize("NFC", text).translate(_TO_COMPAT)
    text = _nfkc_keep_compat_jamo(text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _SPACES.sub(" ", text)
    text = _NEWLINES.sub("\n", text)
    return text.strip()


def squash(text: str) -> str:
    """Return normalised ``text`` with every whitespace run turned into one space (single-line form)."""
    return _ANY_SPACE.sub(" ", normalize(text))
