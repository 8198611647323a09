"""Each proposal's meaning vector, encoded once and stored (``ProposalVector``).

A proposal is encoded after the transaction that saved it commits (the placement task of
``sori.voices.organise.placement``), in one batch for a meeting's lines, an import or minutes. Readers load
the stored vectors with :func:`stored_vectors`; a vector encoded by another ``sori.text.MODEL_VERSION`` or
from another text counts as missing. :func:`vectors_ensure` encodes what is missing (background work and
organising runs only: pages never encode a stored proposal), and :func:`vectors_backfill` does it for every
accepted proposal (``sori proposal_vectors``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from sori import text as text_core
from sori.voices.models import Moderation, Proposal, ProposalVector

DIM = text_core.VECTOR_DIM
BATCH = 256  # texts per encoder call (and per write)


def text_hash(text: str) -> str:
    """Return the SHA-1 of a proposal's text, stored beside its vector."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def to_array(raw: bytes | memoryview) -> np.ndarray:
    """Return a stored vector as a float32 array."""
    return np.frombuffer(bytes(raw), dtype="<f4")


def encode_texts(texts: Sequence[str]) -> np.ndarray:
    """Encode texts with the text core's encoder (looked up on the module, so tests can watch it)."""
    return np.asarray(text_core.encode(list(texts)), dtype=np.float32)


def encode_query(text: str) -> np.ndarray:
    """Encode one typed text (a query, never stored): whole, since the nearest demand uses every part."""
    return encode_texts([text])[0]


def stored_vectors(proposal_ids: Iterable[int] | None = None) -> dict[int, np.ndarray]:
    """Return the current stored vectors of these proposals (all proposals when None), by proposal id.

    Vectors of another model version or of an older text are left out: they count as missing.
    """
    qs = ProposalVector.objects.filter(model=text_core.MODEL_VERSION)
    if proposal_ids is not None:
        qs = qs.filter(proposal_id__in=list(proposal_ids))
    out: dict[int, np.ndarray] = {}
    rows = qs.values_list("proposal_id", "text_hash", "vector", "proposal__text")
    for pid, digest, raw, text in rows.iterator(chunk_size=2000):
        if digest == text_hash(text):
            out[pid] = to_array(raw)
    return out


def _store(pairs: Sequence[tuple[int, str]], matrix: np.ndarray) -> None:
    rows = [
        ProposalVector(
            proposal_id=pid,
            model=text_core.MODEL_VERSION,
            text_hash=text_hash(text),
            vector=np.ascontiguousarray(matrix[i], dtype="<f4").tobytes(),
        )
        for i, (pid, text) in enumerate(pairs)
    ]
    ProposalVector.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["proposal"],
        update_fields=["model", "text_hash", "vector", "created_at"],
    )


def vectors_ensure(
    proposal_ids: Sequence[int], *, progress: Callable[[int, int], None] | None = None
) -> dict[int, np.ndarray]:
    """Return the vectors of these proposals, encoding (in batches) and storing those missing or stale."""
    ids = list(dict.fromkeys(int(i) for i in proposal_ids))
    found = stored_vectors(ids)
    missing = list(
        Proposal.objects.filter(id__in=[i for i in ids if i not in found])
        .order_by("id")
        .values_list("id", "text")
    )
    for start in range(0, len(missing), BATCH):
        part = missing[start : start + BATCH]
        matrix = encode_texts([t for _i, t in part])
        _store(part, matrix)
        found.update((pid, matrix[i]) for i, (pid, _t) in enumerate(part))
        if progress is not None:
            progress(min(start + BATCH, len(missing)), len(missing))
    return found


def missing_ids(*, moderation: str | None = Moderation.ACCEPTED) -> list[int]:
    """Return the proposals without a current vector (accepted ones unless ``moderation`` says otherwise)."""
    qs = Proposal.objects.all() if moderation is None else Proposal.objects.filter(moderation=moderation)
    out = set(qs.exclude(vector__model=text_core.MODEL_VERSION).values_list("id", flat=True))
    current = qs.filter(vector__model=text_core.MODEL_VERSION).values_list("id", "vector__text_hash", "text")
    out.update(pid for pid, digest, text in current.iterator(chunk_size=2000) if digest != text_hash(text))
    return sorted(out)


def vectors_backfill(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Encode every accepted proposal that has no current vector; return how many were encoded."""
    ids = missing_ids()
    if ids:
        vectors_ensure(ids, progress=progress)
    return len(ids)


def matrix_of(ids: Sequence[int], vectors: dict[int, np.ndarray]) -> np.ndarray:
    """Return the vectors of ``ids`` as one (n, DIM) float32 array, in order."""
    if not ids:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.ascontiguousarray(np.stack([vectors[i] for i in ids]).astype(np.float32))
