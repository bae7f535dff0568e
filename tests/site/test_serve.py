"""`nhiemvu serve`: the preview rebuilds when a register file changes and keeps the last
good site when the register breaks."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request

from historyrepo import GitRepo
from registerkit import DATA as TEST_DATA

from generator.history.git import head_of
from generator.site.serve import Preview, fingerprint

DATA = TEST_DATA / "site"


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        return response.read().decode("utf-8")


def test_preview_rebuilds_on_change_and_survives_errors(tmp_path):
    from generator.cli.site import build_once

    repo = tmp_path / "repo"
    shutil.copytree(DATA / "basic" / "register", repo / "register")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    register = repo / "register"
    import datetime as dt

    messages: list[str] = []
    preview = Preview(
        register, lambda target: build_once(register, dt.date(2026, 6, 30), target), report=messages.append
    )
    assert preview.rebuild_if_changed()
    assert not preview.rebuild_if_changed()  # nothing changed, nothing rebuilt
    server = preview.start("127.0.0.1", 0)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        assert "Hướng dẫn xã triển khai" in get(base + "van-ban/2026/45-qd-ubnd/")

        doc = register / "documents/2026/45-QD-UBND.yaml"
        text = doc.read_text(encoding="utf-8")
        doc.write_text(text.replace("Hướng dẫn xã triển khai", "Chỉ đạo xã triển khai"), encoding="utf-8")
        assert preview.rebuild_if_changed()
        assert "Chỉ đạo xã triển khai" in get(base + "van-ban/2026/45-qd-ubnd/")

        doc.write_text(text.replace("assignee: STC", "assignee: KHONGCO", 1), encoding="utf-8")
        assert not preview.rebuild_if_changed()  # broken register: old site stays online
        assert "Chỉ đạo xã triển khai" in get(base + "van-ban/2026/45-qd-ubnd/")
        assert any("Chưa cập nhật" in m for m in messages)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(preview.work, ignore_errors=True)


def test_fingerprint_sees_new_and_changed_files(tmp_path):
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    first = fingerprint(tmp_path)
    (tmp_path / "b.yaml").write_text("y: 2\n", encoding="utf-8")
    second = fingerprint(tmp_path)
    assert first != second and len(second) == 2


def test_preview_rebuilds_when_a_commit_changes_the_history(tmp_path):
    """A commit changes no register file, but it changes the site's history pages."""
    import datetime as dt

    from generator.cli.site import build_once

    repo = GitRepo(tmp_path / "repo")
    repo.copy_register(DATA / "basic" / "register")
    repo.commit("Sổ theo dõi", "2026-06-01T09:00:00+07:00", "Nguyễn Văn An")
    register = repo.root / "register"
    preview = Preview(
        register,
        lambda target: build_once(register, dt.date(2026, 6, 30), target),
        report=lambda m: None,
        head=head_of,
    )
    try:
        assert preview.rebuild_if_changed()
        page = (preview.current / "thay-doi-gan-day" / "index.html").read_text(encoding="utf-8")
        assert "01/06/2026 09:00" in page and "03/06/2026 09:00" not in page
        assert not preview.rebuild_if_changed()
        repo.git("commit", "-q", "--allow-empty", "-m", "Không đổi gì", when="2026-06-02T09:00:00+07:00")
        assert preview.rebuild_if_changed()  # HEAD moved
        doc = register / "documents/2026/45-QD-UBND.yaml"
        doc.write_text(
            doc.read_text(encoding="utf-8").replace("Hướng dẫn xã triển khai", "Chỉ đạo xã triển khai"),
            encoding="utf-8",
        )
        assert preview.rebuild_if_changed()
        repo.commit("Sửa nội dung", "2026-06-03T09:00:00+07:00", "Trần Thị Bình")
        assert preview.rebuild_if_changed()  # same files, new commit
        page = (preview.current / "thay-doi-gan-day" / "index.html").read_text(encoding="utf-8")
        assert "03/06/2026 09:00" in page
    finally:
        shutil.rmtree(preview.work, ignore_errors=True)
