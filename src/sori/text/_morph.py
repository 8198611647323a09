"""Korean morphology behind a small interface: kiwipiepy, created lazily, with per-text caches.

Kiwi analyses about 1 ms of CPU per 150-character proposal, so bulk paths analyse each distinct word
(eojeol) once through :class:`EojeolAnalyser` instead of every text, and interactive paths cache per text.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from ._bulk import Mapper, chunked
from ._normalize import normalize

__all__ = [
    "NOUN_TAGS",
    "EojeolAnalyser",
    "analyse",
    "analyse_many",
    "keywords",
    "keywords_many",
    "lemmas",
    "noun_chunks",
    "rank_phrases",
]

Morph = tuple[str, str, int, int]  # form, tag, start, length
Chunk = tuple[tuple[str, bool], ...]  # noun morphemes, each with whether it is joined to the one before

_lock = threading.Lock()
_kiwi: Any = None

NOUN_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "XR"})
_CONTENT_TAGS = frozenset({"NNG", "NNP", "SL", "XR", "SH", "NR", "MAG"})
# Nouns too general to explain anything on their own.
_STOP_NOUNS = frozenset(
    [
        "것",
        "수",
        "등",
        "때",
        "점",
        "바",
        "부분",
        "경우",
        "관련",
        "필요",
        "문제",
        "정도",
        "이번",
        "위",
        "중",
        "내",
        "그것",
        "이것",
        "저희",
        "우리",
        "여러분",
        "생각",
        "말씀",
        "부탁",
        "요청",
        "건의",
        "제안",
        "내용",
        "사항",
        "방안",
        "방법",
        "측면",
        "자체",
        "이상",
        "이하",
        "당시",
        "현재",
        "지금",
        "가지",
        "하나",
        "정말",
        "너무",
        "많이",
        "가능",
        "모두",
        "대한",
        "통해",
    ]
)
_WORD = re.compile(r"\S+")


def _get_kiwi() -> Any:
    """Return the process-wide Kiwi instance, loading its model (2-4 s) on first use."""
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def _morphs(tokens: Iterable[Any]) -> tuple[Morph, ...]:
    return tuple((t.form, t.tag, t.start, t.len) for t in tokens)


@lru_cache(maxsize=20_000)
def analyse(text: str) -> tuple[Morph, ...]:
    """Return Kiwi's morphemes of normalised ``text`` as (form, tag, start, length); cached per text."""
    return _morphs(_get_kiwi().tokenize(text))


def analyse_many(texts: Sequence[str]) -> list[tuple[Morph, ...]]:
    """Return :func:`analyse` of each text, analysing the uncached ones in one multi-threaded Kiwi batch."""
    missing = sorted({t for t in texts if _cached(t) is None})
    if missing:
        for text, tokens in zip(missing, _get_kiwi().tokenize(missing), strict=True):
            _prime(text, _morphs(tokens))
    return [analyse(t) for t in texts]


_primed: dict[str, tuple[Morph, ...]] = {}


def _cached(text: str) -> tuple[Morph, ...] | None:
    return _primed.get(text)


def _prime(text: str, morphs: tuple[Morph, ...]) -> None:
    if len(_primed) > 50_000:
        _primed.clear()
    _primed[text] = morphs


def _analysed(text: str) -> tuple[Morph, ...]:
    primed = _primed.get(text)
    return primed if primed is not None else analyse(text)


def lemmas(morphs: Sequence[Morph], *, content_only: bool = False) -> list[str]:
    """Return the lexical morphemes of an analysis, verbs and adjectives in dictionary form (먹 → 먹다).

    ``content_only`` keeps nouns, foreign words, roots, numerals and adverbs (plus predicates); otherwise only
    particles, endings and punctuation are dropped.
    """
    out: list[str] = []
    for form, tag, _start, _len in morphs:
        predicate = tag.startswith(("VV", "VA", "VX"))
        if content_only:
            if tag in _CONTENT_TAGS or tag.startswith(("VV", "VA")):
                out.append(form + "다" if predicate else form)
        elif not (tag.startswith(("J", "E")) or (tag[0] == "S" and tag not in ("SL", "SH", "SN"))):
            out.append(form + "다" if predicate else form)
    return out


