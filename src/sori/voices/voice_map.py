"""A map of the voices: proposals as points on a plane (``sori.text.layout``) from their stored vectors.

The plane of each map (``VoiceMap``: a series, or the waiting set) is kept, so points do not move when a
proposal is added; it is fitted again when the model changes or the map has more than doubled since. The
points are the stored vectors times that plane: drawing a map never encodes. Proposals without a stored
vector yet are left off and counted.

Callers decide what each point says (:class:`PointIn`): the staff screen shows text and organisation, the
public page neither. This module only places points and groups and gives the SVG geometry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from sori.text import MODEL_VERSION, layout
from sori.voices import vectors as stored
from sori.voices.models import VoiceMap

WIDTH, HEIGHT, PAD = 640, 420, 28
COLOURS = 10  # group colours cycle through classes vm-c0 … vm-c9; waiting points are grey (vm-none)
REFIT_GROWTH = 2.0  # refit the plane when the map has this many times the proposals it was fitted on


@dataclass(frozen=True)
class PointIn:
    """What a caller wants drawn for one proposal."""

    proposal_id: int
    group: str  # a key shared by the points of one group; "" for none
    label: str  # what hovering or focusing the point shows
    tickable: bool = False


@dataclass(frozen=True)
class Point:
    proposal_id: int
    x: float
    y: float
    group: str
    label: str
    colour: str
    tickable: bool


@dataclass(frozen=True)
class GroupLabel:
    key: str
    text: str
    x: float
    y: float
    colour: str
    size: int
    url: str = ""


@dataclass
class DrawnMap:
    """The SVG geometry of a map, its groups' labels, and how many proposals had no vector yet."""

    points: list[Point]
    groups: list[GroupLabel]
    missing: int
    width: int = WIDTH
    height: int = HEIGHT
    legend: list[GroupLabel] = field(default_factory=list)


def _basis(key: str, matrix: np.ndarray) -> np.ndarray:
    row = VoiceMap.objects.filter(key=key).first()
    n = matrix.shape[0]
    if row is not None and row.model == MODEL_VERSION and n <= max(2, row.fitted_on) * REFIT_GROWTH:
        saved = np.frombuffer(bytes(row.basis), dtype="<f8")
        if saved.size == (matrix.shape[1] + 1) * 2:
            return saved.reshape(matrix.shape[1] + 1, 2)
    _points, basis = layout(matrix)
    VoiceMap.objects.update_or_create(
        key=key,
        defaults={
            "model": MODEL_VERSION,
            "basis": np.ascontiguousarray(basis, dtype="<f8").tobytes(),
            "fitted_on": n,
        },
    )
    return np.asarray(basis)


def _screen(v: float, size: int) -> float:
    clipped = min(1.15, max(-1.15, v))
    return round(PAD + (clipped + 1.15) / 2.3 * (size - 2 * PAD), 1)


def draw(
    key: str,
    wanted: Sequence[PointIn],
    group_labels: dict[str, str],
    *,
    group_urls: dict[str, str] | None = None,
) -> DrawnMap:
    """Place ``wanted`` on the map ``key`` and label each group of two or more points with its words."""
    ids = [w.proposal_id for w in wanted]
    vecs = stored.stored_vectors(ids)
    have = [w for w in wanted if w.proposal_id in vecs]
    if not have:
        return DrawnMap([], [], missing=len(wanted))
    matrix = stored.matrix_of([w.proposal_id for w in have], vecs)
    xy, _basis_used = layout(matrix, basis=_basis(key, matrix))
    order = sorted(
        {w.group for w in have if w.group}, key=lambda g: (-sum(1 for w in have if w.group == g), g)
    )
    colour = {g: f"vm-c{i % COLOURS}" for i, g in enumerate(order)}
    points: list[Point] = []
    by_group: dict[str, list[Point]] = defaultdict(list)
    for w, (x, y) in zip(have, xy.tolist(), strict=True):
        p = Point(
            proposal_id=w.proposal_id,
            x=_screen(x, WIDTH),
            y=_screen(-y, HEIGHT),
            group=w.group,
            label=w.label,
            colour=colour.get(w.group, "vm-none"),
            tickable=w.tickable,
        )
        points.append(p)
        if w.group:
            by_group[w.group].append(p)
    urls = group_urls or {}
    groups = [
        GroupLabel(
            key=g,
            text=group_labels.get(g, ""),
            x=round(float(np.mean([p.x for p in members])), 1),
            y=round(float(np.mean([p.y for p in members])) - 8, 1),
            colour=colour[g],
            size=len(members),
            url=urls.get(g, ""),
        )
        for g, members in sorted(by_group.items(), key=lambda kv: order.index(kv[0]))
    ]
    shown = [g for g in groups if g.size >= 2 and g.text]
    return DrawnMap(points, shown, missing=len(wanted) - len(have), legend=groups)
