"""The site from the register's Git history: real temporary Git repositories with commits at
controlled dates and authors (tests/historyrepo.py) → `nhiemvu build` → MkDocs + Material.

The history of the module-scoped repository (Vietnam time; 10/04/2026 is a Friday):
  02/03 09:00  Nguyễn Văn An   enters 14/CT-UBND (tasks 1 and 2)
  05/03 10:00  Trần Thị Bình   enters 20/UBND-KT (task 1)
  08/04 16:00  Lê Văn Cường    progress on 14/CT-UBND#1 dated 08/04 (before the cutoff)
  13/04 09:30  Phạm Thị Dung   progress on 20/UBND-KT#1 dated 13/04 (after the cutoff)
  14/04 08:00  Lê Văn Cường    extension of 14/CT-UBND#2
"""

from __future__ import annotations

import functools
import gzip
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from historyrepo import GitRepo
from registerkit import DATA as TEST_DATA
from sitekit import build as _build
from sitekit import page, text_of

DATA = TEST_DATA / "site_history"
AS_OF = "2026-04-14"
build = functools.partial(_build, as_of=AS_OF)
ATOM = "{http://www.w3.org/2005/Atom}"
MARKER = "BI-MAT-SITE-HISTORY-5d1e"
DOCS = "register/documents/2026/"


def put(repo: GitRepo, version: str, name: str) -> None:
    repo.write(DOCS + name, (DATA / "versions" / version).read_text(encoding="utf-8"))


def make_history(root: Path) -> GitRepo:
    repo = GitRepo(root)
    repo.copy_register(DATA / "register")
    put(repo, "14-CT-UBND.v1.yaml", "14-CT-UBND.yaml")
    repo.commit("Nhập văn bản 14/CT-UBND", "2026-03-02T09:00:00+07:00", "Nguyễn Văn An")
    put(repo, "20-UBND-KT.v1.yaml", "20-UBND-KT.yaml")
    repo.commit("Nhập văn bản 20/UBND-KT", "2026-03-05T10:00:00+07:00", "Trần Thị Bình")
    put(repo, "14-CT-UBND.v2.yaml", "14-CT-UBND.yaml")
    repo.commit("Tiến độ 14/CT-UBND#1", "2026-04-08T16:00:00+07:00", "Lê Văn Cường")
    put(repo, "20-UBND-KT.v2.yaml", "20-UBND-KT.yaml")
    repo.commit("Tiến độ 20/UBND-KT#1", "2026-04-13T09:30:00+07:00", "Phạm Thị Dung")
    put(repo, "14-CT-UBND.v3.yaml", "14-CT-UBND.yaml")
    repo.commit("Gia hạn 14/CT-UBND#2", "2026-04-14T08:00:00+07:00", "Lê Văn Cường")
    return repo


def rows_of(html: str, table_class: str) -> list[str]:
    """Visible text of each body row of the first table with `table_class`."""
    marker = f'class="nv-table {table_class}"' if table_class else 'class="nv-table"'
    table = html.split(marker, 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in body.split("<tr>")[1:]]


def output_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> GitRepo:
    return make_history(tmp_path_factory.mktemp("site-history") / "repo")


@pytest.fixture(scope="module")
def site(repo, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site-history-out") / "site"
    result = build(repo.root, out)
    assert result.exit_code == 0, result.output
    return out


# -- document and task pages ---------------------------------------------------------------


PEOPLE = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "vanthu@example.gov.vn")


def test_document_page_shows_when_it_was_entered_and_last_changed_but_no_person(site):
    text = text_of(page(site, "van-ban/2026/14-ct-ubnd"))
    assert "Nhập sổ 02/03/2026 09:00" in text
    # tasks followed by two divisions: the Office updates it
    assert "Cập nhật lần cuối 14/04/2026 08:00, Văn phòng UBND tỉnh Thử nghiệm cập nhật" in text
    other = text_of(page(site, "van-ban/2026/20-ubnd-kt"))
    assert "Nhập sổ 05/03/2026 10:00" in other
    assert "Cập nhật lần cuối 13/04/2026 09:30" in other
    for html in (page(site, "van-ban/2026/14-ct-ubnd"), page(site, "van-ban/2026/20-ubnd-kt")):
        assert not any(name in html for name in PEOPLE) and "commit" not in text_of(html)