def _noun_phrases(morphs: Sequence[Morph]) -> list[str]:
    """Return nouns, joining nouns written together (데이터+센터 → 데이터센터)."""
    out: list[str] = []
    run: list[str] = []
    end = -1
    for form, tag, start, length in morphs:
        if tag in NOUN_TAGS or (tag == "NNB" and run):
            if run and start != end:
                out.append("".join(run))
                run = []
            run.append(form)
            end = start + length
        else:
            if run:
                out.append("".join(run))
            run = []
    if run:
        out.append("".join(run))
    return [w for w in out if (len(w) >= 2 or w.isascii()) and w not in _STOP_NOUNS]


# Tags a noun phrase is made of: nouns, foreign words, roots, numbers and the prefixes and suffixes that
# build nouns (맞춤+형, 비+대면); a bound noun only right after another part (6+개월).
_CHUNK_TAGS = frozenset({"NNG", "NNP", "SL", "SH", "XR", "NR", "SN", "XPN", "XSN"})
_CHUNK_MAX = 4  # morphemes in one phrase


def noun_chunks(morphs: Sequence[Morph]) -> list[Chunk]:
    """Return the noun-phrase chunks of an analysis: runs of noun morphemes not broken by a particle,
    ending, predicate or punctuation, each morpheme with whether it is written joined to the one before.

    ``국가AI데이터센터 GPU 사용기간이`` gives one chunk (국가, AI, 데이터, 센터, GPU, 사용, 기간). Nouns too
    general to name anything (:data:`_STOP_NOUNS`: 필요, 요청, …) break a chunk.
    """
    out: list[Chunk] = []
    run: list[tuple[str, bool]] = []
    end = -1
    for form, tag, start, length in morphs:
        # A lone 이 after a noun is the copula or a particle read as a suffix (지원이), never a name's part.
        inside = (tag in _CHUNK_TAGS and not (tag == "XSN" and form == "이")) or (
            tag == "NNB" and bool(run) and start == end
        )
        if inside and form not in _STOP_NOUNS:
            run.append((form, bool(run) and start == end))
            end = start + length
            continue
        if run:
            out.append(tuple(run))
        run, end = [], -1
    if run:
        out.append(tuple(run))
    return out


def chunk_phrases(chunks: Sequence[Chunk]) -> dict[tuple[str, ...], str]:
    """Return every phrase of up to 4 morphemes inside the chunks: morphemes → the phrase as written.

    A phrase starts with a noun (not a suffix or bound noun), does not end on a prefix, has at least two
    characters, and, when it spans several words, holds them whole. Keys ignore spacing, so 사용기간
    and 사용 기간 are one phrase.
    """
    out: dict[tuple[str, ...], str] = {}
    for chunk in chunks:
        for i in range(len(chunk)):
            form0, _joined = chunk[i]
            if _is_affix(form0, chunk, i, first=True):
                continue
            text = form0
            for j in range(i, min(len(chunk), i + _CHUNK_MAX)):
                if j > i:
                    form, joined = chunk[j]
                    text += form if joined else " " + form
                if " " in text and (
                    not _whole_words(chunk, i, j) or any(len(w) < 2 and not w.isascii() for w in text.split())
                ):
                    continue  # several words: whole words (no "센터 GPU"), none of one syllable ("기업 간")
                key = tuple(f for f, _ in chunk[i : j + 1])
                if len(text.replace(" ", "")) >= 2 and not _is_affix(chunk[j][0], chunk, j, first=False):
                    out.setdefault(key, text)
    return out


