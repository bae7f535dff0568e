"""Accessibility of every page of the public site (Circular 32/2017/TT-BTTTT, Art. 18;
WCAG 2.0/2.1 A and AA), checked in real Chromium on the site built from
tests/data/site/basic/register, at a desktop width and a phone width.

Each page is opened once per width (module fixture `visits`); the tests then assert on
what was seen there: axe-core's violations, the language, the skip link, the order of the
headings and whether any cell of a task table falls outside the screen or its box.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest
from a11ykit import DISABLED_RULES, WCAG_TAGS, WIDTHS, describe, run_axe, site_urls

# What each page shows of its structure, read in the page after its scripts ran.
STRUCTURE = """() => {
  const headings = Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    .filter(h => h.offsetParent !== null)
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)]);
  const skip = document.querySelector('a.nv-skip');
  const target = skip && document.querySelector(skip.getAttribute('href'));
  const article = document.querySelector('article');
  return {
    lang: document.documentElement.getAttribute('lang'),
    headings,
    skip: skip ? skip.textContent.trim() : null,
    skipTarget: Boolean(target && article && article.contains(target)),
  };
}"""

# Cells of the task tables that a reader cannot see: outside the window sideways, or
# outside the box of their table (cut off where the box scrolls).
CUT_OFF = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  let cells = 0, status = 0;
  for (const table of document.querySelectorAll('table[data-nv-rows]')) {
    const box = (table.closest('.nv-scroll') || table).getBoundingClientRect();
    for (const row of table.tBodies[0].rows) {
      if (row.hidden) continue;
      for (const cell of row.cells) {
        cells += 1;
        if (cell.classList.contains('nv-status')) status += 1;
        const r = cell.getBoundingClientRect();
        if (r.left < -0.5 || r.right > width + 0.5 || r.left < box.left - 0.5 || r.right > box.right + 0.5)
          out.push(row.cells[0].textContent.trim() + ' / ' + (cell.dataset.label || cell.cellIndex)
                   + ': ' + Math.round(r.left) + '–' + Math.round(r.right));
      }
    }
  }
  return {cells, status, out, scrollWidth: document.documentElement.scrollWidth, width};
}"""


@pytest.fixture(scope="module", params=list(WIDTHS), ids=list(WIDTHS))
def visits(request, browser, base_url, site_dir):
    """{url: what the page showed} for every page of the site at one width."""
    context = browser.new_context(viewport=WIDTHS[request.param], locale="vi-VN")
    page = context.new_page()
    seen = {}
    for url in site_urls(site_dir):
        page.goto(base_url + url, wait_until="load")
        seen[url] = {"violations": run_axe(page), **page.evaluate(STRUCTURE), "cut_off": page.evaluate(CUT_OFF)}
    context.close()
    return request.param, seen


def test_every_page_is_visited(visits, site_dir):
    _, seen = visits
    assert len(seen) == len(site_urls(site_dir)) >= 29
    assert len(site_urls(site_dir)) == len([p for p in site_dir.rglob("*.html") if not p.parts[-2:-1] == ("admin",)])
    for url in (
        "",
        "404.html",
        "qua-han/",
        "co-quan/stc/",
        "van-ban/2026/45-qd-ubnd/",
        "bao-cao/2026-06/",
        "huong-dan/ma-loi/",
        "phan-loai/qc45_a/",
    ):
        assert url in seen


def test_axe_finds_no_wcag_a_or_aa_violation(visits):
    """axe-core with the wcag2a, wcag2aa, wcag21a and wcag21aa rules on every page."""
    assert WCAG_TAGS == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
    assert DISABLED_RULES == {}  # no rule is switched off
    width, seen = visits
    failures = {url: v["violations"] for url, v in seen.items() if v["violations"]}
    report = "\n".join(f"[{width}] /{url}\n{describe(v)}" for url, v in failures.items())
    assert not failures, report


