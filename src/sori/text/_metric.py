"""A grouping metric for meaning vectors, learned from proposals people have already grouped.

The sentence encoder places two phrasings of one request only a little closer than two different requests
(same-demand pair AUC about 0.86–0.94 on the labelled sets): much of a vector says *how* something is asked,
not *what*. Given collections whose proposals are labelled by demand, a linear map learns which directions
vary between phrasings of one demand (divided out: within-class whitening, as in speaker verification) and
which separate demands (stretched gently: a damped LDA). Fitted on labelled sets and scored on a set it
never saw, it lifts the pooled ARI of the eight labelled sets from 0.37 to 0.61 (with the word parts of
the vectors; docs/text.md).

The map is linear and applied after centring, so centroids and incremental assignment keep working
unchanged. Only the cosines it gives matter, so it is kept as its symmetric square root: the identity plus
a correction along at most ``RANK`` directions (the learned directions beyond the 512 strongest change no
figure measured), which keeps the shipped file to 2 MB. Sori ships one fitted on its own labelled
paraphrase sets (``data/meaning_metric.npz``); ``SORI_TEXT_METRIC`` names another file, for example one
fitted on a city's own decided demands with ``sori text metric``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._files import replaced
from ._meaning import DIM, MODEL_VERSION, MeaningEncoder

__all__ = [
    "POWER",
    "RANK",
    "RIDGE",
    "SHRINK",
    "Metric",
    "default_metric",
    "fit_metric",
    "load_metric",
    "read_header",
    "save_metric",
]

# Chosen by leave-one-set-out cross-validation on the labelled sets (docs/text.md): stronger whitening or
# a sharper between-demand stretch fits the sets it was learned on and loses on the one left out.
RIDGE = 1.0  # added to the within-demand scatter, as a multiple of its mean eigenvalue
POWER = 0.25  # between-demand directions are stretched by (relative spread + SHRINK) ** POWER
SHRINK = 2.0
RANK = 512  # directions kept; with 256 the held-out ARI falls by 0.01, with 128 by 0.13

_DEFAULT = Path(__file__).parent / "data" / "meaning_metric.npz"
_lock = threading.Lock()
_cache: dict[str, Metric | None] = {}


@dataclass(frozen=True)
class Metric:
    """A map of meaning vectors: the identity plus ``scales - 1`` along orthonormal ``directions``."""

    directions: np.ndarray  # (DIM, r), orthonormal columns
    scales: np.ndarray  # (r,)
    # The mean raw vector of the proposals it was fitted on: where to centre a collection too small to
    # have a mean of its own (a handful of demands), since every request shares the register of asking.
    centre: np.ndarray  # (DIM,)

    def apply(self, x: np.ndarray) -> np.ndarray:
        """Return the rows of ``x`` mapped (not re-normalised)."""
        out: np.ndarray = x + ((x @ self.directions) * (self.scales - 1.0)) @ self.directions.T
        return out


def _centred_units(vectors: np.ndarray) -> np.ndarray:
    """Centre one collection on its own mean and scale rows to unit length, as a grouping run does."""
    plain = MeaningEncoder.fit(np.asarray(vectors, dtype=np.float32))
    out: np.ndarray = plain.transform(np.asarray(vectors, dtype=np.float32)).astype(np.float64)
    return out


def fit_metric(
    collections: Sequence[tuple[np.ndarray, Sequence[Hashable]]],
    *,
    ridge: float = RIDGE,
    power: float = POWER,
    shrink: float = SHRINK,
    rank: int = RANK,
) -> Metric:
    """Return the map learned from labelled collections of raw :func:`encode` vectors.

    Each collection (its vectors and one label per row) is centred on its own mean, as a grouping run
    centres its input. Only labels with two or more rows teach anything; at least two such labels in all
    are needed.
    """
    residuals: list[np.ndarray] = []
    for vectors, labels in collections:
        x = _centred_units(vectors)
        tags = np.asarray([str(label) for label in labels])
        if x.shape != (len(tags), DIM):
            raise ValueError(f"expected vectors of shape ({len(tags)}, {DIM}), got {x.shape}")
        for tag in np.unique(tags):
            rows = x[tags == tag]
            if len(rows) > 1:
                residuals.append(rows - rows.mean(axis=0))
    if len(residuals) < 2:
        raise ValueError("a metric needs at least two demands with two or more proposals each")
    # Every scatter here has rank far below DIM (a few hundred proposals), so each map is the identity
    # times a constant plus a correction inside a small span: work in that span (seconds faster).
    within_dirs, within_var = _spectrum(np.vstack(residuals))
    floor = ridge * max(float(within_var.sum()) / DIM, 1e-12)
    whiten = _Low(1.0 / np.sqrt(floor), within_dirs, 1.0 / np.sqrt(within_var + floor))
    centres = []
    for vectors, labels in collections:
        x = whiten.apply(_centred_units(vectors))
        tags = np.asarray([str(label) for label in labels])
        for tag in np.unique(tags):
            if int((tags == tag).sum()) > 1:
                centres.append(x[tags == tag].mean(axis=0))
    between_dirs, spread = _spectrum(np.asarray(centres))
    mean_spread = max(float(spread.sum()) / DIM, 1e-12)
    stretch = _Low(shrink**power, between_dirs, (spread / mean_spread + shrink) ** power)
    # Cosines after x -> x @ whiten @ stretch depend on m @ m.T only (m = whiten @ stretch, both
    # symmetric): keep its square root, scaled so the bulk of its spectrum (the directions no labelled
    # proposal moved) is 1, along the directions that differ most.
    span, _r = np.linalg.qr(np.hstack([within_dirs, between_dirs]))
    image = stretch.apply(whiten.apply(span.T)).T  # m.T @ span
    lam_span, turn = np.linalg.eigh(image.T @ image)
    outside = (whiten.base * stretch.base) ** 2
    lam = np.clip(np.concatenate([lam_span, np.full(DIM - span.shape[1], outside)]), 1e-12, None)
    base = float(np.median(lam))
    keep = np.argsort(-np.abs(np.log(lam[: span.shape[1]] / base)), kind="stable")[:rank]
    raw = np.vstack([np.asarray(v, dtype=np.float64) for v, _labels in collections])
    live = raw[np.linalg.norm(raw, axis=1) > 0]
    return Metric(
        np.ascontiguousarray((span @ turn)[:, keep], dtype=np.float32),
        np.sqrt(lam[keep] / base).astype(np.float32),
        live.mean(axis=0).astype(np.float32),
    )


@dataclass(frozen=True)
class _Low:
    """A symmetric map: ``base`` times the identity, but ``scales`` along orthonormal ``directions``."""

    base: float
    directions: np.ndarray  # (DIM, k)
    scales: np.ndarray  # (k,)

    def apply(self, x: np.ndarray) -> np.ndarray:
        along = (x @ self.directions) * (self.scales - self.base)
        out: np.ndarray = self.base * x + along @ self.directions.T
        return out


def _spectrum(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the directions and variances of ``rows.T @ rows / len(rows)`` with non-zero variance."""
    _u, sv, vt = np.linalg.svd(rows, full_matrices=False)
    live = sv > sv.max() * 1e-6 if sv.size else np.zeros(0, dtype=bool)
    return np.ascontiguousarray(vt[live].T), sv[live] ** 2 / len(rows)


