"""Static SVG charts drawn at build time.

Readable without JavaScript, printable, no third-party library or request. Every chart
carries a <title> and a <desc> listing its values, and the pages put the same figures in
a table next to it (the text alternative).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .site_text import vn_number

# Colours of the Government's categories; chosen to stay distinct in grey print.
CATEGORY_COLOURS = {
    "done_on_time": "#2e7d32",
    "done_late": "#9e9d24",
    "open_on_time": "#1565c0",
    "overdue": "#c62828",
    "no_deadline": "#6d6d6d",
    "cancelled": "#bdbdbd",
}


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    colour: str = "#c62828"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, label_width: int = 230) -> Markup:
    """A horizontal bar chart; `chart_id` must be unique in the page (SVG ids)."""
    row, width, bar_space = 30, 640, 640 - label_width - 70
    height = max(1, len(bars)) * row + 10
    top = max((b.value for b in bars), default=0) or 1
    desc = "; ".join(f"{b.label}: {vn_number(b.value)}" for b in bars) or "Không có số liệu"
    parts = [
        (
            f'<svg class="nv-chart" id="{escape(chart_id)}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-t {escape(chart_id)}-d" '
            f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
        ),
        f'<title id="{escape(chart_id)}-t">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-d">{escape(desc)}</desc>',
    ]
    for i, b in enumerate(bars):
        y = 5 + i * row
        length = round(bar_space * b.value / top, 1)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 19}" text-anchor="end" class="nv-chart-label">'
            f"{escape(_shorten(b.label, 34))}</text>"
            f'<rect x="{label_width}" y="{y + 4}" width="{length}" height="20" '
            f'fill="{escape(b.colour)}"></rect>'
            f'<text x="{label_width + length + 6}" y="{y + 19}" class="nv-chart-value">'
            f"{vn_number(b.value)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))
