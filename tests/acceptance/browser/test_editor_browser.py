"""The web form in real Chromium, through clicks and typing only: `nhiemvu edit --no-browser`
on a temporary Git repository, decap-server's git mode behind it, Git checked afterwards.

- a new document with three tasks (classes a, b, c; two deadlines), then a progress entry and
  an extension on a task of a document written by hand: each save is a branch cms/…, clean for
  `nhiemvu check --since main`, and `nhiemvu diff main` lists the document, the progress and
  the extension; «Xuất bản» merges one into main;
- the hand-written document keeps every byte the form did not change, and the form cannot
  save it without a change;
- the /admin/ page of a built site (GitHub backend) loads with no outside request.

Zero console errors and zero requests leaving 127.0.0.1; the interface is Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import re
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from editkit import EditSession
from registerkit import git, make_register, run_cli

TODAY = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
ISSUED = TODAY - dt.timedelta(days=6)
DEADLINE_A = TODAY + dt.timedelta(days=30)
DEADLINE_B = TODAY + dt.timedelta(days=60)
HAND_DEADLINE = TODAY + dt.timedelta(days=20)
EXTENDED = TODAY + dt.timedelta(days=90)
HAND_ISSUED = TODAY - dt.timedelta(days=20)
HAND_YEAR = HAND_ISSUED.year
HAND_PATH = f"register/documents/{HAND_YEAR}/99-TB-UBND.yaml"
# English words Decap would show where a Vietnamese string is missing
ENGLISH = re.compile(
    r"\b(Add|Save|Saving|Publish|Published|Delete|Status|Draft|Ready|Loading|Entries|"
    r"Collections|Workflow|New|Login|Back|Changes|Unsaved|Required|Choose|Search)\b"
)


def hand_written() -> str:
    """A document as a clerk types it in a text editor: comments, blank lines, quotes, a flow list."""
    return f"""# yaml-language-server: $schema=../../../generator/schemas/document.schema.json
# Nhập tay bằng VS Code: chú thích, dòng trống, dấu nháy và danh sách [..] giữ nguyên.
number: "99/TB-UBND"
title: 'Thông báo kết luận: họp giao ban tháng'
issued: {HAND_ISSUED}
signer: CT
submitted_by: null
urgency: normal
secrecy: none

tasks:
  # Nhiệm vụ có thời hạn
  - id: 1
    content: Tổng hợp báo cáo tình hình giải ngân   # theo kết luận
    assignee: STC
    coordinators: [SNV, XA_HOA_PHU]
    monitor: TH
    classification: QC45_b
    deadline: {HAND_DEADLINE}
    progress: []

  - id: 2
    content: "Rà soát: các dự án chậm tiến độ"
    assignee: SNV
    monitor: KT
    classification: QC45_d
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass


class Watch:
    """Console errors, page errors, dialogs and requests that leave 127.0.0.1."""

    def __init__(self, page, origin: str) -> None:
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "request",
            lambda r: r.url.startswith(origin + "/") or r.url.startswith("data:") or self.outside.append(r.url),
        )
        page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.accept()


