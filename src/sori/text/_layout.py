"""A 2-D map of the voices: one point per proposal from its meaning vector, for drawing as SVG."""

from __future__ import annotations

import numpy as np

__all__ = ["layout"]


def layout(vectors: np.ndarray, *, basis: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Return ((n, 2) points, (dim + 1, 2) basis) placing each row of ``vectors`` on a plane.

    The plane is spanned by the two principal directions of the vectors (PCA), each turned so that its
    largest coordinate is positive, so the same vectors always give the same map and a few added points
    move the others only slightly. Points are scaled so that 98 % lie within [-1, 1]. Pass the returned
    ``basis`` back to place new proposals on an existing map without moving anything. Zero rows (empty
    texts) sit at the centre of the data.
    """
    x = np.asarray(vectors, dtype=np.float64)
    n = x.shape[0]
    if basis is None:
        if n == 0:
            return np.zeros((0, 2), dtype=np.float32), np.zeros((x.shape[1] + 1, 2))
        mean = x.mean(axis=0)
        axes = np.zeros((x.shape[1], 2))
        if n > 1:
            _u, _s, vt = np.linalg.svd(x - mean, full_matrices=False)
            for j in range(min(2, vt.shape[0])):
                v = vt[j]
                axes[:, j] = v if v[np.argmax(np.abs(v))] > 0 else -v
        points = (x - mean) @ axes
        scale = np.percentile(np.abs(points), 98, axis=0) if n > 1 else np.ones(2)
        scale[scale == 0] = 1.0
        basis = np.vstack([axes / scale[None, :], (mean @ axes / scale)[None, :]])
    out: np.ndarray = (x @ basis[:-1] - basis[-1]).astype(np.float32)
    return out, basis
