"""Articles per day as a small inline SVG (no script, no external asset): bars scaled to the busiest day."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, GAP = 84, 20, 1


def sparkline(values: list[int], label: str = "articles per day") -> Markup:
    if not values:
        return Markup("")
    top = max(values) or 1
    bar = (WIDTH - GAP * (len(values) - 1)) / len(values)
    rects = []
    for i, value in enumerate(values):
        height = 0 if value == 0 else max(1.0, HEIGHT * value / top)
        x = i * (bar + GAP)
        rects.append(f'<rect x="{x:.1f}" y="{HEIGHT - height:.1f}" width="{bar:.1f}" height="{height:.1f}"/>')
    summary = escape(f"{label}, oldest first: {', '.join(str(v) for v in values)}")
    return Markup(
        f'<svg class="spark" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-label="{summary}"><title>{summary}</title>{"".join(rects)}</svg>'
    )
