"""Lexical vectors: hashed character n-gram TF-IDF, optionally projected to a dense LSA space.

Fitted state (IDF, projection) is frozen after ``fit`` so vectors made later compare with vectors made
earlier: that is what lets one document be added without recomputing the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import numpy as np
import scipy.sparse as sp

from ._bulk import Mapper, chunked, serial
from ._hashing import char_ngram_counts
from ._normalize import squash

__all__ = ["Encoder", "TfidfHasher", "fit_and_embed", "sample_rows"]

BITS = 20
NGRAMS = (2, 3)


class TfidfHasher:
    """Sublinear TF × smoothed IDF over hashed character 2- and 3-grams, rows L2-normalised."""

    def __init__(self, idf: np.ndarray | None = None) -> None:
        self.idf: np.ndarray = idf if idf is not None else np.ones(1 << BITS, dtype=np.float32)
        self.n_fit = 0

    @staticmethod
    def counts(texts: Sequence[str], *, normalised: bool = False) -> sp.csr_matrix:
        """Return raw hashed n-gram counts of ``texts`` (normalised first unless ``normalised``)."""
        prepared = list(texts) if normalised else [squash(t) for t in texts]
        return char_ngram_counts(prepared, NGRAMS, BITS)

    @staticmethod
    def doc_freq(counts: sp.csr_matrix) -> np.ndarray:
        """Return how many rows of a count matrix contain each hashed column (summable across chunks)."""
        return np.bincount(counts.indices, minlength=1 << BITS).astype(np.int64)

    def fit_counts(self, counts: sp.csr_matrix) -> TfidfHasher:
        """Set the IDF from a count matrix; return self."""
        return self.fit_doc_freq(self.doc_freq(counts), counts.shape[0])

    def fit_doc_freq(self, df: np.ndarray, n: int) -> TfidfHasher:
        """Set the IDF from document frequencies ``df`` over ``n`` documents; return self."""
        self.idf = (np.log((1.0 + n) / (1.0 + df.astype(np.float64))) + 1.0).astype(np.float32)
        self.n_fit = n
        return self

    def weight(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Return TF-IDF rows of unit length from a count matrix (empty rows stay zero)."""
        x = counts.astype(np.float32, copy=True)
        np.log1p(x.data, out=x.data)
        x.data *= self.idf[x.indices]
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        x = sp.csr_matrix(sp.diags((1.0 / norms).astype(np.float32)) @ x)
        return x

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Return unit-length TF-IDF rows of ``texts``."""
        return self.weight(self.counts(texts))


MIN_NORM = 0.2


def sample_rows(n: int, sample: int = 4000, seed: int = 0) -> np.ndarray:
    """Return the sorted rows, out of ``n``, on which :meth:`Encoder.fit` fits its projection."""
    if n <= sample:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=sample, replace=False))


class Encoder:
    """TF-IDF projected onto the top singular directions of a fitted sample (LSA), then scaled.

    A projection is divided by its length, but by no less than ``MIN_NORM``: text mostly outside the fitted
    span (a new topic) keeps a short vector and scores low instead of looking similar to everything.
    """

    def __init__(self, hasher: TfidfHasher, columns: np.ndarray, components: np.ndarray) -> None:
        self.hasher = hasher
        self.columns = columns  # hashed column -> row of components, or -1
        self.components = components  # (n_kept_columns, dim) float32

    @property
    def dim(self) -> int:
        """Return the embedding width."""
        return int(self.components.shape[1])

    @classmethod
    def fit(
        cls,
        counts: sp.csr_matrix,
        *,
        dim: int = 128,
        sample: int = 4000,
        seed: int = 0,
        max_columns: int = 20_000,
    ) -> Encoder:
        """Fit IDF on all ``counts`` rows and the projection on a seeded sample of at most ``sample`` rows."""
        hasher = TfidfHasher().fit_counts(counts)
        rows = sample_rows(counts.shape[0], sample, seed)
        return cls.fit_projection(hasher, counts[rows], dim=dim, seed=seed, max_columns=max_columns)

    @classmethod
    def fit_projection(
        cls,
        hasher: TfidfHasher,
        sample_counts: sp.csr_matrix,
        *,
        dim: int = 128,
        seed: int = 0,
        max_columns: int = 20_000,
    ) -> Encoder:
        """Fit the projection on the counts of the rows chosen by :func:`sample_rows`, given a fitted IDF."""
        from sklearn.utils.extmath import randomized_svd

        x = hasher.weight(sample_counts)
        df = np.bincount(x.indices, minlength=x.shape[1])
        keep = np.flatnonzero(df >= (2 if x.shape[0] >= 50 else 1))
        if keep.shape[0] > max_columns:  # the most widespread n-grams carry the topics; rare ones cost time
            keep = np.sort(keep[np.argsort(-df[keep], kind="stable")[:max_columns]])
        columns = np.full(x.shape[1], -1, dtype=np.int32)
        columns[keep] = np.arange(keep.shape[0], dtype=np.int32)
        xk = x[:, keep]
        k = max(
            1, min(dim, xk.shape[0] - 1 if xk.shape[0] > 1 else 1, xk.shape[1] - 1 if xk.shape[1] > 1 else 1)
        )
        if xk.nnz == 0:
            return cls(hasher, columns, np.zeros((keep.shape[0], 1), dtype=np.float32))
        _u, _s, vt = randomized_svd(xk, k, n_iter=2, random_state=seed)
        return cls(hasher, columns, np.ascontiguousarray(vt.T, dtype=np.float32))

    def embed_weighted(self, x: sp.csr_matrix) -> np.ndarray:
        """Return embeddings of unit TF-IDF rows ``x``."""
        mapped = self.columns[x.indices]
        ok = mapped >= 0
        rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))[ok]
        m = sp.csr_matrix((x.data[ok], (rows, mapped[ok])), shape=(x.shape[0], self.components.shape[0]))
        emb = np.asarray(m @ self.components, dtype=np.float32)
        norms = np.maximum(np.linalg.norm(emb, axis=1), MIN_NORM)
        out: np.ndarray = (emb / norms[:, None]).astype(np.float32)
        return out

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Return (len(texts), dim) embeddings; dot products are LSA cosines (see the class docstring)."""
        return self.embed_weighted(self.hasher.transform(texts))


