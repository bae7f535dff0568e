"""The web form (Decap CMS) at `/admin/`: its files, and the local editor of `nhiemvu edit`.

Where the editor's files come from (decided once, here): the `editor/` folder at the root of
the nhiemvu repository (next to `generator/`, else in the current directory, or the folder
named by `NHIEMVU_EDITOR_DIR`). `editor/src/` holds our JavaScript; `npm ci` in `editor/`
vendors Decap CMS (`node_modules/decap-cms/dist/`: decap-cms.js, its numbered chunks and two
.wasm files, loaded from the same folder), the YAML library (`node_modules/yaml/browser/dist/`)
and decap-server. Nothing is fetched from a CDN: the page loads only its own files.

`/admin/` holds:

- `index.html` — the page (no favicon request, a Content-Security-Policy that lets it talk only
  to itself and the configured backend);
- `config.yml` — Decap's configuration, generated from the JSON Schemas (generator/cms.py);
- `nhiemvu-formats.json` — how each file is written back (generator/cms.py);
- `nhiemvu-*.js` — editor/src; `decap-cms/` and `yaml/` — the vendored libraries.

`nhiemvu build` installs it into the site with the GitHub backend when the repository
(`NHIEMVU_CMS_REPO`, else `GITHUB_REPOSITORY` as GitHub Actions sets it) and the Office's
OAuth endpoint (`NHIEMVU_CMS_AUTH_URL`) are known, and a page that says why otherwise.
`nhiemvu edit` serves it on 127.0.0.1 with the proxy backend and runs decap-server's git
mode (editor/decap-git-server.cjs) behind a front server that checks every request: so
each save is a local branch `cms/<collection>/<slug>` and «Xuất bản» merges it.
"""

from __future__ import annotations

import dataclasses
import http.client
import http.server
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import NhiemvuError
from generator.site import cms

ADMIN = "admin"
NODE_MIN = 18
GITHUB_API = "https://api.github.com"
GUIDE = "../huong-dan/bieu-mau/"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".yml": "text/yaml; charset=utf-8",
    ".wasm": "application/wasm",
    ".txt": "text/plain; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}

# decap-server actions the form needs. Media (uploads) and deleting files on the main
# branch are refused: a change reaches the register only through a cms/ branch.
ALLOWED_ACTIONS = frozenset(
    {
        "info",
        "entriesByFolder",
        "entriesByFiles",
        "getEntry",
        "unpublishedEntries",
        "unpublishedEntry",
        "unpublishedEntryDataFile",
        "deleteUnpublishedEntry",
        "persistEntry",
        "updateUnpublishedEntryStatus",
        "publishUnpublishedEntry",
        "getDeployPreview",
    }
)
WRITING_ACTIONS = frozenset({"persistEntry", "publishUnpublishedEntry", "deleteUnpublishedEntry"})
MAX_REQUEST = 5_000_000


class EditorError(NhiemvuError):
    """Why the editor cannot start or a request is refused, in Vietnamese."""


# -- the editor's files ------------------------------------------------------------------------


def editor_dir() -> Path:
    """The `editor/` folder: NHIEMVU_EDITOR_DIR, else next to the package, else in the cwd."""
    if os.environ.get("NHIEMVU_EDITOR_DIR"):
        return Path(os.environ["NHIEMVU_EDITOR_DIR"])
    package_root = Path(__file__).resolve().parents[2]
    for base in (package_root, Path.cwd()):
        if (base / "editor" / "src" / "nhiemvu-cms.js").is_file():
            return base / "editor"
    return package_root / "editor"


VENDORED = {
    "decap-cms": Path("node_modules/decap-cms/dist"),
    "yaml": Path("node_modules/yaml/browser/dist"),
}


def missing_vendor(editor: Path) -> list[str]:
    """What `npm ci` in editor/ would install and is not there (empty: all present)."""
    wanted = [
        VENDORED["decap-cms"] / "decap-cms.js",
        VENDORED["yaml"] / "index.js",
        Path("node_modules/decap-server/dist/middlewares.js"),
    ]
    return [str(p) for p in wanted if not (editor / p).is_file()]


