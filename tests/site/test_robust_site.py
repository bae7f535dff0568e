"""The site never loses a page or a folder it was not asked to replace.

- An agency, division, class or document whose page name would be a section's own page
  (`index`, whatever its case) gets another name: every page the builder writes is distinct.
- `--site-dir` is emptied only when it is new, empty, or carries the marker a build leaves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from registerkit import DATA
from sitekit import build, page, text_of

from generator.errors import SiteError
from generator.register.load import load_register
from generator.register.model import Agency
from generator.register.status import compute_states
from generator.site.build import SITE_MARKER
from generator.site.pages import SiteBuilder

AS_OF = "2026-06-30"
SOURCE = DATA / "site" / "basic" / "register"


def _repo(tmp: Path) -> Path:
    repo = tmp / "repo"
    shutil.copytree(SOURCE, repo / "register")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _rename_agency(repo: Path, old: str, new: str) -> None:
    for path in (repo / "register").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(f"code: {old}\n", f"code: {new}\n").replace(f": {old}\n", f": {new}\n"))


# -- page names --------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["INDEX", "Index", "index", "iNdEx"])
def test_entities_named_like_a_section_page_never_replace_it(tmp_path, code):
    """Agencies, divisions, classes and documents named «index», written straight through the
    builder (the checker refuses most of these names; the builder must not rely on it)."""
    register, _ = load_register(_repo(tmp_path) / "register")
    stc = register.agencies.pop("STC")
    register.agencies[code] = dataclasses.replace(stc, code=code)
    th = register.agencies.pop("TH")
    register.agencies[code + "_TH"] = th
    doc = register.documents[0]
    doc.number = code
    for d in register.documents:
        for task in d.tasks:
            if task.assignee == "STC":
                task.assignee = code
            task.monitor = code if task.monitor == "TH" else task.monitor
            task.classification = code if task.classification == "QC45_d" else task.classification
    register.agencies[code] = Agency(code, stc.name, "office_division")  # a division too
    states = compute_states(register, dt.date(2026, 6, 30))
    docs = tmp_path / "docs"
    builder = SiteBuilder(register, states, dt.date(2026, 6, 30))
    builder.write(docs)
    written = sorted(builder._written)
    assert len(written) == len(set(written))
    for section in ("co-quan", "theo-doi", "phan-loai", "van-ban/2026"):
        pages = [p for p in written if p.startswith(section + "/") and p.count("/") == section.count("/") + 1]
        assert f"{section}/index.md" in pages and len(pages) >= 2, pages
    assert builder.agency_page(code) != "co-quan/index.md"
    assert builder.monitor_page(code) != "theo-doi/index.md"
    assert builder.document_page(doc) != "van-ban/2026/index.md"


def test_an_agency_coded_index_gets_its_own_page_and_the_section_keeps_its_own(tmp_path):
    repo = _repo(tmp_path)
    _rename_agency(repo, "STC", "INDEX")
    result = build(repo, tmp_path / "out", as_of=AS_OF)
    assert result.exit_code == 0, result.output
    section = text_of(page(tmp_path / "out", "co-quan"))
    assert "Sở Tài chính" in section and "UBND xã Đắk Liêng" in section  # the ranking, not one agency
    pages = [p.parent.name for p in (tmp_path / "out" / "co-quan").glob("*/index.html")]
    agency = next(p for p in pages if p.startswith("x-"))
    assert "Sở Tài chính" in text_of(page(tmp_path / "out", f"co-quan/{agency}"))


def test_a_page_written_twice_is_refused(tmp_path):
    register, _ = load_register(_repo(tmp_path) / "register")
    builder = SiteBuilder(register, compute_states(register, dt.date(2026, 6, 30)), dt.date(2026, 6, 30))
    builder.render("qua-han.md.j2", "qua-han.md", tmp_path, rows=[])
    with pytest.raises(SiteError, match="qua-han.md"):
        builder.render("du-lieu-mo.md.j2", "qua-han.md", tmp_path, files=[], fields=[])


# -- the site folder ---------------------------------------------------------------------------

FOREIGN = {
    "a-web-page": {"index.html": b"<html>trang khac</html>"},
    "a-site-from-elsewhere": {"index.html": b"<html></html>", "assets/app.css": b"body{}", "404.html": b""},
    "a-git-checkout": {".git/HEAD": b"ref: refs/heads/main\n"},
    "hidden-files-only": {".env": b"SECRET=1\n"},
    "documents": {"bao-cao.docx": b"quan trong"},
    "an-empty-folder-inside": {"con/": b""},
}


@pytest.mark.parametrize("kind", sorted(FOREIGN))
def test_a_folder_the_build_did_not_make_is_never_emptied(tmp_path, kind):
    repo = _repo(tmp_path)
    target = tmp_path / "target"
    for rel, data in FOREIGN[kind].items():
        path = target / rel
        if rel.endswith("/"):
            path.mkdir(parents=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    before = sorted((p.relative_to(target).as_posix(), p.is_file() and p.read_bytes()) for p in target.rglob("*"))
    result = build(repo, target, as_of=AS_OF)
    assert result.exit_code == 1 and SITE_MARKER in result.output and "thư mục trống" in result.output
    after = sorted((p.relative_to(target).as_posix(), p.is_file() and p.read_bytes()) for p in target.rglob("*"))
    assert after == before


def test_a_new_or_empty_folder_is_built_marked_and_rebuilt(tmp_path):
    repo = _repo(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    for target in (tmp_path / "new" / "site", empty):
        assert build(repo, target, as_of=AS_OF).exit_code == 0
        assert (target / SITE_MARKER).is_file() and (target / "index.html").is_file()
        (target / "cu.html").write_text("trang cũ", encoding="utf-8")  # left by an older build
        assert build(repo, target, as_of=AS_OF).exit_code == 0
        assert not (target / "cu.html").exists() and (target / SITE_MARKER).is_file()


def test_a_file_given_as_the_site_folder_is_refused(tmp_path):
    repo = _repo(tmp_path)
    target = tmp_path / "site"
    target.write_text("không phải thư mục", encoding="utf-8")
    result = build(repo, target, as_of=AS_OF)
    assert result.exit_code == 1 and target.read_text(encoding="utf-8") == "không phải thư mục"