def test_every_task_shows_its_last_update_from_history(site):
    text = text_of(page(site, "van-ban/2026/14-ct-ubnd"))
    # Task 1 last changed with its progress on 08/04; task 2 with its extension on 14/04.
    assert re.search(r"Nhiệm vụ 1 .*? Cập nhật lần cuối: 08/04/2026", text)
    assert re.search(r"Nhiệm vụ 2 .*? Cập nhật lần cuối: 14/04/2026", text)
    # The monitoring division's page has the column too (its clerks update the tasks).
    rows = rows_of(page(site, "theo-doi/kt"), "")
    assert any(r.startswith("14/CT-UBND (2026) #2") and r.endswith("14/04/2026") for r in rows), rows
    assert any(r.startswith("20/UBND-KT (2026) #1") and r.endswith("13/04/2026") for r in rows), rows


def test_last_update_falls_back_to_progress_dates_without_git(tmp_path):
    shutil.copytree(DATA / "register", tmp_path / "plain" / "register")
    (tmp_path / "plain" / DOCS).mkdir(parents=True)
    shutil.copy(DATA / "versions" / "14-CT-UBND.v2.yaml", tmp_path / "plain" / DOCS / "14-CT-UBND.yaml")
    site = tmp_path / "out"
    result = build(tmp_path / "plain", site)
    assert result.exit_code == 0, result.output
    text = text_of(page(site, "van-ban/2026/14-ct-ubnd"))
    assert "Nhập sổ" not in text  # no history: the entry line is omitted, not guessed
    assert re.search(r"Nhiệm vụ 1 .*? Cập nhật lần cuối: 08/04/2026", text)
    assert not (site / "feed.xml").exists()
    changes = text_of(page(site, "thay-doi-gan-day"))
    assert "Không có lịch sử thay đổi" in changes
    home = text_of(page(site, ""))
    assert "08/04/2026" in home and "Đã họp các đơn vị liên quan" in home  # progress fallback


# -- recent changes and the feed ---------------------------------------------------------------


def test_recent_changes_page_lists_changes_newest_first(site):
    rows = rows_of(page(site, "thay-doi-gan-day"), "nv-changes")
    assert [r.split(" ", 2)[:2] for r in rows] == [
        ["14/04/2026", "08:00"],
        ["13/04/2026", "09:30"],
        ["08/04/2026", "16:00"],
        ["05/03/2026", "10:00"],
        ["02/03/2026", "09:00"],
    ]
    assert "Văn phòng UBND tỉnh Thử nghiệm 14/CT-UBND (2026) Gia hạn nhiệm vụ 2" in rows[0]
    assert "20/UBND-KT (2026) Cập nhật tiến độ nhiệm vụ 1" in rows[1]
    assert "Văn phòng UBND tỉnh Thử nghiệm 14/CT-UBND (2026) Nhập văn bản vào sổ (2 nhiệm vụ)" in rows[4]
    html = page(site, "thay-doi-gan-day")
    assert not any(name in html for name in PEOPLE)  # no personal identity from Git
    assert 'href="../feed.xml"' in html
    assert 'href="../van-ban/2026/14-ct-ubnd/"' in html
    # Commit messages are never published.
    assert "Gia hạn 14/CT-UBND#2" not in html


def test_home_latest_changes_come_from_history_and_link_the_feed(site):
    html = page(site, "")
    rows = rows_of(html, "nv-changes")
    assert rows[0].startswith("14/04/2026 08:00 Văn phòng UBND tỉnh Thử nghiệm 14/CT-UBND (2026)")
    assert len(rows) == 5
    assert 'href="feed.xml"' in html and 'href="thay-doi-gan-day/"' in html
    for target in ("thay-doi-gan-day/", "cap-nhat-hang-tuan/"):  # both in the navigation
        assert f'<a href="{target}" class="md-nav__link">' in html, target