def _whole_words(chunk: Sequence[tuple[str, bool]], i: int, j: int) -> bool:
    """Return whether morphemes ``i``..``j`` of a chunk start and end where written words do."""
    return not chunk[i][1] and (j + 1 == len(chunk) or not chunk[j + 1][1])


def _is_affix(form: str, chunk: Sequence[tuple[str, bool]], at: int, *, first: bool) -> bool:
    """Return whether the morpheme at ``at`` cannot start (``first``) or end a phrase."""
    if first:  # a morpheme joined to the one before it is a suffix or bound noun of that word's noun
        return at > 0 and chunk[at][1] and len(form) == 1
    return at + 1 < len(chunk) and chunk[at + 1][1] and len(form) == 1


def rank_phrases(phrases: list[str], k: int) -> list[str]:
    """Return the ``k`` most frequent phrases, ties in order of first appearance."""
    counts = Counter(phrases)
    first = {w: i for i, w in reversed(list(enumerate(phrases)))}
    return sorted(counts, key=lambda w: (-counts[w], first[w]))[:k]


def keywords(text: str, k: int = 5) -> list[str]:
    """Return up to ``k`` keywords of ``text``: its nouns and noun compounds, most frequent first.

    Ties keep the order of first appearance. Uses Kiwi and is cached per text.
    """
    if k <= 0:
        return []
    return list(_keywords_cached(normalize(text))[:k])


@lru_cache(maxsize=50_000)
def _keywords_cached(text: str) -> tuple[str, ...]:
    return tuple(rank_phrases(_noun_phrases(_analysed(text)), 20))


def keywords_many(texts: Sequence[str], k: int = 5) -> list[list[str]]:
    """Return :func:`keywords` of each text, analysing uncached texts in one batch."""
    normal = [normalize(t) for t in texts]
    analyse_many(normal)
    return [list(_keywords_cached(t)[:k]) for t in normal]


def noun_phrases_of(morphs: Sequence[Morph]) -> list[str]:
    """Return the noun phrases of an analysis from :func:`analyse_many`, in order, with repeats."""
    return _noun_phrases(morphs)


def noun_phrases(text: str) -> list[str]:
    """Return every noun phrase of normalised ``text`` in order, with repeats (for corpus-level scoring)."""
    return _noun_phrases(_analysed(text))


class EojeolAnalyser:
    """Analyse text word by word (eojeol), each distinct word once, for bulk feature extraction.

    Words are analysed out of context, which loses little for content morphemes and makes the cost grow with
    the vocabulary instead of the corpus.
    """

    def __init__(self) -> None:
        self._content: dict[str, tuple[str, ...]] = {}
        self._nouns: dict[str, tuple[str, ...]] = {}
        # A word's noun-phrase chunks, and whether its first chunk starts the word and its last ends it.
        self._chunks: dict[str, tuple[list[Chunk], bool, bool]] = {}

    def _fill(self, words: list[list[str]]) -> None:
        new = sorted({w for ws in words for w in ws if w not in self._content})
        if new:
            for word, tokens in zip(new, _get_kiwi().tokenize(new), strict=True):
                morphs = _morphs(tokens)
                self._content[word] = tuple(lemmas(morphs, content_only=True))
                self._nouns[word] = tuple(_noun_phrases(morphs))
                self._chunks[word] = _word_chunks(morphs)

    @property
    def words(self) -> int:
        """Return how many distinct words have been analysed (an analyser is never falsy, even empty)."""
        return len(self._content)

    def content(self, texts: Sequence[str]) -> list[list[str]]:
        """Return the content lemmas of each (normalised) text, in order."""
        words = [_WORD.findall(t) for t in texts]
        self._fill(words)
        cache = self._content
        return [[m for w in ws for m in cache[w]] for ws in words]

    def nouns(self, texts: Sequence[str]) -> list[list[str]]:
        """Return the noun phrases of each (normalised) text, in order."""
        words = [_WORD.findall(t) for t in texts]
        self._fill(words)
        cache = self._nouns
        return [[m for w in ws for m in cache[w]] for ws in words]

    def chunks(self, texts: Sequence[str]) -> list[list[Chunk]]:
        """Return the noun-phrase chunks (:func:`noun_chunks`) of each (normalised) text, in order.

        Words are analysed alone; a chunk goes on into the next word when this word ends on a noun and
        the next starts with one (``GPU 사용기간이`` is one chunk).
        """
        words = [_WORD.findall(t) for t in texts]
        self._fill(words)
        out: list[list[Chunk]] = []
        for ws in words:
            chunks: list[Chunk] = []
            open_end = False
            for w in ws:
                mine, starts, ends = self._chunks[w]
                if not mine:
                    open_end = False
                    continue
                if open_end and starts and chunks:
                    chunks[-1] = chunks[-1] + mine[0]
                    chunks.extend(mine[1:])
                else:
                    chunks.extend(mine)
                open_end = ends
            out.append(chunks)
        return out


