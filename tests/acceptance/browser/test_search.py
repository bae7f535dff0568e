"""The site's search in Vietnamese, in real Chromium: Material's search box on a site built
from tests/data/site/basic plus the documents of tests/data/site/search (a plan about
«cà phê», a directive about «giải ngân», a decision about «phê duyệt» that mentions
«Sở Tài chính»)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from a11ykit import WIDTHS, build_committed_site, serve

DATA = Path(__file__).resolve().parents[2] / "data" / "site"


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("search-site")
    register = tmp / "register"
    shutil.copytree(DATA / "basic" / "register", register)
    shutil.copytree(DATA / "search" / "register", register, dirs_exist_ok=True)
    return build_committed_site(register, tmp / "build", "2026-06-30")


@pytest.fixture(scope="module")
def search_url(search_site):
    with serve(search_site) as url:
        yield url


@pytest.fixture
def page(browser, search_url):
    context = browser.new_context(viewport=WIDTHS["desktop"], locale="vi-VN")
    page = context.new_page()
    page.messages = []
    page.on("console", lambda m: page.messages.append((m.type, m.text)))
    page.on("pageerror", lambda e: page.messages.append(("pageerror", str(e))))
    page.on("worker", lambda w: w.on("console", lambda m: page.messages.append((m.type, m.text))))
    yield page
    context.close()


def search(page, base: str, query: str) -> list[str]:
    """Type `query` in the search box as a reader does; the result pages, best first."""
    page.goto(base, wait_until="networkidle")
    page.keyboard.press("s")  # Material's shortcut opens the search box
    box = page.locator("input.md-search__input")
    box.press_sequentially(query)
    # Material searches on keyup; Playwright types «ê», «ụ»… without key events (as text
    # input), so a last key tells it the query is complete, as any real keystroke does.
    box.press("End")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(
        ".md-search-result__item > a.md-search-result__link",
        "links => links.map(a => new URL(a.href).pathname.replace(/^\\//, ''))",
    )


@pytest.mark.parametrize(
    ("query", "first", "also"),
    [
        ("cà phê", "van-ban/2026/15-kh-ubnd/", []),
        ("giải ngân", "van-ban/2026/20-ct-ubnd/", ["van-ban/2026/45-qd-ubnd/"]),
        ("Sở Tài chính", "co-quan/stc/", ["van-ban/2026/45-qd-ubnd/", "van-ban/2026/30-qd-ubnd/"]),
        ("công vụ", "van-ban/2026/30-qd-ubnd/", []),
    ],
)
def test_vietnamese_query_puts_the_matching_page_first(page, search_url, query, first, also):
    results = search(page, search_url, query)
    assert results and results[0] == first, results
    assert set(also) <= set(results)
    assert not [r for r in results if r.startswith("huong-dan/")]


def test_search_logs_nothing_in_the_console(page, search_url):
    search(page, search_url, "giải ngân")
    assert page.messages == []  # «Function is not registered with pipeline» was a warning here


def test_guide_pages_are_not_in_the_public_search(search_site):
    index = json.loads((search_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    assert not [x for x in locations if x.startswith("huong-dan/")]
    assert "co-quan/stc/" in locations and "van-ban/2026/15-kh-ubnd/" in locations
    # The agency pages are found by their name; their task rows are found on the documents.
    agency = [d for d in index["docs"] if d["location"].startswith("co-quan/stc/")]
    assert len(agency) == 1 and "vốn đầu tư công" not in agency[0]["text"]
    assert index["config"]["lang"] == ["en"] and index["config"]["pipeline"] == []
