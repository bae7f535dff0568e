"""HTML-side helpers of the site: safe titles, relative links, charts."""

from __future__ import annotations

import re

import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.site.charts import Bar, bar_chart
from generator.site.html import (
    front_matter_title,
    natural_key,
    plain_title,
    relative_url,
    safe_slug,
    url_of,
)


@given(st.text(max_size=300))
def test_titles_carry_no_html_and_stay_valid_yaml(text):
    title = plain_title(text)
    assert not set(title) & set("<>&\"'`")
    assert len(title) <= 160
    assert yaml.safe_load(f"title: {front_matter_title(text)}")["title"] == title


def test_title_keeps_vietnamese_and_replaces_markup():
    assert plain_title("Sở Xây dựng") == "Sở Xây dựng"
    assert plain_title("A</title><script>x</script>") == "A‹/title›‹script›x‹/script›"


def test_relative_urls_between_directory_pages():
    assert url_of("index.md") == ""
    assert url_of("co-quan/index.md") == "co-quan/"
    assert url_of("co-quan/stc.md") == "co-quan/stc/"
    assert relative_url("index.md", "co-quan/stc.md") == "co-quan/stc/"
    assert relative_url("co-quan/stc.md", "van-ban/2017/14-ct-ubnd.md") == "../../van-ban/2017/14-ct-ubnd/"
    assert relative_url("co-quan/stc.md", "co-quan/index.md") == "../"
    assert relative_url("co-quan/index.md", "co-quan/index.md") == "./"
    assert relative_url("du-lieu-mo.md", "data/tasks.csv") == "../data/tasks.csv"


def test_slugs_of_codes_are_plain_file_names():
    assert safe_slug("XA_HOA_PHU") == "xa_hoa_phu"
    for code in ("../../etc", "A/B", "Đ", ""):
        slug = safe_slug(code)
        assert re.fullmatch(r"x-[0-9a-f]{12}", slug), code
    assert safe_slug("../x") != safe_slug("../y")


def test_natural_order_of_numbers():
    numbers = ["14/CT-UBND", "9/CT-UBND", "100/QĐ-UBND", "09/KH-UBND"]
    assert sorted(numbers, key=natural_key) == ["9/CT-UBND", "09/KH-UBND", "14/CT-UBND", "100/QĐ-UBND"]


def test_chart_escapes_labels_and_describes_values():
    svg = bar_chart("c1", "Tiêu đề <b>", [Bar("Sở <script>x</script>", 12), Bar("Xã Đắk Lắk", 3)])
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'role="img"' in svg and 'aria-labelledby="c1-t c1-d"' in svg
    assert "Xã Đắk Lắk: 3" in svg and "Tiêu đề &lt;b&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect x="0" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] > widths[1] > 0
    assert "http" not in svg  # no namespace URL, no external reference