def test_feed_is_valid_atom_with_the_latest_changes(site):
    data = (site / "feed.xml").read_bytes()
    root = ET.fromstring(data)
    assert root.tag == ATOM + "feed"
    assert root.findtext(ATOM + "updated") == "2026-04-14T08:00:00+07:00"
    assert root.findtext(ATOM + "id").startswith("urn:uuid:")
    links = {link.get("rel"): link.get("href") for link in root.findall(ATOM + "link")}
    assert links["self"] == "https://nhiemvu.example.gov.vn/feed.xml"
    entries = root.findall(ATOM + "entry")
    assert [e.findtext(ATOM + "title") for e in entries] == [
        "14/CT-UBND (2026): Gia hạn nhiệm vụ 2",
        "20/UBND-KT (2026): Cập nhật tiến độ nhiệm vụ 1",
        "14/CT-UBND (2026): Cập nhật tiến độ nhiệm vụ 1",
        "20/UBND-KT (2026): Nhập văn bản vào sổ (1 nhiệm vụ)",
        "14/CT-UBND (2026): Nhập văn bản vào sổ (2 nhiệm vụ)",
    ]
    assert [e.findtext(ATOM + "updated") for e in entries] == [
        "2026-04-14T08:00:00+07:00",
        "2026-04-13T09:30:00+07:00",
        "2026-04-08T16:00:00+07:00",
        "2026-03-05T10:00:00+07:00",
        "2026-03-02T09:00:00+07:00",
    ]
    assert entries[0].find(ATOM + "author").findtext(ATOM + "name") == "Văn phòng UBND tỉnh Thử nghiệm"
    assert not any(name.encode() in (site / "feed.xml").read_bytes() for name in PEOPLE)
    assert entries[0].find(ATOM + "link").get("href") == ("https://nhiemvu.example.gov.vn/van-ban/2026/14-ct-ubnd/")
    ids = [e.findtext(ATOM + "id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    for entry in entries:  # every element Atom requires of an entry
        for name in ("id", "title", "updated", "author", "link"):
            assert entry.find(ATOM + name) is not None, name


def test_feed_ids_stay_the_same_when_history_grows(repo, site, tmp_path):
    before = ET.fromstring((site / "feed.xml").read_bytes())
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True)
    grown = GitRepo(clone)  # re-initialising a clone keeps it as it is
    grown.edit(
        DOCS + "20-UBND-KT.yaml",
        "Đã giải ngân 40% kế hoạch vốn.\n",
        "Đã giải ngân 40% kế hoạch vốn.\n      - date: 2026-04-15\n"
        "        status: in_progress\n        note: Đã giải ngân 55%.\n",
    )
    grown.commit("Tiến độ", "2026-04-15T10:00:00+07:00", "Phạm Thị Dung")
    result = build(clone, tmp_path / "out", as_of="2026-04-15")
    assert result.exit_code == 0, result.output
    after = ET.fromstring((tmp_path / "out" / "feed.xml").read_bytes())
    old_ids = [e.findtext(ATOM + "id") for e in before.findall(ATOM + "entry")]
    new_ids = [e.findtext(ATOM + "id") for e in after.findall(ATOM + "entry")]
    assert new_ids[1:] == old_ids and new_ids[0] not in old_ids
    assert after.findtext(ATOM + "id") == before.findtext(ATOM + "id")


def test_feed_escapes_values_from_the_register_and_git(tmp_path):
    repo = GitRepo(tmp_path / "repo")
    repo.copy_register(DATA / "register")
    text = (DATA / "versions" / "14-CT-UBND.v1.yaml").read_text(encoding="utf-8")
    text = text.replace("Về việc tăng cường trách nhiệm thực hiện nhiệm vụ", 'A & B <script>alert(1)</script> ]]> "q"')
    repo.write(DOCS + "14-CT-UBND.yaml", text)
    author = 'Văn thư & "Tổng hợp" <b>x</b> phòng'  # Git itself drops < and > from names
    repo.commit("x", "2026-03-02T09:00:00+07:00", author)
    site = tmp_path / "out"
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    data = (site / "feed.xml").read_bytes()
    root = ET.fromstring(data)  # well-formed despite the characters
    entry = root.find(ATOM + "entry")
    assert "A & B <script>alert(1)</script> ]]>" in entry.findtext(ATOM + "summary")
    # the committer's name is never published, however it is spelt
    assert entry.find(ATOM + "author").findtext(ATOM + "name") == "Văn phòng UBND tỉnh Thử nghiệm"
    assert b"<script>" not in data and b"&amp; B &lt;script&gt;" in data and "Văn thư".encode() not in data
    html = page(site, "thay-doi-gan-day")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "Văn thư" not in html


# -- weekly updates (R7) -----------------------------------------------------------------------


def weekly_parts(html: str) -> tuple[dict[str, str], dict[str, str]]:
    """(closed week, current week): division heading -> its section's HTML."""
    closed, current = html.split('id="tuan-nay"', 1)

    def sections(part: str) -> dict[str, str]:
        return {m.group(1): m.group(2) for m in re.finditer(r"<h3>([^<]+)</h3>(.*?)</section>", part, re.S)}

    return sections(closed), sections(current)


def test_weekly_page_shows_the_closed_week_and_the_current_week_apart(site):
    html = page(site, "cap-nhat-hang-tuan")
    text = text_of(html)
    # 14/04/2026 is a Tuesday: the last closed week ran from Friday 03/04 15:00 to Friday 10/04 15:00
    assert "Tuần đã chốt: từ 03/04/2026 15:00 đến 10/04/2026 15:00" in text
    assert "Tuần này (chưa đến hạn): từ 10/04/2026 15:00 đến hết ngày 14/04/2026" in text
    assert "còn đến 17/04/2026 15:00 để cập nhật" in text
    closed, current = weekly_parts(html)
    assert set(closed) == set(current) == {"Phòng Kinh tế", "Phòng Tổng hợp"}
    # 14/CT-UBND#1: progress committed 08/04 16:00, inside the closed week → complied then;
    # nothing since the 10/04 cutoff → listed for the current week, which is not due yet.
    assert "14/CT-UBND (2026) #1" not in closed["Phòng Tổng hợp"]
    assert "14/CT-UBND (2026) #1" in current["Phòng Tổng hợp"]
    # 20/UBND-KT#1: progress dated 13/04 → missing in the closed week, done in the current one.
    assert "20/UBND-KT (2026) #1" in closed["Phòng Kinh tế"] + closed["Phòng Tổng hợp"]
    assert "20/UBND-KT (2026) #1" not in current["Phòng Kinh tế"] + current["Phòng Tổng hợp"]
    # 14/CT-UBND#2: no progress at all (an extension is not a progress entry) → listed in both.
    assert "14/CT-UBND (2026) #2" in closed["Phòng Kinh tế"] and "14/CT-UBND (2026) #2" in current["Phòng Kinh tế"]


def test_on_a_sunday_the_current_week_is_not_counted_as_missed(tmp_path):
    """The compliance figure is the closed week: on Sunday the week's Friday 15:00 has not come."""
    repo = make_history(tmp_path / "repo")
    site = tmp_path / "out"
    assert _build(repo.root, site, as_of="2026-04-12").exit_code == 0  # a Sunday
    closed, current = weekly_parts(page(site, "cap-nhat-hang-tuan"))
    assert "14/CT-UBND (2026) #1" not in "".join(closed.values())  # updated 08/04, in the closed week
    assert "14/CT-UBND (2026) #1" in "".join(current.values())  # shown, but under «chưa đến hạn»


def test_weekly_table_counts_progress_committed_on_the_cutoff_friday(tmp_path):
    """An entry dated the cutoff Friday counts if Git shows it was committed after 15:00."""
    repo = make_history(tmp_path / "repo")
    repo.edit(
        DOCS + "14-CT-UBND.yaml",
        "(giai đoạn 1)</b>.\n",
        "(giai đoạn 1)</b>.\n      - date: 2026-04-10\n        status: in_progress\n"
        "        note: Đã có báo cáo sơ bộ.\n",
    )
    repo.commit("Tiến độ thứ Sáu", "2026-04-10T16:30:00+07:00", "Lê Văn Cường")
    site = tmp_path / "out"
    assert build(repo.root, site).exit_code == 0
    _, current = weekly_parts(page(site, "cap-nhat-hang-tuan"))
    assert "14/CT-UBND (2026) #1" not in "".join(current.values())
    assert "14/CT-UBND (2026) #2" in "".join(current.values())


# -- determinism, past builds, shallow clones ----------------------------------------------------


def test_two_builds_of_the_same_history_are_byte_identical(repo, site, tmp_path):
    again = tmp_path / "again"
    result = build(repo.root, again, "--docs-dir", str(tmp_path / "docs"))
    assert result.exit_code == 0, result.output
    first, second = output_files(site), output_files(again)
    assert sorted(first) == sorted(second)
    for rel, data in first.items():
        assert second[rel] == data, rel
    assert "feed.xml" in first and "thay-doi-gan-day/index.html" in first


def test_from_history_builds_the_register_as_it_stood(repo, tmp_path):
    site = tmp_path / "old"
    result = build(repo.root, site, "--from-history", as_of="2026-03-03")
    assert result.exit_code == 0, result.output
    assert "Sổ đọc từ lịch sử Git: commit" in result.output
    assert (site / "van-ban" / "2026" / "14-ct-ubnd" / "index.html").is_file()
    assert not (site / "van-ban" / "2026" / "20-ubnd-kt").exists()  # entered on 05/03
    text = text_of(page(site, "van-ban/2026/14-ct-ubnd"))
    assert "Số liệu tính đến ngày 03/03/2026" in text
    assert "Cập nhật lần cuối 02/03/2026 09:00, Văn phòng UBND tỉnh Thử nghiệm cập nhật" in text
    assert "Đã họp các đơn vị liên quan" not in text  # the progress of 08/04 came later
    rows = rows_of(page(site, "thay-doi-gan-day"), "nv-changes")
    assert len(rows) == 1 and rows[0].startswith("02/03/2026 09:00 Văn phòng UBND tỉnh Thử nghiệm")
    entries = ET.fromstring((site / "feed.xml").read_bytes()).findall(ATOM + "entry")
    assert [e.findtext(ATOM + "updated") for e in entries] == ["2026-03-02T09:00:00+07:00"]


def test_from_history_before_the_first_commit_is_a_usage_error(repo, tmp_path):
    result = build(repo.root, tmp_path / "none", "--from-history", as_of="2026-01-01")
    assert result.exit_code == 2
    assert "Không có commit nào" in result.output
    assert not (tmp_path / "none").exists()


def test_shallow_clone_builds_with_the_note(repo, tmp_path):
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)], check=True)
    assert (clone / ".git" / "shallow").is_file()
    site = tmp_path / "out"
    result = build(clone, site)
    assert result.exit_code == 0, result.output
    assert "bản sao nông" in result.output
    changes = text_of(page(site, "thay-doi-gan-day"))
    assert "Lịch sử thay đổi chưa đầy đủ" in changes and "git" not in changes.lower()
    rows = rows_of(page(site, "thay-doi-gan-day"), "nv-changes")
    # The clone starts at the 13/04 commit: what it changed is unknown (its parent is
    # missing), so it is not shown as the documents being "entered" that day.
    assert len(rows) == 1 and rows[0].startswith("14/04/2026 08:00 Văn phòng UBND tỉnh Thử nghiệm")
    assert "Nhập văn bản vào sổ" not in (site / "feed.xml").read_text(encoding="utf-8")
    doc = text_of(page(site, "van-ban/2026/14-ct-ubnd"))
    assert "Nhập sổ không rõ (thiếu lịch sử cũ)" in doc  # not guessed
    assert "Cập nhật lần cuối 14/04/2026 08:00" in doc