def save_metric(path: Path, metric: Metric, *, fitted_on: dict[str, int]) -> None:
    """Write ``metric`` as a compressed ``.npz`` with a JSON header (no pickle; float16 halves the size).

    The file is replaced whole or not at all.
    """
    header = {"model_version": MODEL_VERSION, "fitted_on": fitted_on}
    with replaced(path) as fh:
        np.savez_compressed(
            fh,
            directions=np.asarray(metric.directions, dtype=np.float16),
            scales=np.asarray(metric.scales, dtype=np.float32),
            centre=np.asarray(metric.centre, dtype=np.float32),
            header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
        )


def read_header(path: Path) -> dict[str, object]:
    """Return the JSON header of a metric file: ``model_version`` and ``fitted_on`` (file → lines)."""
    with np.load(path, allow_pickle=False) as data:
        header: dict[str, object] = json.loads(bytes(data["header"]).decode())
    return header


def load_metric(path: Path) -> Metric:
    """Read a metric written by :func:`save_metric`; refuse one fitted on vectors of another model."""
    if not path.is_file():
        raise ValueError(f"{path}: no such file; write one with 'sori text metric' or unset SORI_TEXT_METRIC")
    try:
        with np.load(path, allow_pickle=False) as data:
            header = json.loads(bytes(data["header"]).decode())
            directions = np.asarray(data["directions"], dtype=np.float32)
            scales = np.asarray(data["scales"], dtype=np.float32)
            centre = np.asarray(data["centre"], dtype=np.float32)
    except (OSError, KeyError, ValueError) as exc:
        raise ValueError(f"{path}: not a metric written by 'sori text metric' ({exc})") from exc
    if header.get("model_version") != MODEL_VERSION:
        raise ValueError(
            f"{path}: fitted on vectors of {header.get('model_version')!r}, but this Sori encodes with "
            f"{MODEL_VERSION!r}; fit it again with 'sori text metric'"
        )
    if (
        directions.ndim != 2
        or directions.shape[0] != DIM
        or scales.shape != (directions.shape[1],)
        or centre.shape != (DIM,)
    ):
        raise ValueError(f"{path}: expected ({DIM}, r) directions, r scales and a ({DIM},) centre")
    return Metric(np.ascontiguousarray(directions), scales, centre)


def default_metric() -> Metric | None:
    """Return the metric grouping by meaning uses: ``$SORI_TEXT_METRIC``, else the one Sori ships.

    ``SORI_TEXT_METRIC=none`` turns it off (plain centred cosines). Loaded once per process and path.
    """
    chosen = os.environ.get("SORI_TEXT_METRIC", "").strip()
    key = chosen or str(_DEFAULT)
    if key not in _cache:
        with _lock:
            if key not in _cache:
                _cache[key] = None if chosen.lower() == "none" else load_metric(Path(key))
    return _cache[key]
