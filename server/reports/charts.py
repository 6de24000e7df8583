"""Inline SVG charts drawn on the server: no script, no CDN, text escaped.

Every mark carries ``data-label``/``data-value`` so tests (and people) can read the figures.
Colours come from the stylesheet through classes (``s0`` .. ``s7``), never inline styles,
so the pages run under a strict Content-Security-Policy.
"""

from __future__ import annotations

from typing import Sequence

from markupsafe import Markup, escape

PALETTE = 8


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _svg(width: int, height: int, body: list[str], label: str) -> Markup:
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
                  f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
                  + "".join(body) + "</svg>")


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]],
               title: str, width: int = 760, height: int = 260) -> Markup:
    """One line per series (e.g. per rep) over the period labels, with a legend."""
    left, right, top, bottom = 44, 150, 12, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for _, values in series for v in values if v is not None] + [1])
    step = plot_w / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return left + i * step if len(labels) > 1 else left + plot_w / 2

    def y(v: float) -> float:
        return top + plot_h - (v / peak) * plot_h

    body = [f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>',
            f'<text class="tick" x="{left - 6}" y="{top + 4}" text-anchor="end">{_num(peak)}</text>',
            f'<text class="tick" x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>']
    every = max(1, -(-len(labels) * 80 // plot_w))  # about 80 px per label, never overlapping
    for i, label in enumerate(labels):
        if i % every == 0:
            body.append(f'<text class="tick" x="{x(i):.1f}" y="{height - 12}" text-anchor="middle">'
                        f'{escape(label)}</text>')
    for n, (name, values) in enumerate(series):
        cls = f"s{n % PALETTE}"
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values) if v is not None)
        body.append(f'<polyline class="line {cls}" points="{points}"/>')
        for i, v in enumerate(values):
            if v is not None:
                body.append(f'<circle class="dot {cls}" cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" '
                            f'data-series="{escape(name)}" data-label="{escape(labels[i])}" '
                            f'data-value="{_num(v)}"><title>{escape(name)} {escape(labels[i])}: '
                            f'{_num(v)}</title></circle>')
        ly = top + 14 * n + 8
        body.append(f'<rect class="{cls}" x="{width - right + 12}" y="{ly - 8}" width="10" height="10"/>'
                    f'<text class="legend" x="{width - right + 28}" y="{ly + 1}">{escape(name)}</text>')
    return _svg(width, height, body, title)


def bar_chart(items: Sequence[tuple[str, float | None]], title: str, *, highlight: set[str] = frozenset(),
              marker: float | None = None, unit: str = "", width: int = 560) -> Markup:
    """Horizontal bars, one per label; ``highlight`` labels get the warning colour,
    ``marker`` draws a reference line (a goal, or coverage of 1×)."""
    left, right, row = 150, 70, 24
    height = row * len(items) + 24
    plot_w = width - left - right
    peak = max([v for _, v in items if v is not None] + [marker or 0, 1e-9])
    body = []
    for i, (label, value) in enumerate(items):
        y = 8 + i * row
        cls = "bar warn" if label in highlight else "bar"
        length = 0 if not value else max(1.0, value / peak * plot_w)
        body.append(f'<text class="legend" x="{left - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
                    f'<rect class="{cls}" x="{left}" y="{y}" width="{length:.1f}" height="{row - 8}" '
                    f'data-label="{escape(label)}" data-value="{_num(value)}">'
                    f'<title>{escape(label)}: {_num(value)}{escape(unit)}</title></rect>'
                    f'<text class="value" x="{left + length + 6:.1f}" y="{y + 13}">'
                    f'{"–" if value is None else escape(_num(value) + unit)}</text>')
    if marker:
        mx = left + marker / peak * plot_w
        body.append(f'<line class="marker" x1="{mx:.1f}" y1="2" x2="{mx:.1f}" y2="{height - 14}" '
                    f'data-marker="{_num(marker)}"/>')
    return _svg(width, height, body, title)
