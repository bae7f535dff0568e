"""The published site as a reader sees it, in real Chromium."""

from __future__ import annotations

import pytest

PHONE = {"width": 375, "height": 812}


class Watch:
    """Console errors, page errors, dialogs and requests that leave the site."""

    def __init__(self, page, base_url: str) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.on("request", lambda r: r.url.startswith(base_url) or self.outside.append(r.url))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.watch = Watch(page, base_url)
    yield page
    context.close()


def visible_ids(page) -> list[str]:
    """Task ids of the visible rows of the page's task tables (first cell)."""
    return page.eval_on_selector_all(
        "table[data-nv-rows] tbody tr",
        "rows => rows.filter(r => !r.hidden).map(r => r.cells[0].textContent.trim())",
    )


@pytest.mark.parametrize(
    "url", ["", "co-quan/sxd/", "thay-doi-gan-day/", "cap-nhat-hang-tuan/", "bao-cao/", "bao-cao/2026-06/"]
)
def test_home_and_agency_page_load_cleanly(page, base_url, url):
    page.goto(base_url + url, wait_until="networkidle")
    assert page.locator("article h1").first.is_visible()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.watch.errors == []
    assert page.watch.outside == []
    assert page.watch.dialogs == []


def test_home_page_screenshot(page, base_url, artifacts):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url, wait_until="networkidle")
    assert "Số liệu tính đến ngày 30/06/2026" in page.inner_text("article")
    page.screenshot(path=str(artifacts / "site-home.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts / "site-home-375.png"), full_page=True)
    assert (artifacts / "site-home.png").stat().st_size > 10_000


def test_filter_ignores_diacritics_and_case(page, base_url):
    page.goto(base_url + "theo-doi/kt/", wait_until="networkidle")
    box = page.locator("input[data-nv-filter]")
    assert box.is_visible()
    everything = visible_ids(page)
    assert len(everything) == 3
    for query, expected in [
        ("quyet dinh", ["45/QĐ-UBND (2026) #2"]),
        ("Quyết Định", ["45/QĐ-UBND (2026) #2"]),
        ("QUYET", ["45/QĐ-UBND (2026) #2"]),
        ("dak lak", ["12/CT-UBND (2026) #2"]),
        ("ĐẮK LẮK", ["12/CT-UBND (2026) #2"]),
        ("dak", ["12/CT-UBND (2026) #2", "45/QĐ-UBND (2026) #3"]),
        ("zzzz", []),
        ("", everything),
    ]:
        box.fill(query)
        assert sorted(visible_ids(page)) == sorted(expected), query
    box.fill("dak lak")
    assert "Hiển thị 1/3" in page.inner_text(".nv-count")


def test_columns_sort(page, base_url):
    page.goto(base_url + "theo-doi/kt/", wait_until="networkidle")
    header = page.locator("table[data-nv-rows] th", has_text="Thời hạn")
    header.locator("button").click()
    deadlines = page.eval_on_selector_all("table[data-nv-rows] tbody tr", "rows => rows.map(r => r.cells[3].dataset.v)")
    assert deadlines == sorted(deadlines)
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    again = page.eval_on_selector_all("table[data-nv-rows] tbody tr", "rows => rows.map(r => r.cells[3].dataset.v)")
    assert again == sorted(deadlines, reverse=True)


@pytest.mark.parametrize(
    "url", ["van-ban/2026/12-ct-ubnd/", "co-quan/sxd/", "qua-han/", "", "van-ban/2026/", "thay-doi-gan-day/"]
)
def test_xss_payloads_stay_inert_text(page, base_url, url):
    page.goto(base_url + url, wait_until="networkidle")
    text = page.inner_text("article")
    assert "<script>alert(1)</script>" in text or "<img src=x onerror=alert(4)>" in text
    assert page.locator("article img").count() == 0
    assert page.locator("article script").count() == 0
    assert page.locator("article a[href^='javascript']").count() == 0
    assert page.watch.dialogs == [] and page.watch.errors == []


def test_search_results_stay_inert(page, base_url):
    page.goto(base_url, wait_until="networkidle")
    page.keyboard.press("s")  # Material's shortcut opens the search box
    page.locator("input.md-search__input").press_sequentially("công vụ")  # the payload's task
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.wait_for_timeout(300)
    assert "12/CT-UBND" in page.inner_text(".md-search-result")
    assert page.watch.dialogs == []
    assert page.locator(".md-search-result img").count() == 0
    assert page.watch.outside == []


def test_phone_shows_overdue_table_without_overlap(browser, base_url, artifacts):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.goto(base_url + "qua-han/", wait_until="networkidle")
    table = page.locator("table[data-nv-rows]")
    assert table.is_visible()
    # Neither the page nor the table scrolls sideways: each row is a card on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = page.evaluate("""() => { const s = document.querySelector('.nv-scroll');
        const r = s.getBoundingClientRect();
        return {left: r.left, right: r.right, client: s.clientWidth, scroll: s.scrollWidth}; }""")
    assert box["left"] >= 0 and box["right"] <= PHONE["width"]
    assert box["scroll"] <= box["client"]
    wide = page.evaluate(
        """(w) => Array.from(document.querySelectorAll('article *'))
        .filter(e => e.offsetParent !== null)
        .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.right > w + 1 || r.left < -1); })
        .map(e => e.tagName + '.' + e.className)""",
        PHONE["width"],
    )
    assert wide == []
    page.screenshot(path=str(artifacts / "site-overdue-375.png"), full_page=True)
    context.close()


@pytest.mark.parametrize(
    ("url", "name"), [("qua-han/", "overdue"), ("co-quan/sxd/", "agency"), ("van-ban/2026/45-qd-ubnd/", "document")]
)
def test_overdue_list_and_agency_page_print_on_a4(page, base_url, artifacts, url, name):
    a4 = 718  # printable width of A4 with 10 mm margins, in CSS pixels (96 dpi)
    page.set_viewport_size({"width": a4, "height": 1000})
    page.goto(base_url + url, wait_until="networkidle")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".nv-filter").is_visible()
    assert page.locator("table[data-nv-rows]").is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    # Printed at A4 width, no table sticks out of the page (print has no scrollbar).
    rights = page.eval_on_selector_all("table", "ts => ts.map(t => t.getBoundingClientRect().right)")
    assert rights and max(rights) <= a4 + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= a4
    (artifacts / f"site-{name}-a4.pdf").write_bytes(pdf)


def test_feed_link_leads_to_a_served_atom_feed(page, base_url):
    import xml.etree.ElementTree as ET

    page.goto(base_url + "thay-doi-gan-day/", wait_until="networkidle")
    href = page.locator("a.nv-feed").get_attribute("href")
    response = page.request.get(page.url + href)
    assert response.ok
    root = ET.fromstring(response.body())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title") for e in root.findall("{http://www.w3.org/2005/Atom}entry")
    ]
    assert any(t.startswith("12/CT-UBND (2026): Nhập văn bản vào sổ") for t in titles), titles
