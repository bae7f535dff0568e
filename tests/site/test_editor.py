"""`nhiemvu edit` (generator/editor.py, editor/decap-git-server.cjs) and the /admin/ page of
`nhiemvu build`, without a browser: real command, real Git, real decap-server.

The front server on 127.0.0.1 serves only the editor's files and passes to decap-server
only what the form needs: same host and origin, no upload, no file outside the register,
no write while the repository has changes of its own. decap-server itself answers only
requests carrying the front server's secret. Everything it says is Vietnamese.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from editkit import EDITOR, EditSession, needs_editor
from registerkit import git, make_register, run_cli, tree_digest

NEW_DOC = (
    "# yaml-language-server: $schema=../../../generator/schemas/document.schema.json\n"
    "number: 46/QĐ-UBND\ntitle: Về việc thử\nissued: 2026-03-05\nsigner: CT\n"
    "tasks:\n  - id: 1\n    content: Rà soát.\n    assignee: STC\n    monitor: TH\n"
    "    classification: QC45_d\n"
)


def persist(path: str, raw: str = NEW_DOC, **extra) -> dict:
    return {
        "action": "persistEntry",
        "params": {
            "branch": "main",
            "dataFiles": [{"path": path, "slug": "2026-03-05/46-qd-ubnd", "raw": raw, **extra}],
            "assets": [],
            "options": {
                "newEntry": True,
                "commitMessage": f"Nhập văn bản mới: {path}",
                "collectionName": "documents",
                "useWorkflow": True,
                "hasSubfolders": False,
                "unpublished": False,
                "status": "draft",
            },
        },
    }


@pytest.fixture
def repo(tmp_path) -> Path:
    return make_register(tmp_path / "repo").parent


@pytest.fixture
def session(repo):
    with EditSession(repo) as running:
        yield running


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One session for the tests that must leave the repository as it was (they check it)."""
    repo = make_register(tmp_path_factory.mktemp("shared") / "repo").parent
    with EditSession(repo) as running:
        running.repo = repo
        yield running


# -- refusals before anything starts ---------------------------------------------------------


def test_port_must_be_a_user_port(repo):
    for port in ("80", "1023", "70000", "-1"):
        result = run_cli(["edit", "--no-browser", "--port", port], cwd=repo)
        assert result.exit_code == 2, (port, result.output)
        assert "1024" in result.output or "65535" in result.output, result.output


def test_needs_node_and_says_what_to_install(repo, tmp_path):
    needs_editor()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").symlink_to(subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip())
    result = run_cli(["edit", "--no-browser"], cwd=repo, env={"PATH": str(bin_dir)})
    assert result.exit_code == 1
    assert "cần Node.js" in result.output and "apt-get install nodejs npm" in result.output
    assert "npm ci" in result.output


def test_needs_the_vendored_packages(repo, tmp_path):
    empty = tmp_path / "editor"
    empty.mkdir()
    result = run_cli(["edit", "--no-browser"], cwd=repo, env={"NHIEMVU_EDITOR_DIR": str(empty)})
    assert result.exit_code == 1
    assert "Chưa cài Decap CMS" in result.output and f"cd {empty} && npm ci" in result.output


def test_needs_a_clean_git_repository(tmp_path, repo):
    plain = make_register(tmp_path / "plain", git_repo=False).parent
    result = run_cli(["edit", "--no-browser"], cwd=plain)
    assert result.exit_code == 1 and "không nằm trong một kho Git" in result.output
    (repo / "register" / "ghi-chu.yaml").write_text("a: 1\n", encoding="utf-8")
    result = run_cli(["edit", "--no-browser"], cwd=repo)
    assert result.exit_code == 1 and "chưa commit" in result.output and "ghi-chu.yaml" in result.output
    (repo / "register" / "ghi-chu.yaml").unlink()
    git(repo, "checkout", "-q", "--detach")
    result = run_cli(["edit", "--no-browser"], cwd=repo)
    assert result.exit_code == 1 and "detached HEAD" in result.output


def test_a_busy_port_is_named(repo):
    needs_editor()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(["edit", "--no-browser", "--port", str(port)], cwd=repo)
    assert result.exit_code == 1 and f"Cổng {port}" in result.output and "đang được dùng" in result.output


# -- what the front server serves -----------------------------------------------------------------