def test_axe_does_report_a_violation(browser, base_url):
    """The check can fail: a page with a grey-on-white text and an unlabelled scroll box."""
    context = browser.new_context(viewport=WIDTHS["desktop"], locale="vi-VN")
    page = context.new_page()
    page.goto(base_url + "qua-han/", wait_until="load")
    page.evaluate("""() => {
        const p = document.createElement('p'); p.textContent = 'Chữ mờ'; p.style.color = '#bbbbbb';
        document.querySelector('article').appendChild(p);
        const box = document.querySelector('.nv-scroll');
        box.removeAttribute('tabindex'); box.style.width = '200px';
        box.querySelectorAll('a, button').forEach(e => e.replaceWith(document.createTextNode(e.textContent)));
    }""")
    rules = {v["id"] for v in run_axe(page)}
    context.close()
    assert {"color-contrast", "scrollable-region-focusable"} <= rules


def test_every_page_is_in_vietnamese(visits):
    _, seen = visits
    assert {url: v["lang"] for url, v in seen.items() if v["lang"] != "vi"} == {}


def test_skip_link_on_every_page_leads_to_the_content(visits):
    _, seen = visits
    wrong = {
        url: (v["skip"], v["skipTarget"])
        for url, v in seen.items()
        if v["skip"] != "Chuyển đến nội dung chính" or not v["skipTarget"]
    }
    assert wrong == {}


def test_headings_in_order_with_one_h1(visits):
    _, seen = visits
    wrong = {}
    for url, v in seen.items():
        levels = [level for level, _ in v["headings"]]
        skips = [b for a, b in pairwise(levels) if b > a + 1]
        if not levels or levels[0] != 1 or levels.count(1) != 1 or skips:
            wrong[url] = v["headings"]
    assert wrong == {}


def test_no_column_of_a_task_table_is_cut_off(visits):
    """Every cell of every row, the status column included, lies inside the window and
    inside its table's box: the tables fit at 1280 px and become cards at 390 px."""
    width, seen = visits
    cut = {url: v["cut_off"]["out"] for url, v in seen.items() if v["cut_off"]["out"]}
    assert cut == {}, width
    wide = {
        url: v["cut_off"]["scrollWidth"]
        for url, v in seen.items()
        if v["cut_off"]["scrollWidth"] > v["cut_off"]["width"]
    }
    assert wide == {}  # the page never scrolls sideways either
    # Not vacuous: the document pages' task tables, with their status column, were seen.
    doc = seen["van-ban/2026/45-qd-ubnd/"]["cut_off"]
    assert doc["cells"] >= 40 and doc["status"] == 4
    assert sum(v["cut_off"]["status"] for v in seen.values()) >= 20


def test_the_cut_off_check_sees_a_hidden_column(browser, base_url):
    """The same check reports a table wider than its box (as the document page's table was
    at 1280 px before the cards and the narrower columns)."""
    context = browser.new_context(viewport=WIDTHS["desktop"], locale="vi-VN")
    page = context.new_page()
    page.goto(base_url + "van-ban/2026/45-qd-ubnd/", wait_until="load")
    page.add_style_tag(content=".md-typeset table.nv-table td { min-width: 12em; }")
    result = page.evaluate(CUT_OFF)
    context.close()
    assert any(" / Trạng thái: " in line for line in result["out"]), result


# -- charts, filter and sort as a screen reader gets them ------------------------------


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport=WIDTHS["desktop"], locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def test_charts_have_a_title_a_description_and_their_data_table(page, base_url):
    page.goto(base_url, wait_until="load")
    charts = page.eval_on_selector_all(
        "svg.nv-chart",
        """svgs => svgs.map(s => ({
        role: s.getAttribute('role'),
        title: s.querySelector('title').textContent,
        desc: s.querySelector('desc').textContent,
        table: s.getAttribute('aria-describedby'),
    }))""",
    )
    assert len(charts) == 2
    for chart in charts:
        assert chart["role"] == "img" and chart["title"] and chart["desc"]
        table = page.locator(f"table#{chart['table']}")
        assert table.count() == 1
        # The table holds the same figures as the chart's description.
        for label, value in re.findall(r"([^:;]+): (\d+)", chart["desc"]):
            assert table.locator("tr", has_text=label.strip()).locator("td.nv-num").first.inner_text().strip() == value
    assert page.get_by_role("img", name=re.compile("^Số nhiệm vụ theo tình hình thực hiện")).count() == 1


