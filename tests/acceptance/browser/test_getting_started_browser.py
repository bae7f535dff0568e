"""The «Bắt đầu» guide on a phone and the list of codes printed on A4, in real Chromium."""

from __future__ import annotations

import pytest

A4 = 718  # printable width of A4 with 10 mm margins, in CSS pixels (96 dpi)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: r.url.startswith(base_url) or outside.append(r.url))
    page.problems = (errors, outside)
    yield page
    context.close()


def test_codes_print_on_a4(page, base_url, artifacts):
    page.set_viewport_size({"width": A4, "height": 1000})
    page.goto(base_url + "huong-dan/danh-muc-ma/", wait_until="networkidle")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible() and not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("table.nv-codes").count() >= 3
    assert "STC" in page.inner_text("article") and "Nguyễn Văn An" in page.inner_text("article")
    rights = page.eval_on_selector_all("table", "ts => ts.map(t => t.getBoundingClientRect().right)")
    assert rights and max(rights) <= A4 + 1
    assert page.evaluate("document.documentElement.scrollWidth") <= A4
    pdf = page.pdf(format="A4", margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"})
    assert pdf.startswith(b"%PDF")
    (artifacts / "huong-dan-danh-muc-ma-a4.pdf").write_bytes(pdf)
    assert page.problems == ([], [])


def test_getting_started_reads_on_a_phone(page, base_url, artifacts):
    page.set_viewport_size(PHONE)
    page.goto(base_url + "huong-dan/bat-dau/", wait_until="networkidle")
    assert page.locator("article h1").inner_text().startswith("Bắt đầu")
    # nothing but code blocks and tables (which scroll inside themselves) is wider than the screen
    wide = page.evaluate(
        """(w) => [...document.querySelectorAll('article *')]
        .filter(e => !e.closest('pre, .md-typeset__scrollwrap, .nv-scroll') && e.offsetParent !== null)
        .filter(e => { const r = e.getBoundingClientRect(); return r.width && (r.right > w + 1 || r.left < -1); })
        .map(e => e.tagName + '.' + e.className)""",
        PHONE["width"],
    )
    assert wide == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # the table of the three ways jumps to each section
    page.click("text=2. Trình soạn thảo web của GitHub")
    page.wait_for_url("**#cach-2")
    top = page.get_by_role("heading", name="Cách 2: Trình soạn thảo web của GitHub").evaluate(
        "h => h.getBoundingClientRect().top"
    )
    assert 0 <= top < PHONE["height"] / 2
    page.screenshot(path=str(artifacts / "huong-dan-bat-dau-390.png"), full_page=True)
    assert page.problems == ([], [])
