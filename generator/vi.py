"""The one place for Vietnamese formatting: dates, numbers, rates, truncation, and Markdown
escaping (one escaper for the site's pages and reports, one for GitHub comments and issues).

Every layer formats through these functions, so a date or a rate reads the same in the checker's
messages, the site, the reports and the pull-request summary.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo"}


def fmt_date(day: dt.date | None, empty: str = "") -> str:
    """`2017-09-08` → `08/09/2017` (Vietnamese order); `empty` for no date."""
    return f"{day:%d/%m/%Y}" if day else empty


def fmt_datetime(moment: dt.datetime | None, empty: str = "") -> str:
    """`08/09/2017 14:05` (the moment as given: callers pass Vietnam time)."""
    return f"{moment:%d/%m/%Y %H:%M}" if moment else empty


def fmt_time(moment: dt.datetime | None) -> str:
    """`15:00`: the time of day of a moment; empty for none."""
    return f"{moment:%H:%M}" if moment else ""


def fmt_number(value: int) -> str:
    """Thousands with a dot, as written in Vietnam: 10000 → `10.000`."""
    return f"{value:,}".replace(",", ".")


def fmt_rate(rate: float | None) -> str:
    """0.857 → `85,7%`; `—` when nothing has come due (no rate can be measured)."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".replace(".", ",") + "%"


def truncate(text: str | None, limit: int, *, keep_spaces: bool = False) -> str:
    """One line of at most `limit` characters, ending in `…` when cut.

    `keep_spaces` keeps runs of spaces (only line breaks become spaces): for messages about
    the spaces themselves."""
    text = str(text or "")
    text = " ".join(text.splitlines()) if keep_spaces else " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Characters no register text needs and every output must not carry: C0/C1 control characters
# (tab and line feed excepted), invisible format characters (soft hyphen, zero-width space, the
# bidirectional overrides and isolates that reorder what a reader sees), line and paragraph
# separators, lone surrogates (not encodable) and noncharacters. XML (xlsx, docx, feed) refuses
# most of them outright; a terminal runs escape sequences. Unicode categories Cc, Cf, Cs, Zl and
# Zp plus the noncharacters; tests/test_vi.py checks this list against `unicodedata`.
_CONTROL_FIRST_PLANE = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufdd0-\ufdef\ufeff"
    "\ufff9-\ufffb\ufffe\uffff"
)
_CONTROL_OTHER_PLANES = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17))
)
CONTROL_CHARS = re.compile(f"[{_CONTROL_FIRST_PLANE}{_CONTROL_OTHER_PLANES}]")
# The same class in two fast parts: a regex mixing planes tests each character against every
# range above the first plane, ten times slower than these two (a register is read on every run).
_CONTROL_FIRST = re.compile(f"[{_CONTROL_FIRST_PLANE}]")
_ABOVE_FIRST_PLANE = re.compile("[\U00010000-\U0010ffff]")


def has_control(text: str) -> bool:
    """Whether `text` holds one of CONTROL_CHARS (quickly: most text has none)."""
    if _CONTROL_FIRST.search(text) is not None:
        return True
    return _ABOVE_FIRST_PLANE.search(text) is not None and CONTROL_CHARS.search(text) is not None


def _replacement(match: re.Match) -> str:
    return " " if match.group().isspace() else ""


def printable(text: str) -> str:
    """`text` without CONTROL_CHARS: the spacing ones (vertical tab, form feed, \\r, line and
    paragraph separators…) become a space, the others are removed."""
    return CONTROL_CHARS.sub(_replacement, text) if has_control(text) else text


def char_name(ch: str) -> str:
    """`U+202E` and, when Unicode has one, its name: how a message shows an invisible character."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|])")
_MD_LINE_START = re.compile(r"^(?=[#>+-])|^(\d+)(?=[.)])")


def md_page(text: object) -> str:
    """Register text made inert in the site's and the reports' Markdown: one line, HTML entities,
    escaped markup, and no heading, quote or list marker at its start (a value may begin a line)."""
    value = " ".join(str(text or "").split())
    value = _MD_SPECIAL.sub(r"\\\1", html.escape(value, quote=True))
    return _MD_LINE_START.sub(lambda m: (m.group(1) or "") + "\\", value, count=1)


_MD_GITHUB = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
        "@": "&#64;",
        "~": "\\~",
        "\n": " ",
        "\r": " ",
    }
)


def md_github(value: object) -> str:
    """A register value made safe for a GitHub comment or issue table cell: Markdown and HTML
    inert, and no `@` (a task's text must never mention, and so notify, a GitHub user)."""
    return "" if value is None else " ".join(str(value).translate(_MD_GITHUB).split())


def md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """The lines of a Markdown table whose cells are already escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
