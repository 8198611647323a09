"""Find organisations that are probably the same: "(주)솔트룩스" is "솔트룩스"; "인포웍스" ≈ "인포윅스"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from sori.registry.models import organisation_key

# Names at least this similar are shown to staff to confirm; equal keys are the same organisation outright.
SIMILAR = 0.8


def _jamo(key: str) -> str:
    # Comparing letters (ㅇㅣㄴㅍㅗ…) rather than syllables makes one wrong vowel a small difference.
    return unicodedata.normalize("NFD", key)


def name_similarity(a: str, b: str) -> float:
    """Return 0–1: how alike two organisation names are once legal forms and spacing are set aside."""
    ka, kb = organisation_key(a), organisation_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    ratio = SequenceMatcher(None, _jamo(ka), _jamo(kb), autojunk=False).ratio()
    short, long_ = sorted((ka, kb), key=len)
    if len(short) >= 3 and short in long_:
        # "솔트룩스" inside "솔트룩스코리아": probably a branch or a renamed firm — ask, don't merge.
        ratio = max(ratio, 0.85)
    return round(ratio, 3)


@dataclass(frozen=True)
class Similar:
    id: int
    name: str
    ratio: float


def similar_names(
    name: str, candidates: Iterable[tuple[int, str]], *, threshold: float = SIMILAR
) -> list[Similar]:
    """Return the candidates (id, name) whose names are close to ``name`` but not the same key, best first."""
    key = organisation_key(name)
    found = []
    for cid, cname in candidates:
        if organisation_key(cname) == key:
            continue
        ratio = name_similarity(name, cname)
        if ratio >= threshold:
            found.append(Similar(cid, cname, ratio))
    return sorted(found, key=lambda s: (-s.ratio, s.name))
