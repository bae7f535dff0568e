"""generator.vi: the one place for Vietnamese formatting."""

from __future__ import annotations

import datetime as dt
import sys
import unicodedata

from generator.vi import (
    CONTROL_CHARS,
    fmt_date,
    fmt_datetime,
    fmt_number,
    fmt_rate,
    md_github,
    md_page,
    printable,
    truncate,
)


def test_dates_numbers_and_rates_read_as_in_vietnam():
    assert fmt_date(dt.date(2017, 9, 8)) == "08/09/2017"
    assert fmt_date(None) == ""
    assert fmt_date(None, "—") == "—"
    assert fmt_datetime(dt.datetime(2017, 9, 8, 14, 5)) == "08/09/2017 14:05"
    assert fmt_number(10000) == "10.000"
    assert fmt_rate(0.857) == "85,7%"
    assert fmt_rate(None) == "—"


def test_truncate_keeps_one_line_within_the_limit():
    assert truncate("a  b\nc", 10) == "a b c"
    cut = truncate("x" * 100, 20)
    assert len(cut) == 20 and cut.endswith("…")
    assert truncate(None, 5) == ""


def test_markdown_for_github_is_inert_and_mentions_nobody():
    assert md_github("a|b <script>@admin [x](y) *z*") == ("a\\|b &lt;script&gt;&#64;admin \\[x\\](y) \\*z\\*")


def test_markdown_for_pages_cannot_start_a_heading_or_list():
    assert md_page("# tiêu đề") == "\\# tiêu đề"
    assert md_page("1. mục") == "1\\. mục"
    assert md_page("<b>") == "&lt;b&gt;"


def _invisible(char: str) -> bool:
    """What CONTROL_CHARS must match: categories Cc (tab and line feed kept), Cf, Cs, Zl, Zp and
    the noncharacters."""
    code = ord(char)
    if char in "\t\n":
        return False
    return (
        unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )


def test_control_characters_are_every_invisible_character_and_nothing_else():
    """The hand-written class matches Unicode's own categories (of this Python's Unicode version;
    format characters that later versions add may already be listed)."""
    later = set(range(0x13439, 0x13440))  # Egyptian format controls of Unicode 15
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    matched = {m.start() for m in CONTROL_CHARS.finditer(every)}
    wanted = {code for code in range(sys.maxunicode + 1) if _invisible(every[code])}
    assert sorted(f"U+{c:04X}" for c in wanted - matched) == []
    assert sorted(f"U+{c:04X}" for c in matched - wanted - later) == []


def test_printable_keeps_the_text_and_drops_what_no_one_can_see():
    assert printable("Rà soát\v báo\0 cáo\x1b[31m") == "Rà soát  báo cáo[31m"
    assert printable("a\u2028b\u202ec\u200bd\xade\ud800f\ufeffg") == "a bcdefg"
    assert printable("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"
    text = "Văn bản sạch"
    assert printable(text) is text
