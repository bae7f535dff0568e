"""The «Hướng dẫn» pages built from docs/ as a reader sees them in Chromium: readable on a phone
without sideways scrolling of their tables, and «R4» on the error-code page leads to R4."""

from __future__ import annotations

import pytest

PHONE = {"width": 375, "height": 812}
GUIDE = ["huong-dan/dinh-dang-so/", "huong-dan/yeu-cau/", "huong-dan/lenh/"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


@pytest.mark.parametrize("url", GUIDE)
def test_guide_tables_fit_a_phone(phone, base_url, artifacts, url):
    phone.goto(base_url + url, wait_until="networkidle")
    assert phone.locator("article h1").first.is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    tables = phone.eval_on_selector_all(
        "article table", "ts => ts.map(t => Math.round(t.getBoundingClientRect().right))"
    )
    assert len(tables) >= 2
    assert max(tables) <= PHONE["width"], "a table of the guide runs off a phone's screen"
    assert phone.errors == []
    phone.screenshot(path=str(artifacts / f"guide-{url.strip('/').replace('/', '-')}-375.png"))


def test_a_requirement_on_the_error_code_page_leads_to_it(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(base_url + "huong-dan/ma-loi/", wait_until="networkidle")
    page.locator("article a", has_text="R4").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/huong-dan/yeu-cau/#r4")
    heading = page.locator("h3:has(#r4)")
    assert "Văn bản hỏa tốc" in heading.inner_text()
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert 0 <= top < 900
    context.close()
