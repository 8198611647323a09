"""Charts as inline SVG drawn on the server: no script, no external request, the same in page and PDF.

Each function returns an SVG string with a ``<title>`` and an ``aria-label``; the page shows the table behind
every chart next to it, so the chart is a picture of numbers the reader can also read.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT = "Pretendard, 'Noto Sans KR', 'Noto Sans CJK KR', sans-serif"
INK, MUTED, LINE = "#1d2330", "#5d6677", "#dfe3ea"
BLUE, TEAL, GREEN, GREY = "#1f5fbf", "#0f7c7c", "#1e7b34", "#9aa3b0"
# One colour per line of a line chart, in order.
SERIES_COLOURS = (BLUE, GREEN, "#a86400", "#6b3fa0", TEAL)


def _fmt(value: float) -> str:
    return f"{value:,.0f}"


def _svg(width: int, height: int, title: str, body: list[str], *, font_size: int = 13) -> str:
    t = escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{t}" font-family="{escape(FONT)}" font-size="{font_size}" '
        f'class="chart"><title>{t}</title>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", fill: str = INK, weight: str = "") -> str:
    w = f' font-weight="{weight}"' if weight else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{w}>{escape(text)}</text>'


def _empty(title: str, width: int) -> str:
    return _svg(width, 40, title, [_text(0, 24, "자료 없음", fill=MUTED)])


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, unit: str = "", width: int = 560) -> str:
    """Return horizontal bars, one per ``(label, value)``, longest value full width."""
    if not rows:
        return _empty(title, width)
    label_w, row_h, value_w = 150, 26, 80
    top = max((v for _l, v in rows), default=0) or 1
    body = []
    for i, (label, value) in enumerate(rows):
        y = i * row_h
        bar = (width - label_w - value_w) * value / top
        body.append(_text(label_w - 8, y + 17, label[:14], anchor="end"))
        body.append(
            f'<rect x="{label_w}" y="{y + 5}" width="{bar:.1f}" height="{row_h - 10}" fill="{BLUE}" rx="2"/>'
        )
        body.append(_text(label_w + bar + 6, y + 17, _fmt(value) + unit, fill=MUTED))
    return _svg(width, len(rows) * row_h + 4, title, body)


def paired_bars(
    rows: Sequence[tuple[str, float, float]], *, title: str, legend: tuple[str, str], width: int = 560
) -> str:
    """Return two bars per row, e.g. promised (light) and realised (dark), each row on its own scale."""
    if not rows:
        return _empty(title, width)
    label_w, row_h, value_w = 110, 44, 150
    body = [
        f'<rect x="{label_w}" y="2" width="12" height="12" fill="{GREY}"/>',
        _text(label_w + 16, 13, legend[0], fill=MUTED),
        f'<rect x="{label_w + 110}" y="2" width="12" height="12" fill="{GREEN}"/>',
        _text(label_w + 126, 13, legend[1], fill=MUTED),
    ]
    span = width - label_w - value_w
    for i, (label, first, second) in enumerate(rows):
        y = 22 + i * row_h
        top = max(first, second) or 1
        body.append(_text(label_w - 8, y + 22, label, anchor="end"))
        for j, (value, colour) in enumerate(((first, GREY), (second, GREEN))):
            bar = span * value / top
            yy = y + 4 + j * 18
            body.append(
                f'<rect x="{label_w}" y="{yy}" width="{bar:.1f}" height="14" fill="{colour}" rx="2"/>'
            )
            body.append(_text(label_w + bar + 6, yy + 12, _fmt(value), fill=MUTED))
    return _svg(width, 26 + len(rows) * row_h, title, body)


def year_chart(
    rows: Sequence[tuple[str, float, float]], *, title: str, legend: tuple[str, str], width: int = 560
) -> str:
    """Return columns for each period's new count and a line for the running total."""
    if not rows:
        return _empty(title, width)
    left, bottom, top_pad, height = 36, 24, 22, 220
    plot_h = height - bottom - top_pad
    top = max(max(c for _l, _n, c in rows), max(n for _l, n, _c in rows)) or 1
    step = (width - left - 10) / len(rows)
    body = [
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" stroke="{LINE}"/>',
        f'<rect x="{left}" y="4" width="12" height="12" fill="{TEAL}"/>',
        _text(left + 16, 15, legend[0], fill=MUTED),
        f'<line x1="{left + 120}" y1="10" x2="{left + 140}" y2="10" stroke="{BLUE}" stroke-width="3"/>',
        _text(left + 146, 15, legend[1], fill=MUTED),
    ]
    points = []
    for i, (label, new, cumulative) in enumerate(rows):
        cx = left + step * i + step / 2
        h = plot_h * new / top
        bw = min(40, step * 0.5)
        body.append(
            f'<rect x="{cx - bw / 2:.1f}" y="{height - bottom - h:.1f}" width="{bw:.1f}" height="{h:.1f}" '
            f'fill="{TEAL}" rx="2"/>'
        )
        if new:
            body.append(_text(cx, height - bottom - h - 4, _fmt(new), anchor="middle", fill=MUTED))
        body.append(_text(cx, height - 6, label, anchor="middle", fill=MUTED))
        points.append((cx, height - bottom - plot_h * cumulative / top, cumulative))
    body.append(
        f'<polyline fill="none" stroke="{BLUE}" stroke-width="3" '
        f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y, _c in points)}"/>'
    )
    for x, y, _c in points:
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BLUE}"/>')
    x, y, c = points[-1]
    body.append(_text(x, max(y - 8, 30), _fmt(c), anchor="middle", weight="700"))
    return _svg(width, height, title, body)


def funnel_chart(rows: Sequence[tuple[str, float]], *, title: str, width: int = 560) -> str:
    """Return a funnel: bars narrowing from the first stage, with each count and its share of the first."""
    if not rows:
        return _empty(title, width)
    row_h, label_w, first = 40, 190, rows[0][1] or 1
    span = width - label_w - 10
    body = []
    for i, (label, value) in enumerate(rows):
        w = max(2.0, span * value / first)
        x = label_w + (span - w) / 2
        y = i * row_h
        shade = ("#1f5fbf", "#3b78d0", "#5f92dc", "#86ade6", "#a9c4ee")[min(i, 4)]
        body.append(
            f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" fill="{shade}" rx="3"/>'
        )
        share = f" ({value / first:.0%})" if i else ""
        body.append(_text(label_w - 10, y + row_h / 2 + 3, f"{label} {_fmt(value)}{share}", anchor="end"))
    return _svg(width, len(rows) * row_h, title, body)


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
        colour = SERIES_COLOURS[s % len(SERIES_COLOURS)]
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
    return _svg(width, height, title, body, font_size=12)
