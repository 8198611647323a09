"""Inline SVG line charts drawn on the server (no script, no external request); pages show the table too."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT = "Pretendard, 'Noto Sans KR', 'Noto Sans CJK KR', sans-serif"
INK, MUTED, LINE = "#1d2330", "#5d6677", "#dfe3ea"
COLOURS = ("#1f5fbf", "#1e7b34", "#a86400", "#6b3fa0", "#0f7c7c")


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    percent: bool = False,
    dashed: Sequence[bool] = (),
    width: int = 640,
    height: int = 260,
) -> str:
    """Return an SVG with one line per ``(name, values)`` over ``labels``, a legend and a y-axis."""
    t = escape(title)
    left, right, top, bottom = 64, 16, 30, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _n, vs in series for v in vs]
    peak = max(values, default=0) or 1
    if percent:
        peak = max(1.0, peak)
    n = max(1, len(labels) - 1)
    body = []
    for j in range(5):
        frac = j / 4
        y = top + plot_h * (1 - frac)
        label = f"{frac * peak:.0%}" if percent else f"{frac * peak:,.0f}"
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{LINE}"/>')
        body.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{escape(label)}</text>'
        )
    step = max(1, len(labels) // 12)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            x = left + plot_w * i / n
            body.append(
                f'<text x="{x:.1f}" y="{height - 14}" text-anchor="middle" fill="{MUTED}">'
                f"{escape(label)}</text>"
            )
    for s, (name, vs) in enumerate(series):
        colour = COLOURS[s % len(COLOURS)]
        dash = ' stroke-dasharray="6 4"' if s < len(dashed) and dashed[s] else ""
        points = " ".join(
            f"{left + plot_w * i / n:.1f},{top + plot_h * (1 - v / peak):.1f}" for i, v in enumerate(vs)
        )
        if len(vs) == 1:
            cx, cy = points.split(",")
            body.append(f'<circle cx="{cx}" cy="{cy}" r="3" fill="{colour}"/>')
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
        lx = left + s * 190
        body.append(
            f'<line x1="{lx}" y1="12" x2="{lx + 18}" y2="12" stroke="{colour}" stroke-width="3"{dash}/>'
        )
        body.append(f'<text x="{lx + 24}" y="16" fill="{INK}">{escape(name)}</text>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'role="img" aria-label="{t}" font-family="{escape(FONT)}" font-size="12" class="chart">'
        f"<title>{t}</title>" + "".join(body) + "</svg>"
    )