def install_hint(editor: Path) -> str:
    return f"cài bằng: cd {editor} && npm ci   (cần Node.js {NODE_MIN} trở lên và npm)"


def static_files(editor: Path) -> dict[str, Path]:
    """Files copied as they are, by their path under /admin/."""
    out: dict[str, Path] = {}
    for path in sorted((editor / "src").glob("nhiemvu-*.js")):
        out[path.name] = path
    decap = editor / VENDORED["decap-cms"]
    for path in sorted(decap.iterdir()):
        if (
            path.name == "decap-cms.js"
            or path.name.endswith((".decap-cms.js", ".wasm"))
            or path.name == "decap-cms.js.LICENSE.txt"
        ):
            out[f"decap-cms/{path.name}"] = path
    yaml_dir = editor / VENDORED["yaml"]
    for path in sorted(yaml_dir.rglob("*.js")):
        out[f"yaml/{path.relative_to(yaml_dir).as_posix()}"] = path
    licence = editor / "node_modules/yaml/LICENSE"
    if licence.is_file():
        out["yaml/LICENSE.txt"] = licence
    return out


def content_security_policy(connect: list[str], images: list[str] = ()) -> str:
    """The page may run only its own scripts and talk only to itself and the backend."""
    return "; ".join(
        [
            "default-src 'none'",
            # Decap compiles its configuration's validator at run time (ajv: new Function), so
            # 'unsafe-eval' is needed; scripts still come only from this site
            "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",
            "img-src " + " ".join(["'self'", "data:", "blob:", *images]),
            "font-src 'self' data:",
            "connect-src " + " ".join(["'self'", *connect]),
            "frame-src 'self' blob:",
            "worker-src 'self' blob:",
            "manifest-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def index_html(title: str, csp: str, modules: list[str] = ()) -> str:
    """The editor page; `modules` are preloaded so the browser fetches them at once, not level by level."""
    preload = "".join(f'<link rel="modulepreload" href="{_escape(m)}">\n' for m in modules)
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<title>{_escape(title)}</title>
<link rel="icon" href="data:,">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
{preload}<script src="nhiemvu-preinit.js"></script>
<script src="decap-cms/decap-cms.js"></script>
<script type="module" src="nhiemvu-cms.js"></script>
</head>
<body>
<noscript>Trình soạn thảo sổ theo dõi cần bật JavaScript.</noscript>
</body>
</html>
"""


def notice_html(title: str, message: str) -> str:
    """A page without any script, saying why the form is not here."""
    return f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{_escape(title)}</title>
<link rel="icon" href="data:,">
</head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>{_escape(title)}</h1>
<p>{_escape(message)}</p>
<p><a href="{GUIDE}">Hướng dẫn thiết lập trang nhập liệu</a></p>
</body>
</html>
"""


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


TITLE = "Nhập liệu sổ theo dõi nhiệm vụ"


def admin_files(
    register, editor: Path, backend: dict, connect: list[str], images: list[str] = ()
) -> dict[str, Path | bytes]:
    """Everything under /admin/ for one register and backend: a copied file's source, or bytes."""
    lists = cms.choices_from(register.agencies.values(), register.signers.values())
    config = cms.decap_config(backend, lists, prefix=register.prefix)
    files: dict[str, Path | bytes] = dict(static_files(editor))
    modules = [rel for rel in files if rel.endswith(".js") and (rel.startswith("yaml/") or rel in ES_MODULES)]
    csp = content_security_policy(connect, list(images))
    files["index.html"] = index_html(TITLE, csp, modules).encode("utf-8")
    files["config.yml"] = cms.config_yaml(config).encode("utf-8")
    files["nhiemvu-formats.json"] = cms.formats_json(cms.formats(register.prefix)).encode("utf-8")
    return files


ES_MODULES = ("nhiemvu-cms.js", "nhiemvu-format.js", "nhiemvu-locale-vi.js")


# -- the public site's /admin/ -------------------------------------------------------------------

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def site_backend(environ: Mapping[str, str]) -> tuple[dict | None, str]:
    """Decap's GitHub backend from the environment, or (None, why not)."""
    repo = environ.get("NHIEMVU_CMS_REPO") or environ.get("GITHUB_REPOSITORY") or ""
    if not repo:
        return None, (
            "chưa biết kho GitHub của sổ (đặt biến NHIEMVU_CMS_REPO=chủ/kho khi dựng trang; "
            "GitHub Actions tự đặt GITHUB_REPOSITORY)"
        )
    if not _REPO.match(repo):
        return None, f"tên kho «{repo}» không đúng dạng chủ/kho"
    auth = environ.get("NHIEMVU_CMS_AUTH_URL") or ""
    if not auth:
        # without it Decap would sign in through Netlify's service, which knows nothing of this site
        return None, (
            "chưa có địa chỉ xác thực GitHub của Văn phòng (đặt biến NHIEMVU_CMS_AUTH_URL=https://…/auth "
            "khi dựng trang)"
        )
    parts = urlsplit(auth)
    if parts.scheme != "https" or not parts.netloc or parts.query or parts.fragment:
        return None, f"địa chỉ xác thực NHIEMVU_CMS_AUTH_URL «{auth}» phải bắt đầu bằng https://"
    return {
        "name": "github",
        "repo": repo,
        "branch": environ.get("NHIEMVU_CMS_BRANCH") or "main",
        "base_url": f"https://{parts.netloc}",
        "auth_endpoint": parts.path.strip("/") or "auth",
    }, ""


def install_admin(register, site_dir: Path, environ: Mapping[str, str] | None = None) -> str | None:
    """Write site/admin/: the form with the GitHub backend, or a page that says why not.

    Returns a note for the person who ran `nhiemvu build` when the form could not be installed.
    """
    environ = os.environ if environ is None else environ
    target = Path(site_dir) / ADMIN
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    editor = editor_dir()
    missing = missing_vendor(editor)
    backend, why = site_backend(environ)
    if missing:
        why = f"chưa cài Decap CMS ({install_hint(editor)})"
    if missing or backend is None:
        (target / "index.html").write_text(
            notice_html(TITLE, f"Trang nhập liệu chưa được thiết lập: {why}."), encoding="utf-8"
        )
        return f"Ghi chú: trang nhập liệu /{ADMIN}/ chưa được thiết lập: {why}."
    files = admin_files(
        register, editor, backend, connect=[GITHUB_API], images=["https://avatars.githubusercontent.com"]
    )
    for rel, source in files.items():
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, bytes):
            dest.write_bytes(source)
        else:
            shutil.copyfile(source, dest)
    return None


# -- nhiemvu edit ---------------------------------------------------------------------------------


def node_executable() -> str:
    """The `node` command, checked: Node.js is needed only by `nhiemvu edit`."""
    node = shutil.which("node")
    install = (
        "Cài Node.js bản {min} trở lên (Debian, Ubuntu: sudo apt-get install nodejs npm; "
        "Windows, macOS: tải tại https://nodejs.org), rồi chạy «npm ci» trong thư mục editor/."
    )
    if node is None:
        raise EditorError(
            "Lệnh «nhiemvu edit» cần Node.js để chạy decap-server, nhưng không tìm thấy lệnh node. "
            + install.format(min=NODE_MIN)
        )
    try:
        version = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
        major = int(version.lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.SubprocessError):
        major = 0
        version = "?"
    if major < NODE_MIN:
        raise EditorError(
            f"Lệnh «nhiemvu edit» cần Node.js bản {NODE_MIN} trở lên (máy đang có {version}). "
            + install.format(min=NODE_MIN)
        )
    return node


def check_port(port: int) -> int:
    if port != 0 and not 1024 <= port <= 65535:
        raise EditorError(f"Cổng {port} không dùng được: chọn một số từ 1024 đến 65535 (hoặc 0 để tự chọn).")
    return port


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Workspace:
    """The Git repository decap-server works in and what the editor must keep to."""

    repo: Path  # the repository's top level
    prefix: str  # the register folder relative to it, POSIX
    branch: str  # the base branch: cms/ branches start from it and «Xuất bản» merges into it


def workspace(register_dir: Path) -> Workspace:
    """The register's repository, checked: on a branch, nothing uncommitted, an identity to commit with."""
    register_dir = Path(register_dir).resolve()
    if not register_dir.is_dir():
        raise EditorError(f"Không tìm thấy thư mục sổ theo dõi «{register_dir}».")
    top = _git(register_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise EditorError(
            f"Thư mục sổ theo dõi «{register_dir}» không nằm trong một kho Git: mỗi lần lưu của "
            "biểu mẫu là một nhánh Git, nên cần kho Git (git init; git add -A; git commit)."
        )
    repo = Path(top.stdout.strip()).resolve()
    prefix = register_dir.relative_to(repo).as_posix()
    if prefix == ".":
        raise EditorError("Thư mục sổ theo dõi phải là một thư mục con của kho Git (ví dụ register/).")
    branch = _git(repo, "symbolic-ref", "--quiet", "--short", "HEAD")
    if branch.returncode != 0:
        raise EditorError(
            "Kho Git đang không ở nhánh nào (detached HEAD): chuyển về nhánh chính, ví dụ "
            "«git switch main», rồi chạy lại."
        )
    if _git(repo, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        raise EditorError("Kho Git chưa có commit nào: commit sổ theo dõi trước (git add -A; git commit).")
    if _git(repo, "var", "GIT_COMMITTER_IDENT").returncode != 0:
        raise EditorError(
            'Git chưa biết tên người lưu: chạy «git config user.name "Họ tên"» và '
            '«git config user.email "ten@example.gov.vn"» trong kho, rồi chạy lại.'
        )
    state = Workspace(repo, prefix, branch.stdout.strip())
    dirty = uncommitted(state)
    if dirty:
        shown = "\n".join(f"    {line}" for line in dirty[:10]) + ("\n    …" if len(dirty) > 10 else "")
        raise EditorError(
            "Kho còn thay đổi chưa commit; mỗi lần lưu, decap-server sẽ gộp chúng vào nhánh cms/. "
            "Commit hoặc cất chúng đi (git stash -u) rồi chạy lại:\n" + shown
        )
    return state


def uncommitted(state: Workspace) -> list[str]:
    out = _git(state.repo, "status", "--porcelain", "--untracked-files=all")
    return [line for line in out.stdout.splitlines() if line.strip()]


def cms_branches(state: Workspace) -> list[tuple[str, str]]:
    """(branch, last commit subject) of every cms/ branch, by name."""
    out = _git(
        state.repo, "for-each-ref", "--sort=refname", "--format=%(refname:short)%00%(subject)", "refs/heads/cms/"
    )
    return [tuple(line.split("\0", 1)) for line in out.stdout.splitlines() if "\0" in line]


def push_help(state: Workspace, branches: list[tuple[str, str]]) -> str:
    """Where the saved changes are and how to send them, in Vietnamese."""
    if not branches:
        return f"Chưa có nhánh cms/ nào trong kho {state.repo}."
    lines = [f"Các thay đổi chưa xuất bản nằm ở các nhánh cms/ trong kho {state.repo}:"]
    lines += [f"  {name}  ({subject})" for name, subject in branches]
    lines.append("Để gửi lên GitHub và mở đề nghị hợp nhất (pull request) cho CI kiểm tra, chạy trong kho:")
    lines += [f"  git push origin {name}" for name, _ in branches]
    lines.append(
        f"rồi mở pull request vào nhánh {state.branch}. Hoặc bấm «Xuất bản» trong trình soạn thảo để "
        f"hợp nhất ngay vào nhánh {state.branch} trên máy này."
    )
    return "\n".join(lines)


def refuse(state: Workspace, payload: dict) -> str | None:
    """Why the front server must not pass this request to decap-server (None: pass it)."""
    action = payload.get("action")
    params = payload.get("params") if isinstance(payload.get("params"), dict) else {}
    if action not in ALLOWED_ACTIONS:
        return f"Thao tác «{action}» không được phép ở đây (không tải tệp lên, không xóa tệp trên nhánh chính)."
    if params.get("branch", state.branch) != state.branch:
        return f"Nhánh gốc phải là {state.branch}."
    if action == "persistEntry":
        files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        if params.get("assets"):
            return "Biểu mẫu không nhận tệp đính kèm."
        for file in files:
            path = str(file.get("path", "")) if isinstance(file, dict) else ""
            if not _inside_register(path, state.prefix) or (isinstance(file, dict) and file.get("newPath")):
                return f"Chỉ được lưu tệp .yaml trong thư mục sổ theo dõi {state.prefix}/ (không phải «{path}»)."
    return None


def _inside_register(path: str, prefix: str) -> bool:
    parts = path.split("/")
    return (
        path.startswith(prefix + "/")
        and path.endswith(".yaml")
        and "\\" not in path
        and all(p not in ("", ".", "..") and not p.startswith(".") for p in parts)
    )


def branch_of(payload: dict) -> str | None:
    """The cms/ branch decap-server writes for a persistEntry (as decap-server names it)."""
    params = payload.get("params") or {}
    files = params.get("dataFiles") or []
    options = params.get("options") or {}
    if not files or not options.get("collectionName"):
        return None
    return f"cms/{options['collectionName']}/{files[0].get('slug')}"


class DecapServer:
    """decap-server's git mode (editor/decap-git-server.cjs) on 127.0.0.1, behind a token."""

    def __init__(self, node: str, editor: Path, state: Workspace, origin: str) -> None:
        self.token = secrets.token_urlsafe(32)
        env = {
            **os.environ,
            "MODE": "git",
            "GIT_REPO_DIRECTORY": str(state.repo),
            "BIND_HOST": "127.0.0.1",
            "PORT": "0",
            "NHIEMVU_DECAP_TOKEN": self.token,
            "ORIGIN": origin,
            "LOG_LEVEL": "warn",
        }
        self.process = subprocess.Popen(
            [node, str(editor / "decap-git-server.cjs")],
            cwd=editor,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.port = self._wait_for_port()

    def _wait_for_port(self) -> int:
        timer = threading.Timer(60, self.process.kill)
        timer.start()
        try:
            for line in self.process.stdout:
                if line.startswith("NHIEMVU_DECAP_PORT="):
                    threading.Thread(target=self._drain, args=(self.process.stdout,), daemon=True).start()
                    threading.Thread(target=self._drain, args=(self.process.stderr,), daemon=True).start()
                    return int(line.split("=", 1)[1])
        finally:
            timer.cancel()
        error = self.process.stderr.read().strip()[-2000:]
        raise EditorError(f"decap-server không khởi động được:\n{error}")

    @staticmethod
    def _drain(stream) -> None:
        for line in stream:
            print(f"decap-server: {line.rstrip()}", file=sys.stderr, flush=True)

    def forward(self, body: bytes) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            conn.request(
                "POST",
                "/api/v1",
                body=body,
                headers={
                    "Content-Type": "application/json; charset=utf-8",
                    "X-Nhiemvu-Token": self.token,
                    "Host": f"127.0.0.1:{self.port}",
                },
            )
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.terminate()
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()


class EditorServer(http.server.ThreadingHTTPServer):
    """/admin/ and /api/v1 on 127.0.0.1: static files from memory, checked calls to decap-server."""

    daemon_threads = True

    def __init__(
        self, port: int, state: Workspace, files: dict[str, Path | bytes], report: Callable[[str], None]
    ) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.state = state
        self.files = files
        self.report = report
        self.decap: DecapServer | None = None
        self.lock = threading.Lock()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"

    @property
    def alias(self) -> str:
        return f"localhost:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: EditorServer
    server_version = "nhiemvu-edit"
    sys_version = ""

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def _send(
        self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8", extra: dict | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, json.dumps({"error": message}, ensure_ascii=False).encode("utf-8"))

    def _host_ok(self) -> bool:
        # A page of another site reaching 127.0.0.1 by DNS rebinding sends its own host name.
        if self.headers.get("Host") != self.server.host:
            if self.command in ("GET", "HEAD") and self.headers.get("Host") == self.server.alias:
                self._send(302, b"", "text/plain", {"Location": self.server.origin + urlsplit(self.path).path})
            else:
                self._error(403, "Địa chỉ không hợp lệ: mở trình soạn thảo tại " + self.server.origin + "/admin/")
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self._host_ok():
            return
        path = urlsplit(self.path).path
        if path in ("/", f"/{ADMIN}"):
            self._send(302, b"", "text/plain", {"Location": f"/{ADMIN}/"})
            return
        if not path.startswith(f"/{ADMIN}/"):
            self._error(404, "Không có trang này.")
            return
        rel = path[len(ADMIN) + 2 :] or "index.html"
        source = self.server.files.get(rel)
        if source is None:
            self._error(404, "Không có tệp này.")
            return
        data = source if isinstance(source, bytes) else source.read_bytes()
        self._send(200, data, CONTENT_TYPES.get(Path(rel).suffix, "application/octet-stream"))

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802
        if not self._host_ok():
            return
        if urlsplit(self.path).path != "/api/v1":
            self._error(404, "Không có địa chỉ này.")
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin != self.server.origin:
            self._error(403, "Yêu cầu từ trang khác bị từ chối.")
            return
        if not (self.headers.get("Content-Type") or "").startswith("application/json"):
            self._error(415, "Chỉ nhận JSON.")
            return
        try:
            length = int(self.headers.get("Content-Length") or "0")
        except ValueError:
            length = -1
        if not 0 < length <= MAX_REQUEST:
            self._error(413, "Yêu cầu quá lớn hoặc rỗng.")
            return
        body = self.rfile.read(length)
        try:
            payload = json.loads(body)
        except ValueError:
            self._error(400, "JSON không hợp lệ.")
            return
        if not isinstance(payload, dict):
            self._error(400, "JSON không hợp lệ.")
            return
        if payload.get("action") == "getMedia":  # the form has no attachments: nothing to list
            self._send(200, b"[]")
            return
        state = self.server.state
        why = refuse(state, payload)
        with self.server.lock:  # one Git operation at a time, the checks before it included
            if why is None and payload.get("action") in WRITING_ACTIONS:
                why = self._repository_changed()
            if why is not None:
                self.server.report(f"Từ chối: {why}")
                self._error(422, why)
                return
            status, answer = self.server.decap.forward(body)
        if status == 404 and payload.get("action") == "unpublishedEntry":
            # «No draft for this entry yet»: a normal answer, not an error (see nhiemvu-cms.js).
            status, answer = 200, b'{"nhiemvu": "no-draft"}'
        self._send(status, answer)
        if status == 200:
            self._tell(payload)

    def _repository_changed(self) -> str | None:
        state = self.server.state
        current = _git(state.repo, "symbolic-ref", "--quiet", "--short", "HEAD").stdout.strip()
        if current != state.branch:
            return (
                f"Kho đã chuyển sang nhánh «{current or 'không tên'}»; chuyển lại về {state.branch} "
                "(git switch " + state.branch + ") rồi lưu lại."
            )
        dirty = uncommitted(state)
        if dirty:
            return (
                "Kho có thay đổi chưa commit ngoài biểu mẫu ("
                + ", ".join(d[3:] for d in dirty[:3])
                + "); commit hoặc cất chúng (git stash -u) rồi lưu lại."
            )
        return None

    def _tell(self, payload: dict) -> None:
        action = payload.get("action")
        params = payload.get("params") or {}
        state = self.server.state
        if action == "persistEntry":
            branch = branch_of(payload)
            paths = ", ".join(f.get("path", "") for f in params.get("dataFiles") or [])
            self.server.report(
                f"Đã lưu {paths} vào nhánh {branch} (kho {state.repo}). Gửi lên GitHub: git push origin {branch}"
            )
        elif action == "publishUnpublishedEntry":
            branch = f"cms/{params.get('collection')}/{params.get('slug')}"
            self.server.report(f"Đã xuất bản: nhánh {branch} đã được hợp nhất vào {state.branch}.")
        elif action == "deleteUnpublishedEntry":
            branch = f"cms/{params.get('collection')}/{params.get('slug')}"
            self.server.report(f"Đã xóa bản nháp: nhánh {branch}.")