@pytest.fixture
def repo(tmp_path) -> Path:
    root = make_register(tmp_path / "repo").parent
    path = root / HAND_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(hand_written(), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Văn bản nhập tay")
    assert run_cli(["check", "--register", "register"], cwd=root).exit_code == 0
    return root


@pytest.fixture
def editor(repo):
    with EditSession(repo) as session:
        yield session


@pytest.fixture
def page(browser, editor):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.watch = Watch(page, editor.origin)
    yield page
    context.close()


# -- helpers: what a clerk does --------------------------------------------------------------


def log_in(page, editor) -> None:
    page.goto(editor.url)
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Văn bản", exact=True).wait_for()


def choose(box, typed: str, shown: str) -> None:
    """A select: type part of the label, take the first match, check what it shows."""
    box.click()
    box.fill(typed)
    box.press("Enter")
    container = box.locator("xpath=ancestor::div[contains(@aria-label, 'Trường select')][1]")
    assert shown in container.inner_text(), (typed, container.inner_text())


def visible(page, label: str):
    """The one field shown with this label (optional fields add «(không bắt buộc)»)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(không bắt buộc\))?$")).locator("visible=true")


def open_document(page, year: int, text: str) -> None:
    year_link = page.get_by_role("link", name=str(year), exact=True)
    try:  # the year folders show once the collection's files are listed
        year_link.wait_for(timeout=10_000)
    except Exception:  # noqa: BLE001 - the collection was folded: unfold it
        page.get_by_role("link", name="Văn bản", exact=True).click()
    year_link.click()
    page.get_by_text(text).click()
    page.get_by_label("Số, ký hiệu").wait_for()


def save(page, editor, count: int) -> str:
    """Click «Lưu»; the line `nhiemvu edit` prints for the `count`-th save of the session."""
    page.get_by_role("button", name="Lưu", exact=True).click()
    line = editor.wait_for("Đã lưu ", timeout=60, count=count)
    page.get_by_text("Thay đổi đã được lưu").first.wait_for()
    return line


def english_words(page) -> list[str]:
    return sorted(set(ENGLISH.findall(page.inner_text("body"))))


def branch_of(line: str) -> str:
    return re.search(r"vào nhánh (cms/\S+) ", line).group(1)


def on_branch(repo: Path, branch: str, tmp_path: Path, *args: str):
    """`nhiemvu ARGS` in a detached worktree at `branch` (the editor keeps the main one)."""
    where = tmp_path / ("wt-" + re.sub(r"\W", "-", branch))
    if not where.exists():
        git(repo, "worktree", "add", "-q", "--detach", str(where), branch)
    return run_cli(list(args), cwd=where)


# -- the tests ---------------------------------------------------------------------------------------


def test_clerk_enters_a_document_updates_a_task_and_publishes(page, editor, repo, tmp_path, artifacts):
    log_in(page, editor)
    assert english_words(page) == []

    # 1. a new document with three tasks: classes a, b and c, two deadlines
    page.get_by_role("link", name="Văn bản", exact=True).click()
    page.get_by_role("link", name="Thêm văn bản").click()
    page.get_by_label("Số, ký hiệu").fill("27/QĐ-UBND")
    page.get_by_role("button", name="Lưu", exact=True).click()  # the rest still empty: refused, in Vietnamese
    page.get_by_text("Bạn còn thiếu vài thông tin bắt buộc").wait_for()
    assert page.get_by_text("Trích yếu bắt buộc nhập.").is_visible()
    assert not any(line.startswith("Đã lưu ") for line in editor.lines)
    page.get_by_label("Trích yếu").fill("Về việc  thử nghiệm biểu mẫu nhập liệu ")
    page.get_by_label("Ngày ban hành").fill(ISSUED.isoformat())
    choose(page.get_by_label("Người ký"), "(CT)", "Nguyễn Văn An — Chủ tịch UBND tỉnh (CT)")
    choose(page.get_by_label("Cơ quan trình"), "(STC)", "Sở Tài chính (STC)")
    tasks = page.locator("[aria-label='Trường list']").first
    tasks.get_by_role("button", name="Thêm nhiệm vụ").click()
    tasks.get_by_role("button", name="Thêm nhiệm vụ").click()
    specs = [
        (1, "Xây dựng kế hoạch, trình UBND tỉnh.", "(STC)", ["(SNV)"], "(TH)", "QC45_a", DEADLINE_A),
        (2, "Hướng dẫn các xã triển khai.", "(SNV)", [], "(KT)", "QC45_b", DEADLINE_B),
        (3, "Báo cáo kết quả khi hoàn thành.", "(STC)", [], "(TH)", "QC45_c", None),
    ]
    for i, (number, content, assignee, coordinators, monitor, cls, deadline) in enumerate(specs):
        page.get_by_label("Số thứ tự nhiệm vụ").nth(i).fill(str(number))
        page.get_by_label("Nội dung nhiệm vụ").nth(i).fill(content)
        choose(page.get_by_label("Cơ quan chủ trì", exact=True).nth(i), assignee, assignee)
        for code in coordinators:
            choose(page.get_by_label("Cơ quan phối hợp").nth(i), code, code)
        choose(page.get_by_label("Đơn vị theo dõi, đôn đốc").nth(i), monitor, monitor)
        choose(page.get_by_label("Phân loại nhiệm vụ").nth(i), cls, cls)
        if deadline:
            page.get_by_label("Thời hạn thực hiện").nth(i).fill(deadline.isoformat())
    assert english_words(page) == []
    page.screenshot(path=str(artifacts / "editor-new-document.png"), full_page=True)
    new_line = save(page, editor, 1)
    new_path = f"register/documents/{ISSUED.year}/27-QD-UBND.yaml"
    assert new_path in new_line
    page.get_by_role("button", name="Trạng thái: Bản nháp").wait_for()

    # 2. a progress entry and an extension on task 1 of the hand-written document
    page.get_by_role("link", name=re.compile("Đang nhập trong mục Văn bản")).click()
    open_document(page, HAND_YEAR, "99/TB-UBND · Thông báo kết luận")
    page.get_by_role("button", name="Thêm một lần cập nhật tiến độ").nth(0).click()
    visible(page, "Ngày cập nhật").fill(TODAY.isoformat())
    choose(visible(page, "Trạng thái"), "in_progress", "Đang thực hiện")
    visible(page, "Ghi chú").fill("Đã họp các đơn vị, đang tổng hợp số liệu.")
    page.get_by_role("button", name="Thêm một lần gia hạn").nth(0).click()
    visible(page, "Hạn mới").fill(EXTENDED.isoformat())
    visible(page, "Văn bản quyết định gia hạn").fill("512/UBND-TH")
    visible(page, "Ngày của văn bản gia hạn").fill(TODAY.isoformat())
    assert english_words(page) == []
    update_line = save(page, editor, 2)
    assert HAND_PATH in update_line

    # 3. Git: two cms/ branches, each clean for the checker, each summarised by nhiemvu diff
    new_branch, update_branch = branch_of(new_line), branch_of(update_line)
    assert new_branch == f"cms/documents/{ISSUED.isoformat()}/27-qd-ubnd"
    assert update_branch == "cms/documents/" + HAND_PATH.removeprefix("register/documents/").removesuffix(".yaml")
    assert sorted(git(repo, "branch", "--list", "cms/*", "--format=%(refname:short)").split()) == sorted(
        [new_branch, update_branch]
    )
    assert git(repo, "diff", "--name-only", "main", new_branch).split() == [new_path]
    assert git(repo, "diff", "--name-only", "main", update_branch).split() == [HAND_PATH]
    for branch in (new_branch, update_branch):
        check = on_branch(repo, branch, tmp_path, "check", "--register", "register", "--since", "main")
        assert check.exit_code == 0, check.output
        fix = on_branch(repo, branch, tmp_path, "fix", "--register", "register", "--dry-run")
        assert fix.exit_code == 0 and "0 giá trị" in fix.output, fix.output
    new_diff = on_branch(repo, new_branch, tmp_path, "diff", "main").stdout
    assert "27/QĐ-UBND" in new_diff and "Văn bản mới" in new_diff, new_diff
    update_diff = on_branch(repo, update_branch, tmp_path, "diff", "main").stdout
    assert "✅ Không có lỗi." in update_diff, update_diff
    # the progress entry: the task's state changes; the extension: its own table
    task = f"99/TB-UBND ({HAND_YEAR}) \\#1"
    assert f"| {task} | Chưa thực hiện | Đang thực hiện | TH — Phòng Tổng hợp |" in update_diff, update_diff
    assert f"| {task} | {EXTENDED:%d/%m/%Y} | 512/UBND-TH | {TODAY:%d/%m/%Y} |" in update_diff, update_diff
    written = git(repo, "show", f"{new_branch}:{new_path}")
    assert written == (
        "# yaml-language-server: $schema=../../../generator/schemas/document.schema.json\n"
        f"number: 27/QĐ-UBND\ntitle: Về việc thử nghiệm biểu mẫu nhập liệu\nissued: {ISSUED}\n"
        "signer: CT\nsubmitted_by: STC\nurgency: normal\nsecrecy: none\ntasks:\n"
        "  - id: 1\n    content: Xây dựng kế hoạch, trình UBND tỉnh.\n    assignee: STC\n    coordinators: [SNV]\n"
        f"    monitor: TH\n    classification: QC45_a\n    deadline: {DEADLINE_A}\n"
        "  - id: 2\n    content: Hướng dẫn các xã triển khai.\n    assignee: SNV\n    monitor: KT\n"
        f"    classification: QC45_b\n    deadline: {DEADLINE_B}\n"
        "  - id: 3\n    content: Báo cáo kết quả khi hoàn thành.\n    assignee: STC\n    monitor: TH\n"
        "    classification: QC45_c\n"
    )

    # 4. «Xuất bản» the new document from the workflow board: merged into main
    page.get_by_role("link", name=re.compile("Đang nhập trong mục Văn bản")).click()
    page.get_by_role("link", name="Biên tập").click()
    page.get_by_text("27/QĐ-UBND · Về việc thử nghiệm").click()
    page.get_by_role("button", name="Trạng thái: Bản nháp").click()
    page.get_by_role("menuitem", name="Sẵn sàng").click()
    page.get_by_role("button", name="Trạng thái: Sẵn sàng").wait_for()
    page.get_by_role("button", name="Xuất bản", exact=True).click()
    page.get_by_role("menuitem", name="Xuất bản ngay").click()
    page.get_by_text("Đã xuất bản").first.wait_for()
    assert new_branch in editor.wait_for("Đã xuất bản")
    assert git(repo, "show", f"main:{new_path}") == written
    assert git(repo, "branch", "--list", "cms/*", "--format=%(refname:short)").split() == [update_branch]
    assert git(repo, "status", "--porcelain") == ""
    assert page.watch.dialogs == ["Xuất bản: hợp nhất thay đổi này vào sổ theo dõi (nhánh chính)?"]
    page.screenshot(path=str(artifacts / "editor-published.png"))

    assert page.watch.errors == []
    assert page.watch.outside == []


def test_a_hand_written_document_keeps_its_bytes(page, editor, repo, tmp_path):
    log_in(page, editor)
    open_document(page, HAND_YEAR, "99/TB-UBND · Thông báo kết luận")
    # opened, a field touched and put back: nothing to save, the form refuses to write
    save_button = page.get_by_role("button", name="Lưu", exact=True)
    title = page.get_by_label("Trích yếu")
    title.press("End")
    title.type("x")
    assert save_button.is_enabled()
    title.press("Backspace")
    page.wait_for_timeout(300)
    assert not save_button.is_enabled()
    # one progress entry added to task 2: the file changes by exactly those lines
    page.get_by_role("button", name="Thêm một lần cập nhật tiến độ").nth(1).click()
    visible(page, "Ngày cập nhật").fill(TODAY.isoformat())
    choose(visible(page, "Trạng thái"), "in_progress", "Đang thực hiện")
    line = save(page, editor, 1)
    branch = branch_of(line)
    before = hand_written()
    after = git(repo, "show", f"{branch}:{HAND_PATH}")
    assert after == before + f"    progress:\n      - date: {TODAY}\n        status: in_progress\n"
    fix = on_branch(repo, branch, tmp_path, "fix", "--register", "register", "--dry-run")
    assert "0 giá trị" in fix.output, fix.output
    check = on_branch(repo, branch, tmp_path, "check", "--register", "register", "--since", "main")
    assert check.exit_code == 0, check.output
    assert page.watch.errors == [] and page.watch.outside == []


def test_the_built_site_editor_loads_without_outside_requests(browser, tmp_path):
    """/admin/ of `nhiemvu build` with the GitHub backend: the login page, nothing fetched elsewhere
    (no CDN, no githubstatus.com), no console error."""
    root = make_register(tmp_path / "repo").parent
    site = tmp_path / "site"
    result = run_cli(
        ["build", "--register", "register", "--site-dir", str(site), "--as-of", "2026-06-30"],
        cwd=root,
        env={
            "NHIEMVU_CMS_REPO": "vpubnd-thu-nghiem/nhiemvu",
            "GITHUB_REPOSITORY": None,
            "NHIEMVU_CMS_AUTH_URL": "https://xacthuc.example.gov.vn/auth",
        },
    )
    assert result.exit_code == 0, result.output
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        watch = Watch(page, origin)
        page.goto(origin + "/admin/")
        page.get_by_role("button", name="Đăng nhập bằng GitHub").wait_for()
        page.wait_for_load_state("networkidle")
        assert watch.errors == [] and watch.outside == []
        assert english_words(page) == []
    finally:
        context.close()
        server.shutdown()
        server.server_close()