def test_filter_has_a_visible_label_and_announces_the_rows_shown(page, base_url):
    page.goto(base_url + "qua-han/", wait_until="load")
    box = page.get_by_label("Lọc nhanh")
    assert box.is_visible() and page.locator("label[for=nv-q]").is_visible()
    status = page.locator(".nv-count")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert box.get_attribute("aria-describedby") == status.get_attribute("id")
    box.fill("công vụ")
    assert status.inner_text() == "Hiển thị 1/2 nhiệm vụ"
    box.fill("")
    assert status.inner_text() == "Hiển thị tất cả 2 nhiệm vụ"


def test_sort_state_is_announced(page, base_url):
    page.goto(base_url + "qua-han/", wait_until="load")
    header = page.locator("table[data-nv-rows] th", has_text="Số ngày quá hạn")
    assert header.get_attribute("aria-sort") is None
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    # The arrow is not part of the button's name.
    assert page.get_by_role("button", name="Số ngày quá hạn", exact=True).count() == 1
    page.wait_for_function("document.querySelector('.nv-sr[role=status]')?.textContent.length > 0")
    assert page.locator(".nv-sr[role=status]").inner_text() == "Đã sắp xếp theo cột Số ngày quá hạn, tăng dần."


# -- keyboard only ---------------------------------------------------------------------------

FOCUSED = """() => { const e = document.activeElement;
  return {tag: e.tagName, text: (e.getAttribute('aria-label') || e.textContent).trim().slice(0, 80),
          id: e.id, cls: e.className, href: e.getAttribute('href'), role: e.getAttribute('role')}; }"""


def tab_until(page, wanted, limit=120):
    """Press Tab until `wanted(focused)` holds; return every element focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if wanted(focused):
            return seen
    raise AssertionError(f"not reached with {limit} Tab: {[f['text'] for f in seen]}")


def test_keyboard_only_from_the_home_page(page, base_url):
    page.goto(base_url, wait_until="load")
    # The first Tab lands on the skip link; Enter moves to the content.
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Chuyển đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "nv-noi-dung"
    # Tab reaches every table of the home page, each a region named after it, and the link
    # to the overdue list; Shift+Tab comes back to that link and Enter opens the list.
    regions = page.eval_on_selector_all("[role=region]", "rs => rs.map(r => r.getAttribute('aria-label'))")
    assert len(regions) == 3
    path = tab_until(page, lambda f: f["role"] == "region" and f["text"] == regions[-1])
    assert [f["text"] for f in path if f["role"] == "region"] == regions
    assert "Xem danh sách nhiệm vụ quá hạn" in [f["text"] for f in path]
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate(FOCUSED)["text"] == "Xem danh sách nhiệm vụ quá hạn":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/qua-han/")

    # The overdue list: Tab reaches the quick filter, typing filters, then the table.
    tab_until(page, lambda f: f["id"] == "nv-q")
    page.keyboard.type("cong vu")
    assert page.locator(".nv-count").inner_text() == "Hiển thị 1/2 nhiệm vụ"
    for _ in range(7):
        page.keyboard.press("Backspace")
    path = tab_until(page, lambda f: f["text"] == "Số ngày quá hạn")
    assert any(f["role"] == "region" and f["text"].startswith("Nhiệm vụ quá hạn chưa hoàn thành") for f in path)
    # Enter on a column header sorts by it, and again the other way.
    days = "rows => rows.map(r => Number(r.cells[1].dataset.v))"
    page.keyboard.press("Enter")
    header = page.locator("th", has_text="Số ngày quá hạn")
    assert header.get_attribute("aria-sort") == "ascending"
    ascending = page.eval_on_selector_all("table[data-nv-rows] tbody tr", days)
    assert ascending == sorted(ascending) and len(ascending) == 2
    page.keyboard.press("Enter")
    assert header.get_attribute("aria-sort") == "descending"
    assert page.eval_on_selector_all("table[data-nv-rows] tbody tr", days) == sorted(ascending, reverse=True)
