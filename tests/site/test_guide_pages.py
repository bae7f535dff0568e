"""The site's «Hướng dẫn» section shows the documentation shipped with nhiemvu (docs/*.md): the
register format, the command reference and the requirements R1–R12, with every «R4» of the
error-code page a link to its requirement. Built for real: test register → `nhiemvu build`."""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from registerkit import DATA, REPO
from sitekit import build, page, text_of

from generator.errors import SiteError
from generator.site import customisation
from generator.site.guide import GUIDE_PAGES, site_markdown

AS_OF = "2026-06-30"
MARKER = "TAI-LIEU-RIENG-CUA-TINH-5d1e"
GUIDE_URLS = [p.removesuffix(".md") for p in GUIDE_PAGES.values()]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("guide")
    repo = tmp / "repo"
    shutil.copytree(DATA / "site" / "basic" / "register", repo / "register")
    # A province's repository may keep a docs/ folder of its own: the site must not show it.
    (repo / "docs").mkdir()
    for name in GUIDE_PAGES:
        (repo / "docs" / name).write_text(f"# {MARKER}\n\n{MARKER}\n", encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    result = build(repo, tmp / "out", as_of=AS_OF)
    assert result.exit_code == 0, result.output
    return tmp / "out"


def article(html_text: str) -> str:
    return html_text.split('<article class="md-content__inner', 1)[-1].split("</article>", 1)[0]


def test_the_guide_pages_are_built_from_the_package_docs(site):
    titles = {
        "huong-dan/dinh-dang-so": "Định dạng sổ theo dõi",
        "huong-dan/yeu-cau": "Yêu cầu R1–R12 và căn cứ",
        "huong-dan/lenh": "Các lệnh của nhiemvu",
    }
    for url, title in titles.items():
        built = page(site, url)
        assert f"<title>{title} - " in built
        assert MARKER not in built
    fmt = text_of(page(site, "huong-dan/dinh-dang-so"))
    assert "tasks[].progress[].delay_reason" in fmt and "«03/CT-UBND (2026) #2»" in fmt
    assert "nhiemvu report monthly" in text_of(page(site, "huong-dan/lenh"))
    assert all(f'id="r{n}"' in page(site, "huong-dan/yeu-cau") for n in range(1, 13))


NAV_LINK = re.compile(r'<a href="([^"]+)" class="md-nav__link[^"]*">\s*<span class="md-ellipsis">\s*([^<]+?)\s*<')


def test_the_guide_pages_are_in_the_navigation_of_every_page(site):
    for url in ("", "huong-dan", "huong-dan/lenh", "van-ban/2026/45-qd-ubnd"):
        links = NAV_LINK.findall(page(site, url))
        targets = {label: posixpath.normpath(posixpath.join(url, href)) for href, label in links}
        assert targets.get("Định dạng sổ theo dõi") == "huong-dan/dinh-dang-so", url
        assert targets.get("Các lệnh") == "huong-dan/lenh", url
        assert targets.get("Yêu cầu R1–R12") == "huong-dan/yeu-cau", url


def test_the_guide_stays_out_of_the_public_search(site):
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    for url in GUIDE_URLS:
        assert f'"location":"{url}/' not in index


def _links(html_text: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'<a [^>]*href="([^"]+)"', article(html_text))]


@pytest.mark.parametrize("url", ["huong-dan", "huong-dan/ma-loi", *GUIDE_URLS])
def test_every_link_of_the_guide_leads_to_a_page_and_anchor_of_the_site(site, url):
    bad = []
    for href in _links(page(site, url)):
        if re.match(r"^[a-z]+:", href):
            continue
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(url, path)) if path else url
        file = site / target / "index.html" if not Path(target).suffix else site / target
        if not file.is_file():
            bad.append(f"{href} (no page)")
        elif fragment and f'id="{fragment}"' not in file.read_text(encoding="utf-8"):
            bad.append(f"{href} (no anchor)")
    assert bad == []
    assert "kien-truc" not in " ".join(_links(page(site, url)))  # contributors' page: repository only


def test_every_requirement_on_the_error_code_page_links_to_it(site):
    body = article(page(site, "huong-dan/ma-loi"))
    linked = re.findall(r'<a href="\.\./yeu-cau/#r(\d+)">R\1</a>', body)
    assert {"1", "4", "10", "11"} <= set(linked)
    outside_links = re.sub(r"<a [^>]*>.*?</a>", "", body, flags=re.S)
    outside_links = re.sub(r"<pre.*?</pre>", "", outside_links, flags=re.S)
    assert re.findall(r"(?<![\w/-])R\d+(?![\w-])", outside_links) == []


def test_site_markdown_keeps_links_between_guide_pages_only():
    text = "[a](yeu-cau.md#r4) [b](kien-truc.md) [c](../README.md) [d](https://example.gov.vn/) [e](#x)"
    assert site_markdown(text) == "[a](yeu-cau.md#r4) b c [d](https://example.gov.vn/) [e](#x)"


def test_the_wheel_bundles_the_docs_and_the_site_reads_that_copy(tmp_path, monkeypatch):
    """`setup.py`'s build step copies docs/ beside the templates; an installed nhiemvu (no
    checkout next to it) reads its guide from there."""
    out = tmp_path / "lib"
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    bundled = out / "generator" / "_bundled"
    for name in ("dinh-dang-so.md", "yeu-cau.md", "lenh.md", "kien-truc.md"):
        assert (bundled / "docs" / name).read_bytes() == (REPO / "docs" / name).read_bytes()
    monkeypatch.setattr(customisation, "BUNDLED", bundled)
    monkeypatch.setattr(customisation, "CHECKOUT", tmp_path / "no-checkout")
    assert customisation.docs_dir() == bundled / "docs"
    monkeypatch.setattr(customisation, "BUNDLED", tmp_path / "nothing")
    with pytest.raises(SiteError):
        customisation.docs_dir()
