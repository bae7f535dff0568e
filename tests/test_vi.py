"""generator.vi: the one place for Vietnamese formatting."""

from __future__ import annotations

import datetime as dt

from generator.vi import fmt_date, fmt_datetime, fmt_number, fmt_rate, md_github, md_page, truncate


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