def test_register_in_a_repository_without_commits_builds_without_history(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(DATA / "register", root / "register")
    (root / DOCS).mkdir(parents=True)
    shutil.copy(DATA / "versions" / "14-CT-UBND.v1.yaml", root / DOCS / "14-CT-UBND.yaml")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    result = build(root, tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out" / "feed.xml").exists()
    assert "Không có lịch sử thay đổi" in text_of(page(tmp_path / "out", "thay-doi-gan-day"))


# -- secrecy -----------------------------------------------------------------------------------


def test_secret_document_from_an_earlier_commit_never_reaches_any_output(tmp_path):
    repo = make_history(tmp_path / "repo")
    put(repo, "88-CV-UBND.secret.yaml", "88-CV-UBND.yaml")
    repo.commit(f"Nhập văn bản mật {MARKER}", "2026-04-14T09:00:00+07:00", f"Văn thư {MARKER}")
    repo.remove(DOCS + "88-CV-UBND.yaml")
    repo.commit("Chuyển văn bản mật sang sổ riêng", "2026-04-14T09:30:00+07:00", "Văn thư")
    # The marker is in the history the build reads (so the scan below can fail).
    assert MARKER in repo.git("log", "-p", "--all")
    site = tmp_path / "out"
    result = build(repo.root, site)
    assert result.exit_code == 0, result.output
    files = output_files(site)
    assert {Path(rel).suffix for rel in files} >= {".html", ".xml", ".json", ".csv", ".gz"}
    assert "feed.xml" in files and "search/search_index.json" in files
    for rel, data in files.items():
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        assert MARKER.encode() not in data, rel
        assert b"88/CV-UBND" not in data and b"88-cv-ubnd" not in data, rel
    # The public changes are still there.
    assert len(rows_of(page(site, "thay-doi-gan-day"), "nv-changes")) == 5
