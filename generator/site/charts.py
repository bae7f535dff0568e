"""Static SVG charts drawn at build time.

Readable without JavaScript, printable, no third-party library or request. Every chart
carries a <title> and a <desc> listing its values, and the pages put the same figures in
a table next to it (the text alternative).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.vi import fmt_number, truncate

# Colours of the Government's categories, the same as the text of the tables
# (site_templates/assets/nhiemvu.css): each at least 3:1 against the white background
# (WCAG 1.4.11); the label above each bar says what the colour means.
CATEGORY_COLOURS = {
    "done_on_time": "#1b5e20",
    "done_late": "#5f6b00",
    "open_on_time": "#0d47a1",
    "overdue": "#a31515",
    "no_deadline": "#595959",
    "cancelled": "#757575",
}


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    colour: str = "#c62828"


def bar_chart(chart_id: str, title: str, bars: list[Bar], table_id: str | None = None) -> Markup:
    """A horizontal bar chart, each label above its bar so that it stays legible on a phone;
    `chart_id` must be unique in the page (SVG ids). `table_id` names the table of the same
    figures next to the chart, which then describes it (aria-describedby)."""
    row, width, value_space = 46, 400, 48
    height = max(1, len(bars)) * row + 6
    top = max((b.value for b in bars), default=0) or 1
    desc = "; ".join(f"{b.label}: {fmt_number(b.value)}" for b in bars) or "Không có số liệu"
    cid = escape(chart_id)
    parts = [
        (
            f'<svg class="nv-chart" id="{cid}" role="img" aria-labelledby="{cid}-t {cid}-d" '
            + (f'aria-describedby="{escape(table_id)}" ' if table_id else "")
            + f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">'
        ),
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(desc)}</desc>',
    ]
    for i, b in enumerate(bars):
        y = 4 + i * row
        length = round((width - value_space) * b.value / top, 1)
        parts.append(
            f'<text x="0" y="{y + 15}" class="nv-chart-label">{escape(truncate(b.label, 52))}</text>'
            f'<rect x="0" y="{y + 21}" width="{length}" height="16" fill="{escape(b.colour)}"></rect>'
            f'<text x="{length + 6}" y="{y + 34}" class="nv-chart-value">{fmt_number(b.value)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