def test_serves_the_editor_and_its_configuration(shared):
    session = shared
    status, headers, page = session.get("/admin/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    html = page.decode("utf-8")
    assert '<link rel="icon" href="data:,">' in html and '<html lang="vi">' in html
    assert "connect-src 'self';" in html  # the page talks only to this server
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    config = yaml.safe_load(session.get("/admin/config.yml")[2])
    assert config["backend"] == {
        "name": "proxy",
        "proxy_url": f"{session.origin}/api/v1",
        "branch": "main",
        "commit_messages": config["backend"]["commit_messages"],
    }
    assert (
        json.loads(session.get("/admin/nhiemvu-formats.json")[2])["nhiemvu-document"]["path"]["folder"]
        == "register/documents"
    )
    status, headers, script = session.get("/admin/decap-cms/decap-cms.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript") and len(script) > 1_000_000
    wasm = [p.name for p in (EDITOR / "node_modules/decap-cms/dist").glob("*.wasm")]
    assert wasm and session.get(f"/admin/decap-cms/{wasm[0]}")[1]["Content-Type"] == "application/wasm"
    assert session.get("/")[0] == 302
    for path in (
        "/admin/../pyproject.toml",
        "/admin/%2e%2e/pyproject.toml",
        "/register/register.yaml",
        "/admin/decap-cms/decap-cms.js.map",
        "/admin/nope.js",
    ):
        assert session.get(path)[0] == 404, path


def test_refuses_other_hosts_and_origins(shared):
    session, repo = shared, shared.repo
    before = tree_digest(repo)
    # DNS rebinding: a page of another site reaching 127.0.0.1 sends its own host name
    assert session.get("/admin/", host=f"evil.example:{session.port}")[0] == 403
    status, headers, _ = session.get("/admin/", host=f"localhost:{session.port}")
    assert status == 302 and headers["Location"] == f"{session.origin}/admin/"
    status, answer = session.post(persist("register/documents/2026/46-QD-UBND.yaml"), {"Origin": "http://evil.example"})
    assert status == 403 and "trang khác" in answer["error"]
    status, _, _ = session.request(
        "POST",
        "/api/v1",
        json.dumps({"action": "info"}).encode(),
        {"Content-Type": "text/plain", "Origin": session.origin},
    )
    assert status == 415
    assert tree_digest(repo) == before and git(repo, "branch", "--list", "cms/*") == ""


@pytest.mark.parametrize(
    "payload, why",
    [
        ({"action": "persistMedia", "params": {"branch": "main", "asset": {}, "options": {}}}, "không tải tệp lên"),
        (
            {"action": "deleteFile", "params": {"branch": "main", "path": "register/register.yaml", "options": {}}},
            "không xóa tệp",
        ),
        (
            {"action": "deleteFiles", "params": {"branch": "main", "paths": ["register/register.yaml"], "options": {}}},
            "không xóa tệp",
        ),
        (persist("generator/cli.py"), "trong thư mục sổ theo dõi"),
        (persist("register/../pyproject.toml"), "trong thư mục sổ theo dõi"),
        (persist("register/.github/x.yaml"), "trong thư mục sổ theo dõi"),
        (persist("register/documents/2026/46-QD-UBND.yml"), "trong thư mục sổ theo dõi"),
        (persist("register/documents/2026/46-QD-UBND.yaml", newPath="register/x.yaml"), "trong thư mục sổ theo dõi"),
        (
            {
                **persist("register/documents/2026/46-QD-UBND.yaml"),
                "params": {**persist("register/documents/2026/46-QD-UBND.yaml")["params"], "branch": "khac"},
            },
            "Nhánh gốc",
        ),
    ],
)
def test_passes_only_what_the_form_needs(shared, payload, why):
    session, repo = shared, shared.repo
    before = tree_digest(repo)
    said = sum(why in line for line in session.lines)
    status, answer = session.post(payload)
    assert status == 422 and why in answer["error"], answer
    assert session.wait_for(why, count=said + 1).startswith("Từ chối: ")
    assert tree_digest(repo) == before and git(repo, "branch", "--list", "cms/*") == ""


def test_a_save_is_a_branch_and_publishing_merges_it(session, repo):
    assert session.post({"action": "info"}) == (
        200,
        {"repo": "repo", "publish_modes": ["simple", "editorial_workflow"], "type": "local_git"},
    )
    assert session.post({"action": "getMedia", "params": {"branch": "main", "mediaFolder": ""}}) == (200, [])
    missing = {
        "action": "unpublishedEntry",
        "params": {"branch": "main", "collection": "documents", "slug": "2026-03-05/46-qd-ubnd"},
    }
    assert session.post(missing) == (200, {"nhiemvu": "no-draft"})  # not a 404 the browser would log
    path = "register/documents/2026/46-QD-UBND.yaml"
    status, answer = session.post(persist(path))
    assert status == 200, answer
    branch = "cms/documents/2026-03-05/46-qd-ubnd"
    assert git(repo, "show", f"{branch}:{path}") == NEW_DOC
    assert git(repo, "log", "-1", "--format=%s", branch).strip() == f"Nhập văn bản mới: {path}"
    line = session.wait_for("Đã lưu")
    assert branch in line and f"git push origin {branch}" in line
    assert git(repo, "status", "--porcelain") == "" and git(repo, "branch", "--show-current").strip() == "main"
    assert not (repo / path).exists()  # on the branch only
    # something of the clerk's own in the working tree: no write until it is committed
    (repo / "register" / "nhap.txt").write_text("x", encoding="utf-8")
    status, answer = session.post(
        {
            "action": "publishUnpublishedEntry",
            "params": {"branch": "main", "collection": "documents", "slug": "2026-03-05/46-qd-ubnd"},
        }
    )
    assert status == 422 and "chưa commit" in answer["error"] and "nhap.txt" in answer["error"]
    (repo / "register" / "nhap.txt").unlink()
    status, answer = session.post(
        {
            "action": "publishUnpublishedEntry",
            "params": {"branch": "main", "collection": "documents", "slug": "2026-03-05/46-qd-ubnd"},
        }
    )
    assert status == 200, answer
    assert "Đã xuất bản" in session.wait_for("Đã xuất bản")
    assert (repo / path).read_text(encoding="utf-8") == NEW_DOC
    assert git(repo, "branch", "--list", "cms/*") == ""
    out = session.stop()
    assert "Đã dừng trình soạn thảo." in out and "Chưa có nhánh cms/" in out


def test_stopping_lists_the_branches_and_how_to_push_them(session, repo):
    assert session.post(persist("register/documents/2026/46-QD-UBND.yaml"))[0] == 200
    out = session.stop()
    assert "cms/documents/2026-03-05/46-qd-ubnd" in out
    assert "git push origin cms/documents/2026-03-05/46-qd-ubnd" in out and "pull request" in out
    assert session.process.returncode == 0
    deadline = time.monotonic() + 10  # decap-server stops with it
    while time.monotonic() < deadline and _node_children(session.process.pid):
        time.sleep(0.2)
    assert _node_children(session.process.pid) == []


def _node_children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-eo", "pid=,ppid=,comm="], capture_output=True, text=True).stdout
    return [
        int(p)
        for p, pp, comm in (line.split(None, 2) for line in out.splitlines())
        if int(pp) == pid and comm.strip() == "node"
    ]


def test_decap_server_answers_only_with_the_secret(repo):
    """editor/decap-git-server.cjs: 127.0.0.1 only, and nothing without the front server's token."""
    needs_editor()
    token = "t" * 43
    base = {**os.environ, "GIT_REPO_DIRECTORY": str(repo), "PORT": "0", "NHIEMVU_DECAP_TOKEN": token}
    refused = subprocess.run(
        ["node", str(EDITOR / "decap-git-server.cjs")],
        env={**base, "BIND_HOST": "0.0.0.0"},
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert refused.returncode == 2 and "BIND_HOST=127.0.0.1" in refused.stderr
    server = subprocess.Popen(
        ["node", str(EDITOR / "decap-git-server.cjs")],
        env={**base, "BIND_HOST": "127.0.0.1"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port = int(server.stdout.readline().strip().split("=")[1])
        import http.client

        def post(headers):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(
                "POST", "/api/v1", body=b'{"action":"info"}', headers={"Content-Type": "application/json", **headers}
            )
            response = conn.getresponse()
            return response.status

        assert post({}) == 403
        assert post({"X-Nhiemvu-Token": "x" * 43}) == 403
        assert post({"X-Nhiemvu-Token": token}) == 200
    finally:
        server.stdin.close()  # it exits when nhiemvu goes away
        assert server.wait(timeout=10) == 0


# -- /admin/ of the public site ---------------------------------------------------------------------


def build(repo: Path, site: Path, env: dict | None = None):
    return run_cli(
        ["build", "--register", "register", "--site-dir", str(site), "--as-of", "2026-06-30"],
        cwd=repo,
        env={"GITHUB_REPOSITORY": None, "NHIEMVU_CMS_REPO": None, **(env or {})},
    )


def test_build_installs_the_editor_with_the_github_backend(repo, tmp_path):
    needs_editor()
    site = tmp_path / "site"
    result = build(
        repo,
        site,
        {"NHIEMVU_CMS_REPO": "vpubnd-daklak/nhiemvu", "NHIEMVU_CMS_AUTH_URL": "https://xacthuc.example.gov.vn/auth"},
    )
    assert result.exit_code == 0, result.output
    assert "trang nhập liệu" not in result.output
    admin = site / "admin"
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"] | {"commit_messages": None} == {
        "name": "github",
        "repo": "vpubnd-daklak/nhiemvu",
        "branch": "main",
        "commit_messages": None,
        "base_url": "https://xacthuc.example.gov.vn",
        "auth_endpoint": "auth",
    }
    html = (admin / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' https://api.github.com;" in html
    assert (admin / "decap-cms" / "decap-cms.js").stat().st_size > 1_000_000
    assert sorted(p.name for p in (admin / "decap-cms").glob("*.wasm")) == sorted(
        p.name for p in (EDITOR / "node_modules/decap-cms/dist").glob("*.wasm")
    )
    assert not list(admin.rglob("*.map"))
    for name in (
        "nhiemvu-cms.js",
        "nhiemvu-format.js",
        "nhiemvu-locale-vi.js",
        "nhiemvu-preinit.js",
        "nhiemvu-formats.json",
        "yaml/index.js",
        "yaml/LICENSE.txt",
        "decap-cms/decap-cms.js.LICENSE.txt",
    ):
        assert (admin / name).is_file(), name


def test_build_says_why_the_editor_is_not_there(repo, tmp_path):
    result = build(repo, tmp_path / "site")
    assert result.exit_code == 0
    assert "Ghi chú: trang nhập liệu /admin/ chưa được thiết lập: chưa biết kho GitHub" in result.output
    page = (tmp_path / "site/admin/index.html").read_text(encoding="utf-8")
    assert "NHIEMVU_CMS_REPO" in page and "<script" not in page
    assert sorted(p.name for p in (tmp_path / "site/admin").iterdir()) == ["index.html"]


def test_the_admin_folder_follows_the_environment(repo, tmp_path, monkeypatch):
    from generator.register.load import load_register
    from generator.site.editor import install_admin, site_backend

    register, _ = load_register(repo / "register")
    site = tmp_path / "site"
    site.mkdir()
    auth = {"NHIEMVU_CMS_AUTH_URL": "https://xacthuc.example.gov.vn"}
    # GitHub Actions names the repository itself
    assert site_backend({"GITHUB_REPOSITORY": "ubnd/nhiemvu", **auth})[0] == {
        "name": "github",
        "repo": "ubnd/nhiemvu",
        "branch": "main",
        "base_url": "https://xacthuc.example.gov.vn",
        "auth_endpoint": "auth",
    }
    chosen = site_backend({"NHIEMVU_CMS_REPO": "a/b", "GITHUB_REPOSITORY": "c/d", "NHIEMVU_CMS_BRANCH": "so", **auth})
    assert (chosen[0]["repo"], chosen[0]["branch"]) == ("a/b", "so")
    assert "không đúng dạng" in site_backend({"NHIEMVU_CMS_REPO": "a/b/c", **auth})[1]
    # no OAuth endpoint of its own: Decap would send clerks to Netlify's
    assert "NHIEMVU_CMS_AUTH_URL" in site_backend({"GITHUB_REPOSITORY": "ubnd/nhiemvu"})[1]
    note = install_admin(
        register, site, {"NHIEMVU_CMS_REPO": "ubnd/nhiemvu", "NHIEMVU_CMS_AUTH_URL": "http://xacthuc.example"}
    )
    assert "phải bắt đầu bằng https://" in note
    empty = tmp_path / "editor"
    empty.mkdir()
    monkeypatch.setenv("NHIEMVU_EDITOR_DIR", str(empty))
    note = install_admin(register, site, {"NHIEMVU_CMS_REPO": "ubnd/nhiemvu", **auth})
    assert "chưa cài Decap CMS" in note and f"cd {empty} && npm ci" in note
    assert "npm ci" in (site / "admin/index.html").read_text(encoding="utf-8")