def _word_chunks(morphs: Sequence[Morph]) -> tuple[list[Chunk], bool, bool]:
    chunks = noun_chunks(morphs)
    if not chunks or not morphs:
        return chunks, False, False
    first, last = morphs[0], morphs[-1]
    starts = chunks[0][0][0] == first[0] and _in_chunk(first[1])
    ends = chunks[-1][-1][0] == last[0] and _in_chunk(last[1])
    return chunks, starts, ends


def _in_chunk(tag: str) -> bool:
    return tag in _CHUNK_TAGS or tag == "NNB"


_process_analyser: EojeolAnalyser | None = None
_PROCESS_WORDS = 300_000  # distinct words a long-lived worker keeps analysed (a few hundred MB at most)


def process_analyser() -> EojeolAnalyser:
    """Return this process's shared :class:`EojeolAnalyser`, for worker processes of bulk runs.

    A worker keeps one word cache for every chunk it is given. A task-queue worker lives on between runs,
    so the cache starts afresh once it holds ``_PROCESS_WORDS`` words.
    """
    global _process_analyser
    if _process_analyser is None or _process_analyser.words > _PROCESS_WORDS:
        _process_analyser = EojeolAnalyser()
    return _process_analyser


def nouns_in_worker(texts: Sequence[str]) -> list[list[str]]:
    """Return the noun phrases of each normalised text with :func:`process_analyser` (a bulk chunk)."""
    return process_analyser().nouns(texts)


def chunks_in_worker(texts: Sequence[str]) -> list[list[Chunk]]:
    """Return the noun-phrase chunks of each normalised text with :func:`process_analyser` (a bulk chunk)."""
    return process_analyser().chunks(texts)


def chunks_many(texts: list[str], run: Mapper, analyser: EojeolAnalyser | None = None) -> list[list[Chunk]]:
    """Return the noun-phrase chunks of each normalised text, like :func:`nouns_many`."""
    if run.parallel:
        return [_as_chunks(cs) for part in run(chunks_in_worker, chunked(texts)) for cs in part]
    return (analyser or EojeolAnalyser()).chunks(texts)


def _as_chunks(chunks: Sequence[Sequence[Sequence[object]]]) -> list[Chunk]:
    """Return chunks as tuples again (a remote worker's answer may hold lists)."""
    return [tuple((str(f), bool(j)) for f, j in c) for c in chunks]


def nouns_many(texts: list[str], run: Mapper, analyser: EojeolAnalyser | None = None) -> list[list[str]]:
    """Return the noun phrases of each normalised text, in ``run``'s worker processes when it has any.

    Otherwise ``analyser`` (or a new one) does the work here, sharing its word cache with other stages.
    """
    if run.parallel:
        return [ns for part in run(nouns_in_worker, chunked(texts)) for ns in part]
    return (analyser or EojeolAnalyser()).nouns(texts)