def _doc_freq_of(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return the hashed columns present in ``texts`` and how many texts contain each (compact to send)."""
    cols, df = np.unique(TfidfHasher.counts(texts, normalised=True).indices, return_counts=True)
    return cols.astype(np.int32), df.astype(np.int32)


def _embed_chunk(encoder: Encoder, texts: Sequence[str]) -> np.ndarray:
    return encoder.embed_weighted(encoder.hasher.weight(TfidfHasher.counts(texts, normalised=True)))


def fit_and_embed(texts: Sequence[str], mapper: Mapper = serial) -> tuple[Encoder, np.ndarray]:
    """Fit an :class:`Encoder` on normalised ``texts`` and return it with their embeddings.

    Large inputs are read in chunks (document frequencies first, then embeddings), so memory stays bounded
    and ``mapper`` can spread the chunks over processes; the result equals ``Encoder.fit`` on all counts.
    """
    parts = chunked(texts)
    if len(parts) == 1:
        counts = TfidfHasher.counts(texts, normalised=True)
        encoder = Encoder.fit(counts)
        return encoder, encoder.embed_weighted(encoder.hasher.weight(counts))
    df = np.zeros(1 << BITS, dtype=np.int64)
    for cols, part_df in mapper(_doc_freq_of, parts):
        df[cols] += part_df
    hasher = TfidfHasher().fit_doc_freq(df, len(texts))
    rows = sample_rows(len(texts)).tolist()
    encoder = Encoder.fit_projection(hasher, TfidfHasher.counts([texts[i] for i in rows], normalised=True))
    return encoder, np.concatenate(mapper(partial(_embed_chunk, encoder), parts))
