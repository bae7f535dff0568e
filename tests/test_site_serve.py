"""`nhiemvu serve`: the preview rebuilds when a register file changes and keeps the last
good site when the register breaks."""

from __future__ import annotations

import shutil
import subprocess
import urllib.request
from pathlib import Path

from generator.site_serve import Preview, fingerprint

DATA = Path(__file__).parent / "data" / "site"


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        return response.read().decode("utf-8")


def test_preview_rebuilds_on_change_and_survives_errors(tmp_path):
    from generator.cli_site import _build_once

    repo = tmp_path / "repo"
    shutil.copytree(DATA / "basic" / "register", repo / "register")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    register = repo / "register"
    import datetime as dt

    messages: list[str] = []
    preview = Preview(register, lambda target: _build_once(register, dt.date(2026, 6, 30), target),
                      report=messages.append)
    assert preview.rebuild_if_changed()
    assert not preview.rebuild_if_changed()  # nothing changed, nothing rebuilt
    server = preview.start("127.0.0.1", 0)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        assert "Hướng dẫn xã triển khai" in get(base + "van-ban/2026/45-qd-ubnd/")

        doc = register / "documents/2026/45-QD-UBND.yaml"
        text = doc.read_text(encoding="utf-8")
        doc.write_text(text.replace("Hướng dẫn xã triển khai", "Chỉ đạo xã triển khai"),
                       encoding="utf-8")
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
