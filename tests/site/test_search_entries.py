"""The document pages' search entries (generator.site.search, appended by mkdocs_hooks) and the
pages written in HTML that skip Markdown: built for real with MkDocs, compared with what
Markdown and Material's own indexing give."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from registerkit import DATA as TEST_DATA
from sitekit import build as _build
from sitekit import page

from generator.errors import SiteError
from generator.site import mkdocs_hooks, parallel, search

DATA = TEST_DATA / "site"
AS_OF = "2026-06-30"
build = functools.partial(_build, as_of=AS_OF)


def make_repo(tmp: Path) -> Path:
    repo = tmp / "repo"
    shutil.copytree(DATA / "basic" / "register", repo / "register")
    return repo


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("search")
    result = build(make_repo(tmp), tmp / "site", "--docs-dir", str(tmp / "docs"))
    assert result.exit_code == 0, result.output
    return tmp / "site", tmp / "docs"


def index_of(site: Path) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_the_hook_and_the_builder_name_the_same_file():
    assert search.SEARCH_ENTRIES == mkdocs_hooks.ENTRIES_FILE


def test_every_task_is_found_at_its_own_section(built):
    site, docs = built
    entries = index_of(site)
    locations = {e["location"] for e in entries}
    for path in (docs / "van-ban").glob("20*/*.md"):
        if path.name == "index.md":
            continue
        url = path.relative_to(docs).with_suffix("").as_posix() + "/"
        assert url in locations, url
        html = (site / url / "index.html").read_text(encoding="utf-8")
        for anchor in [e["location"].split("#")[1] for e in entries if e["location"].startswith(url + "#")]:
            assert f'id="{anchor}"' in html, (url, anchor)
    # Each document is indexed once: by our entries, never a second time by Material's parser.
    assert len([e for e in entries if e["location"] == "van-ban/2026/45-qd-ubnd/"]) == 1


def test_entries_say_what_the_page_says_and_are_escaped(built):
    site, _ = built
    entries = {e["location"]: e for e in index_of(site)}
    head = entries["van-ban/2026/12-ct-ubnd/"]
    task = entries["van-ban/2026/12-ct-ubnd/#nv-1"]
    text = json.dumps(list(entries.values()), ensure_ascii=False)
    assert "<script>" not in text and "<img" not in text and "<b>in</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in task["text"]
    assert "12/CT-UBND" in head["text"] and "12/CT-UBND (2026)" in head["title"]
    assert "Chủ trì:" in task["text"] and head["boost"] == task["boost"] == 2  # the document template's `search: boost`


def test_the_entries_file_is_never_published(built):
    site, docs = built
    assert (docs / search.SEARCH_ENTRIES).is_file()
    assert not list(site.rglob(search.SEARCH_ENTRIES))


def test_html_pages_are_what_markdown_would_have_made(built, tmp_path):
    """The same docs folder built by MkDocs without the hooks (as Zensical or a province's own
    run would): every page shows the same content, only blank lines differ."""
    site, docs = built
    config = yaml.safe_load((docs.parent / "docs-mkdocs.yml").read_text(encoding="utf-8"))
    config["hooks"] = [h for h in config["hooks"] if not h.endswith("mkdocs_hooks.py")]
    config["site_dir"] = str(tmp_path / "plain")
    plain_config = docs.parent / "plain-mkdocs.yml"
    plain_config.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain_config)], check=True)
    html_pages = [
        p
        for p in docs.rglob("*.md")
        if yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1]).get("markdown") is False
    ]
    assert len(html_pages) > 5
    for md in html_pages:
        url = md.relative_to(docs).with_suffix("").as_posix()
        url = url[: -len("index")] if url.endswith("index") else url + "/"
        ours, theirs = (_article(root / url / "index.html") for root in (site, tmp_path / "plain"))
        assert ours == theirs, url


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]) or {}


def _article(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    body = text.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return [line for line in body.splitlines() if line.strip()]


def test_the_report_section_is_the_same_built_apart_or_in_turn(tmp_path, monkeypatch):
    repo = make_repo(tmp_path)
    assert build(repo, tmp_path / "apart").exit_code == 0
    monkeypatch.setattr(parallel, "can_fork", lambda: False)
    assert build(repo, tmp_path / "in-turn").exit_code == 0
    a = sorted(p.relative_to(tmp_path / "apart") for p in (tmp_path / "apart").rglob("*") if p.is_file())
    b = sorted(p.relative_to(tmp_path / "in-turn") for p in (tmp_path / "in-turn").rglob("*") if p.is_file())
    assert a == b and any(p.suffix == ".xlsx" for p in a)
    for rel in a:
        assert (tmp_path / "apart" / rel).read_bytes() == (tmp_path / "in-turn" / rel).read_bytes(), rel


class Refusal(Exception):
    def __init__(self, code: str, detail: str) -> None:  # not rebuildable from its args alone
        super().__init__(f"{code}: {detail}")


@pytest.mark.skipif(not parallel.can_fork(), reason="needs Linux and two cores")
def test_work_apart_returns_its_result_and_raises_its_errors():
    work = parallel.start(lambda: {"a", "b"})
    assert work.forked and work.result() == {"a", "b"}
    with pytest.raises(ValueError, match="sai"):
        parallel.start(lambda: (_ for _ in ()).throw(ValueError("sai"))).result()
    with pytest.raises(RuntimeError, match="Refusal: x: y"):
        parallel.start(lambda: (_ for _ in ()).throw(Refusal("x", "y"))).result()


@pytest.mark.skipif(not parallel.can_fork(), reason="needs Linux and two cores")
def test_work_apart_that_dies_is_reported_not_awaited_forever():
    with pytest.raises(SiteError, match="mã thoát 9") as refused:
        parallel.start(lambda: os._exit(9)).result()
    assert "Chạy lại lệnh" in refused.value.hint


@pytest.mark.skipif(not parallel.can_fork(), reason="needs Linux and two cores")
def test_work_apart_is_stopped_when_the_caller_gives_up(tmp_path):
    flag = tmp_path / "still-writing"

    def slow() -> None:
        time.sleep(5)
        flag.write_text("x")

    work = parallel.start(slow)
    work.cancel()
    time.sleep(0.2)
    assert not flag.exists()


def test_a_page_error_stops_the_report_section(tmp_path, monkeypatch):
    """A refusal while the other pages are written leaves no worker writing into the folder."""
    from generator.site.pages import SiteBuilder

    cancelled = []
    real_start = parallel.start

    def start(work):
        pending = real_start(work)
        cancel = pending.cancel
        pending.cancel = lambda: (cancelled.append(True), cancel())
        return pending

    def broken(self, docs):
        raise SiteError("hỏng")

    monkeypatch.setattr(parallel, "start", start)
    monkeypatch.setattr(SiteBuilder, "_write_pages", broken)
    result = build(make_repo(tmp_path), tmp_path / "site")
    assert result.exit_code != 0 and "hỏng" in result.output
    assert cancelled == [True]


def test_a_document_page_still_shows_its_tasks(built):
    site, _ = built
    html = page(site, "van-ban/2026/45-qd-ubnd")
    assert 'id="nv-1"' in html and 'id="dien-bien-thuc-hien"' in html
