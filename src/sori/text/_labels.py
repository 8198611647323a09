"""Readable cluster labels: a noun-phrase title, shared keywords and a representative sentence."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from ._demand_index import DemandIndex
from ._index import Doc
from ._meaning import MeaningEncoder
from ._morph import Chunk, chunk_phrases

__all__ = ["ClusterLabel", "label_clusters"]

_LABEL_SAMPLE = 12  # members, closest to the centroid first, whose words make the label
_SENTENCE = re.compile(r"(?<=[.!?。])\s+|\n+")
_LONGER = 1.0  # weight of each further morpheme of a title phrase (a longer shared phrase says more)


@dataclass(frozen=True)
class ClusterLabel:
    """A readable label for a cluster: keywords, the sentence that best represents it, and a title.

    ``title`` is a Korean noun phrase most of the sampled members share, as they write it (for example
    ``GPU 사용 기간`` or ``제조업 AI 교육``); ``keywords`` are single nouns and noun compounds.
    """

    cluster: int
    keywords: tuple[str, ...]
    representative_id: str
    representative_text: str
    size: int
    title: str = ""


def label_clusters(
    docs: Sequence[Doc],
    texts: list[str],
    emb: np.ndarray,
    final: np.ndarray,
    index: DemandIndex,
    nouns_of: Callable[[list[str]], list[list[str]]],  # noun phrases of each text
    chunks_of: Callable[[list[str]], list[list[Chunk]]],  # noun-phrase chunks of each text
) -> tuple[ClusterLabel, ...]:
    """Return a label per cluster of ``final`` (numbers 0.. as in ``index``) and record its keywords there."""
    k = len(index)
    if k == 0:
        return ()
    units = index._units()
    members: list[list[int]] = [[] for _ in range(k)]
    for i, c in enumerate(final.tolist()):
        if c >= 0:
            members[c].append(i)
    samples: list[list[int]] = []
    for c in range(k):
        member_rows = np.asarray(members[c])
        s = np.round(emb[member_rows].astype(np.float64) @ units[c], 9)
        order = np.lexsort((member_rows, -s))
        samples.append(member_rows[order[:_LABEL_SAMPLE]].tolist())
    sampled = [texts[i] for rows in samples for i in rows]
    per_doc = iter(nouns_of(sampled))
    doc_freq: list[Counter[str]] = []
    for rows in samples:
        counter: Counter[str] = Counter()
        for _ in rows:
            counter.update(set(next(per_doc)))
        doc_freq.append(counter)
    spread = Counter(w for counter in doc_freq for w in counter)
    titles = _titles(samples, chunks_of(sampled))
    labels: list[ClusterLabel] = []
    for c in range(k):
        rows = samples[c]
        # A label names what members share; words of one member only label nothing but that member.
        words = _label_words(doc_freq[c], len(rows), k, spread, 2 if len(rows) >= 2 else 1)
        if not words and len(rows) >= 2:
            words = _label_words(doc_freq[c], len(rows), k, spread, 1)[:2]
        index.set_keywords(str(c), words)
        rep = rows[0]
        best = _best_sentence(texts[rep], index, units[c], words)
        title = titles[c] or (words[0] if words else "")
        labels.append(ClusterLabel(c, words, docs[rep].id, best, len(members[c]), title))
    return tuple(labels)


def _titles(samples: list[list[int]], chunks: list[list[Chunk]]) -> list[str]:
    """Return each cluster's title: the noun phrase most of its sampled members share.

    Phrases are scored by the share of members holding them × how rare they are across clusters, squared (a
    phrase every cluster has, like the city's name, names none) × a bonus per further morpheme, so
    ``GPU 사용 기간`` beats ``GPU`` when as many members say it. A phrase needs two members when the
    cluster has two; it is shown as most members write it.
    """
    per_doc = iter(chunks)
    support: list[Counter[tuple[str, ...]]] = []
    written: list[dict[tuple[str, ...], Counter[str]]] = []
    for rows in samples:
        counter: Counter[tuple[str, ...]] = Counter()
        forms: dict[tuple[str, ...], Counter[str]] = {}
        for _ in rows:
            phrases = chunk_phrases(next(per_doc))
            counter.update(phrases.keys())
            for key, text in phrases.items():
                forms.setdefault(key, Counter())[text] += 1
        support.append(counter)
        written.append(forms)
    spread = Counter(key for counter in support for key in counter)
    k = len(samples)
    out: list[str] = []
    for rows, counter, forms in zip(samples, support, written, strict=True):
        need = 2 if len(rows) >= 2 else 1
        scored = [
            (
                (f / len(rows)) * math.log(1.0 + k / spread[key]) ** 2 * (1.0 + _LONGER * (len(key) - 1)),
                key,
            )
            for key, f in counter.items()
            if f >= need and not key[0].isdigit()
        ]
        if not scored:
            out.append("")
            continue
        best = min(scored, key=lambda p: (-p[0], p[1]))[1]
        out.append(min(forms[best].items(), key=lambda p: (-p[1], p[0]))[0])
    return out


def _label_words(
    doc_freq: Counter[str], rows: int, clusters: int, spread: Counter[str], need: int
) -> tuple[str, ...]:
    """Return up to 5 words found in at least ``need`` sampled members, by share × rarity across clusters."""
    scored = [
        ((f / rows) * math.log(1.0 + clusters / spread[w]), w) for w, f in doc_freq.items() if f >= need
    ]
    return tuple(w for _s, w in sorted(scored, key=lambda p: (-p[0], p[1]))[:5])


def _best_sentence(text: str, index: DemandIndex, unit: np.ndarray, words: Sequence[str] = ()) -> str:
    """Return the sentence of ``text`` closest to the centroid (the whole text if it is one sentence).

    Grouped by meaning, the sentence holding most label words is taken instead (first on ties), so stored
    vectors suffice and nothing is encoded again.
    """
    sentences = [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) >= 8]
    if len(sentences) <= 1:
        return text
    if isinstance(index.encoder, MeaningEncoder):
        hits = [sum(w in s for w in words) for s in sentences]
        return sentences[int(np.argmax(hits))]
    x = index.encoder.embed(sentences).astype(np.float64) @ unit
    return sentences[int(np.argmax(np.round(x, 9)))]
