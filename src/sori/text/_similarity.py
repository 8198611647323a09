"""Pairwise semantic similarity of short texts: sentence meaning blended with character n-grams and lemmas.

The lexical score averages three cosine views: surface character 1–2-grams, lemma unigrams, and character
1–2-grams of the lemma string, with IDF raised to the power 1.5 (rare shared words matter more than in plain
TF-IDF). The meaning score is the cosine of the sentence encoder's whole-text vectors (see ``_meaning``).
The two are averaged: near-duplicates score high on both, paraphrases that share no words on meaning.
On KorSTS dev the blend reaches Spearman 0.795, against 0.774 for the lexical score alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from ._hashing import char_ngram_counts
from ._meaning import encode_search, text_cosines
from ._morph import analyse_many, lemmas
from ._normalize import squash

__all__ = ["similarities", "similarity"]

_BITS = 20
_IDF_POWER = 1.5
MEANING_WEIGHT = 0.5  # share of the meaning score in the blend (KorSTS train and dev agree on 0.4-0.6)


def _weighted(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    x = counts.astype(np.float64, copy=True)
    np.log1p(x.data, out=x.data)
    x.data *= idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ x)


def _view_cosines(strings: list[str], n_pairs: int, ngrams: tuple[int, ...]) -> np.ndarray:
    counts = char_ngram_counts(strings, ngrams, _BITS)
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    idf = (np.log((1.0 + n) / (1.0 + df)) + 1.0) ** _IDF_POWER
    x = _weighted(counts, idf)
    a, b = x[:n_pairs], x[n_pairs : 2 * n_pairs]
    return np.asarray(a.multiply(b).sum(axis=1)).ravel()


def similarities(
    pairs: Sequence[tuple[str, str]],
    *,
    corpus: Sequence[str] = (),
    vectors: tuple[np.ndarray, np.ndarray] | None = None,
    meaning: bool = True,
) -> list[float]:
    """Return the similarity in [0, 1] of each (a, b) pair.

    IDF weights are fitted, without labels, on every text of ``pairs`` plus the optional ``corpus`` (more
    text of the same kind gives steadier weights), so a score depends on the batch it is computed in.
    ``vectors`` gives the stored :func:`sori.text.encode` vectors of the ``a`` texts and of the ``b`` texts
    (one row per pair each), which are then not encoded again; ``meaning=False`` gives the lexical score.
    """
    if not pairs:
        return []
    lexical = _lexical(pairs, corpus)
    if not meaning:
        return [float(min(1.0, max(0.0, s))) for s in lexical]
    if vectors is None:
        # Only the whole-text part is compared, so the word parts are not computed.
        va, vb = encode_search([a for a, _ in pairs]), encode_search([b for _, b in pairs])
    else:
        va, vb = vectors
    sem = np.clip(text_cosines(va, vb), 0.0, 1.0)
    scores = MEANING_WEIGHT * sem + (1.0 - MEANING_WEIGHT) * lexical
    return [float(min(1.0, max(0.0, s))) for s in scores]


def _lexical(pairs: Sequence[tuple[str, str]], corpus: Sequence[str]) -> np.ndarray:
    left = [squash(a) for a, _ in pairs]
    right = [squash(b) for _, b in pairs]
    extra = [squash(t) for t in corpus]
    texts = left + right + extra
    n = len(pairs)
    morphs = analyse_many(texts)
    lemma_lists = [lemmas(m) for m in morphs]
    surface = _view_cosines(texts, n, (1, 2))
    lemma_strings = [" ".join(ls) for ls in lemma_lists]
    lemma_chars = _view_cosines(lemma_strings, n, (1, 2))
    lemma_words = _lemma_word_cosines(lemma_lists, n)
    out: np.ndarray = (surface + lemma_chars + lemma_words) / 3.0
    return out


def _lemma_word_cosines(lemma_lists: list[list[str]], n_pairs: int) -> np.ndarray:
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, ls in enumerate(lemma_lists):
        for w in ls:
            rows.append(i)
            cols.append(vocab.setdefault(w, len(vocab)))
    counts = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(lemma_lists), max(1, len(vocab))))
    counts.sum_duplicates()
    m = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1]).astype(np.float64)
    idf = (np.log((1.0 + m) / (1.0 + df)) + 1.0) ** _IDF_POWER
    x = _weighted(counts, idf)
    return np.asarray(x[:n_pairs].multiply(x[n_pairs : 2 * n_pairs]).sum(axis=1)).ravel()


def similarity(a: str, b: str) -> float:
    """Return the similarity of two texts in [0, 1] (1 for identical non-empty texts)."""
    return similarities([(a, b)])[0]
