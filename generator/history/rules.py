"""Rules that need Git history: a change must add to the register, never rewrite it.

`since_problems` compares the register at a base revision (a pull request's base, or HEAD
before a commit) with the working tree; only the files the change touches are read from Git
and parsed, so the cost follows the size of the change, not of the register.
`flash_problems` uses the one-pass history (generator.history.log.collect) for R4.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import git

from generator.history import git as gitx
from generator.history.log import History, collect
from generator.register.codes import define, problem
from generator.register.load import load_register_files
from generator.register.model import Document, Extension, ProgressEntry, Register, Task
from generator.register.problems import Fix, Problem
from generator.register.rules.base import delete_fix, value_fix
from generator.register.status import task_state
from generator.register.workdays import WorkCalendar
from generator.register.yamlsrc import scalar_text
from generator.vi import fmt_date, truncate

# -- the codes, each with its documentation (the error-code page lists them)

define(
    "history-document-removed",
    "error",
    """Văn bản đã nhập sổ bị xóa.

Sổ theo dõi là sổ cái: văn bản đã nhập không bao giờ bị xóa. Nhiệm vụ thôi thực hiện thì ghi
mục tiến độ `status: cancelled` có `note` nêu văn bản quyết định.

Đúng:

    progress:
      - {date: 2026-05-02, status: cancelled, note: Thôi thực hiện theo Văn bản 610/UBND-TH.}

Sai:

    git rm register/documents/2026/45-QD-UBND.yaml
""",
    scope="history",
)
define(
    "history-number-changed",
    "error",
    """Số, ký hiệu của văn bản đã nhập bị sửa.

Số, ký hiệu là mã nhận diện văn bản (R1), đã dùng trong mã nhiệm vụ, báo cáo và trang công khai,
nên sửa về sau làm đứt mọi liên kết tới văn bản. Trả lại số, ký hiệu như lúc nhập sổ; nếu nhập
nhầm thật, báo Phòng Hành chính - Tổ chức để xử lý bằng văn bản đính chính.

Đúng:

    number: 45/QĐ-UBND      # như lúc nhập sổ

Sai:

    number: 46/QĐ-UBND      # sửa số của văn bản đã có
""",
    scope="history",
)
define(
    "history-issued-changed",
    "error",
    """Ngày ban hành của văn bản đã nhập bị sửa.

Ngày ban hành quyết định văn bản thuộc năm nào, người ký và cơ quan nào hợp lệ, và đã có trong
các báo cáo đã gửi, đã công bố (R12); sửa về sau làm số liệu cũ và mới không còn khớp. Trả lại
ngày như lúc nhập sổ; nếu nhập nhầm thật, báo Phòng Hành chính - Tổ chức để xử lý bằng văn bản
đính chính.

Đúng:

    issued: 2026-03-02      # như lúc nhập sổ

Sai:

    issued: 2026-03-05      # sửa ngày của văn bản đã có
""",
    scope="history",
)
define(
    "history-task-removed",
    "error",
    """Nhiệm vụ đã nhập bị xóa khỏi văn bản.

Nhiệm vụ không bao giờ bị xóa; nhiệm vụ thôi thực hiện thì ghi mục tiến độ `cancelled`.

Đúng:

    - {date: 2026-05-02, status: cancelled, note: Thôi thực hiện theo Văn bản 610/UBND-TH.}

Sai:

    # xóa cả khối «- id: 3 …»
""",
    scope="history",
)
define(
    "history-task-id-changed",
    "error",
    """Số (id) của nhiệm vụ bị đổi.

Mã toàn cục `45/QĐ-UBND#3` đã được dùng trong báo cáo và trang công khai nên không đổi được.

Đúng:

    - id: 3

Sai:

    - id: 4     # trước đây là 3
""",
    scope="history",
)
define(
    "history-task-id-reused",
    "error",
    """Số (id) của một nhiệm vụ cũ được dùng cho nhiệm vụ khác.

Mã nhiệm vụ (như `45/QĐ-UBND#3`) đã gắn với một nội dung và một cơ quan trong báo cáo và trang
công khai; dùng lại số đó cho việc khác làm tiến độ của nhiệm vụ cũ bị tính sang nhiệm vụ mới.
Trả lại nhiệm vụ cũ như trước và ghi nhiệm vụ mới với số tiếp theo chưa dùng.

Đúng:

    - id: 5     # số mới chưa dùng

Sai:

    - id: 3     # nội dung và cơ quan được giao đều khác nhiệm vụ 3 cũ
""",
    scope="history",
)
define(
    "history-deadline-edited",
    "error",
    """Thời hạn bị sửa trực tiếp thay vì ghi gia hạn (R10).

Thời hạn chỉ đổi bằng văn bản của UBND tỉnh: giữ `deadline` cũ và thêm một mục `extensions`.

Đúng:

    deadline: 2026-04-15
    extensions:
      - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}

Sai:

    deadline: 2026-05-15    # trước đây là 2026-04-15
""",
    scope="history",
)
define(
    "history-progress-changed",
    "error",
    """Mục tiến độ đã ghi bị sửa, đổi thứ tự hoặc xóa.

`progress` chỉ được ghi thêm vào cuối. Ghi nhầm thì thêm mục mới nêu việc đính chính.

Đúng:

    progress:
      - {date: 2026-03-10, status: in_progress}
      - {date: 2026-03-17, status: in_progress, note: Đính chính mục ngày 10/3.}

Sai:

    progress:
      - {date: 2026-03-11, status: in_progress}   # sửa mục đã ghi
""",
    scope="history",
)
define(
    "history-extension-changed",
    "error",
    """Lần gia hạn đã ghi bị sửa, đổi thứ tự hoặc xóa.

Mỗi lần gia hạn là một quyết định của UBND tỉnh có văn bản kèm theo (R10); danh sách
`extensions` cho biết nhiệm vụ đã được lùi hạn mấy lần và theo văn bản nào, nên chỉ được ghi
thêm vào cuối. Giữ nguyên các lần đã ghi; nếu một lần ghi sai, thêm lần gia hạn đúng ở cuối và
một mục tiến độ có `note` nêu việc đính chính.

Đúng:

    extensions:
      - {deadline: 2026-05-15, document: 520/UBND-TH, date: 2026-04-10}
      - {deadline: 2026-06-15, document: 611/UBND-TH, date: 2026-05-12}

Sai:

    extensions:
      - {deadline: 2026-06-15, document: 520/UBND-TH, date: 2026-04-10}   # sửa lần đã ghi
""",
    scope="history",
)
define(
    "history-classification-changed",
    "warning",
    """Phân loại nhiệm vụ đổi mà không có ghi chú giải thích.

Phân loại a–d quyết định nhiệm vụ có thời hạn hay không và có phải trình, báo cáo hay không
(R3), nên đổi phân loại làm thay đổi số liệu; sửa phân loại sai là việc R6 yêu cầu, nhưng người
đọc sau cần biết vì sao. Khi đổi phân loại, thêm cùng lúc một mục tiến độ mới có `note` ghi lý
do phân loại lại.

Đúng:

    classification: QC45_a
    progress:
      - {date: 2026-04-02, status: in_progress, note: Phân loại lại a theo ý kiến Lãnh đạo Văn phòng.}

Sai:

    classification: QC45_a   # trước là QC45_b, không có mục tiến độ nào giải thích
""",
    scope="history",
)
define(
    "history-flash-late",
    "warning",
    """Văn bản hỏa tốc nhập sổ muộn (R4).

Văn bản hỏa tốc phải được phân loại, nhập sổ ngay sau khi ký: commit đầu tiên của tệp không
muộn hơn ngày làm việc sau ngày ban hành.

Đúng:

    # urgency: flash, issued 2026-03-02, commit đầu tiên ngày 2026-03-02

Sai:

    # urgency: flash, issued 2026-03-02, commit đầu tiên ngày 2026-03-09
""",
    scope="history",
)
define(
    "history-base-not-ancestor",
    "warning",
    """Phiên bản gốc không nằm trong lịch sử của thay đổi.

`check --since GỐC` so sánh sổ với phiên bản gốc để bảo đảm thay đổi chỉ ghi thêm. Khi phiên bản
gốc không phải là tổ tiên của bản đang kiểm tra — lịch sử đã bị viết lại (force-push), hoặc nhánh
được tạo từ một lịch sử khác — phép so sánh có thể báo những «xóa», «sửa» không có thật, hoặc bỏ
sót thay đổi thật. Cập nhật nhánh theo nhánh gốc hiện tại rồi kiểm tra lại; nếu chính nhánh gốc bị
viết lại, báo người quản trị kho khôi phục lịch sử cũ.

Đúng:

    git fetch origin && git rebase origin/main
    nhiemvu check --since origin/main

Sai:

    git push --force origin main    # viết lại lịch sử của sổ
    nhiemvu check --since <commit cũ đã bị thay>
""",
    scope="history",
)
define(
    "history-backdated-progress",
    "warning",
    """Mục tiến độ ghi lùi ngày làm nhiệm vụ quá hạn thành đúng hạn.

Thay đổi thêm một mục tiến độ có ngày sớm hơn ngày lưu phiên bản gốc, và chính mục đó làm nhiệm
vụ đang «quá hạn» ở phiên bản gốc thành «đúng hạn» (ví dụ ghi «done» ngày trước thời hạn, nhưng
đến sau thời hạn mới ghi vào sổ). Có thể đúng là việc xong sớm mà ghi chậm; người duyệt cần đối
chiếu với văn bản báo cáo. Nếu ngày ghi nhầm, sửa thành ngày thực tế hoàn thành.

Đúng:

    # phiên bản gốc lưu ngày 2026-04-20; thời hạn 2026-04-15
    - {date: 2026-04-22, status: done, report: 88/BC-STC}

Sai:

    # phiên bản gốc lưu ngày 2026-04-20; thời hạn 2026-04-15
    - {date: 2026-04-10, status: done, report: 88/BC-STC}
""",
    scope="history",
)
define(
    "history-done-cancelled",
    "warning",
    """Nhiệm vụ đã hoàn thành lại được ghi hủy.

Thay đổi thêm mục tiến độ `cancelled` sau một mục `done`: nhiệm vụ chuyển từ «đã hoàn thành»
sang «đã hủy», ra khỏi số liệu hoàn thành đúng hạn, quá hạn của cơ quan (R2) mà không ai hay.
Nhiệm vụ đã hoàn thành thì không hủy; nếu kết quả hoàn thành bị thu hồi, ghi mục `in_progress`
nêu văn bản thu hồi, rồi ghi tiếp khi xử lý xong.

Đúng:

    - {date: 2026-04-10, status: done, report: 88/BC-STC}
    - {date: 2026-05-02, status: in_progress, note: Báo cáo 88/BC-STC bị trả lại theo Văn bản 612/UBND-TH.}

Sai:

    - {date: 2026-04-10, status: done, report: 88/BC-STC}
    - {date: 2026-05-02, status: cancelled, note: Thôi thực hiện.}
""",
    scope="history",
)


define(
    "history-audience-changed",
    "error",
    """Phạm vi công bố (`audience`) của sổ bị đổi.

`audience` quyết định sổ là sổ công khai (được đưa lên mạng, từ chối mọi văn bản mật) hay sổ
mật (chỉ ở trên máy không nối mạng, không bao giờ được xuất bản). Đổi nó trong một đề nghị thay
đổi là đổi cả chế độ bảo vệ bí mật của kho: không bao giờ được làm. Sổ mật là một kho riêng,
lập mới trên máy cách ly (xem `docs/so-mat.md`).

Đúng:

    audience: public        # như ở nhánh chính

Sai:

    audience: secret        # nhánh chính ghi public
""",
    scope="history",
)
define(
    "history-secret-removed",
    "warning",
    """Văn bản mật đã được xóa khỏi sổ công khai, nhưng vẫn còn trong lịch sử Git.

Xóa tệp văn bản mật là đúng (lỗi `secret-document` yêu cầu như vậy), nên kiểm tra lịch sử không
đòi khôi phục nó. Nhưng mọi commit cũ vẫn giữ tệp: ai sao chép (clone) kho đều đọc được. Phải
xóa tệp khỏi toàn bộ lịch sử bằng `git filter-repo` (hoặc BFG Repo-Cleaner), đẩy lại lịch sử đã
làm sạch, yêu cầu GitHub xóa bản lưu đệm, và báo cáo Lãnh đạo Văn phòng (các bước ở
`docs/so-mat.md`).

Đúng:

    git filter-repo --invert-paths --path register/documents/2026/88-CV-UBND.yaml

Sai:

    git rm register/documents/2026/88-CV-UBND.yaml   # rồi để nguyên lịch sử
""",
    scope="history",
)


SAME_TASK_RATIO = 0.8  # a "new" task this similar to a vanished one is the same task renumbered
REUSED_RATIO = 0.5  # a task whose content changed this much (and its agency too) is a reused id


@dataclass(slots=True)
class SinceResult:
    problems: list[Problem] = field(default_factory=list)
    touched_task_ids: set[str] = field(default_factory=set)  # global ids added or changed
    notes: list[str] = field(default_factory=list)  # Vietnamese, for the reader (what was skipped)
    base: str | None = None  # the base commit's SHA, when resolved
    touched_files: set[str] | None = None  # register files the change touches; None: unknown (all)


def _fmt(day: dt.date | None) -> str:
    return fmt_date(day, "(không có)")


def _line(doc: Document, path: tuple, fallback: int) -> int:
    positions = getattr(doc, "positions", None)
    if positions is not None:
        try:
            line = positions.line_of(path)
        except (KeyError, IndexError, TypeError, AttributeError):
            line = 0
        if line:
            return line
    return fallback


def _progress_key(entry: ProgressEntry) -> tuple:
    return (
        entry.date,
        entry.status,
        entry.note,
        entry.delay_reason,
        entry.report,
        entry.recommendation,
    )


def _extension_key(entry: Extension) -> tuple:
    return (entry.deadline, entry.document, entry.date)


def _task_key(task: Task) -> tuple:
    return (
        task.content,
        task.assignee,
        task.monitor,
        task.classification,
        tuple(task.coordinators),
        task.deadline,
        tuple(_extension_key(e) for e in task.extensions),
        tuple(_progress_key(p) for p in task.progress),
    )


def _similar(a: str, b: str) -> float:
    return 1.0 if a == b else SequenceMatcher(None, a or "", b or "", autojunk=False).ratio()


def _first_violation(old: list[tuple], new: list[tuple]) -> tuple[str, int] | None:
    """Where an append-only list stopped being append-only: (edited|reordered|removed, index)."""
    for index, entry in enumerate(old):
        if index >= len(new):
            return "removed", index
        if new[index] != entry:
            return ("reordered" if entry in new else "edited"), index
    return None


# --------------------------------------------------------------------------- --since


def since_problems(
    repo_root: Path,
    rev: str,
    register_prefix: str,
    current_register: Register,
    *,
    head: str | None = None,
) -> SinceResult:
    """History rules between `rev` and the working tree, and the ids of the tasks the change touches.

    `head` compares with that commit instead of the working tree (for `nhiemvu diff BASE HEAD`;
    `current_register` must then be loaded from that commit).
    Raises HistoryError (Vietnamese message) when `rev` names no commit of a full clone
    or `repo_root` is not a Git repository: that is a wrongly called command (exit 2).
    """
    repo = gitx.open_repo(Path(repo_root))
    prefix = gitx.normalize_prefix(repo_root, register_prefix)
    all_ids = {t.global_id for d in current_register.documents for t in d.tasks}
    result = SinceResult()
    if not gitx.has_commits(repo):
        result.touched_task_ids = all_ids
        result.notes.append("Kho Git chưa có commit nào: mọi nhiệm vụ được coi là mới thêm.")
        return result
    base = gitx.resolve(repo, rev)
    if base is None:
        if gitx.is_shallow(repo):
            result.touched_task_ids = all_ids
            result.notes.append(
                f"Kho là bản sao nông (shallow clone) và không có phiên bản «{rev}»: đã bỏ qua các kiểm tra "
                "lịch sử (xóa, sửa mục cũ, đổi số, đổi thời hạn); quy tắc quá hạn áp dụng cho toàn bộ sổ. "
                "Lấy đủ lịch sử bằng «git fetch --unshallow» (fetch-depth: 0 trong quy trình)."
            )
            return result
        raise gitx.unknown_rev(repo, rev)
    result.base = base
    shown = rev[:7] if re.fullmatch(r"[0-9a-f]{40}", rev) else rev  # a commit is named by its short id
    result.problems += ancestry_problems(repo, base, rev, head, prefix)
    changed, deleted = gitx.changed_paths(repo, base, prefix, head)
    result.touched_files = changed | deleted
    if f"{prefix}/register.yaml" in changed:
        result.problems += _audience_changed(repo, base, prefix, current_register, rev, head)
    touched_paths = {p for p in changed | deleted if _is_doc(p, prefix)}
    if not touched_paths:
        return result
    base_files = _blobs(repo, base, prefix, touched_paths)
    base_register, _ = load_register_files(base_files, register_prefix=prefix)
    base_docs = {d.file: d for d in base_register.documents}
    current = {d.file: d for d in current_register.documents}
    new_docs = [current[p] for p in sorted(touched_paths) if p in current and p not in base_files]
    for path in sorted(touched_paths):
        if path in base_register.secret_files:
            # Secret at the base: never compared (nothing of it is quoted), and removing it is what
            # the secret-document rule asks for; what is left to do is purging it from history.
            if path in deleted:
                result.problems.append(_secret_removed(path, rev))
            continue
        old = base_docs.get(path)
        if old is None:
            continue  # added, or unreadable at the base
        if path in current:
            _compare(old, current[path], shown, result)
        elif path in deleted:
            match = _renamed(old, new_docs)
            if match is None:
                result.problems.append(_removed_document(old, shown))
            else:
                new_docs.remove(match)
                _compare(old, match, shown, result)
        # else: the file is still there but does not load; the loader already said why
    for doc in new_docs:
        result.touched_task_ids.update(t.global_id for t in doc.tasks)
    for doc in (current[p] for p in touched_paths if p in current and p not in base_docs):
        result.touched_task_ids.update(t.global_id for t in doc.tasks)
    pairs = [(base_docs.get(p), current[p]) for p in sorted(touched_paths) if p in current]
    result.problems += progress_problems(pairs, gitx.commit_time(repo, base, current_register.settings.zone), rev)
    return result


def _is_doc(path: str, prefix: str) -> bool:
    return path.startswith(f"{prefix}/documents/") and path.endswith((".yaml", ".yml"))


def _blobs(repo, commit: str, prefix: str, paths: set[str]) -> dict[str, bytes]:
    blobs = gitx.tree_blobs(repo, commit, f"{prefix}/documents")
    return {p: data for p in paths if p in blobs and (data := gitx.read_blob(repo, blobs[p])) is not None}


def _renamed(old: Document, candidates: list[Document]) -> Document | None:
    """A new document file that is the old one with its number or year corrected."""
    for doc in candidates:
        if doc.title == old.title and (
            {t.id for t in doc.tasks} == {t.id for t in old.tasks} or doc.issued == old.issued
        ):
            return doc
    return None


def ancestry_problems(repo, base: str, rev: str, head: str | None, prefix: str) -> list[Problem]:
    """A base that is not an ancestor of what is checked: history was rewritten (force-push), or
    the branch comes from another history, and the comparison may report what did not happen."""
    target = head or "HEAD"
    if not gitx.has_commits(repo) or gitx.is_ancestor(repo, base, target):
        return []
    shown = "bản đang kiểm tra" if head is None else f"«{head}»"
    return [
        problem(
            "history-base-not-ancestor",
            prefix,
            0,
            0,
            f"Phiên bản gốc «{rev}» không nằm trong lịch sử của {shown}: lịch sử đã bị viết lại (force-push) "
            f"hoặc nhánh được tạo từ một lịch sử khác, nên các so sánh với «{rev}» có thể báo thay đổi không có "
            "thật hoặc bỏ sót thay đổi thật.",
            "Cập nhật nhánh theo nhánh gốc hiện tại («git fetch origin» rồi «git rebase origin/main») và chạy lại "
            "với phiên bản gốc mới; nếu chính nhánh gốc bị viết lại, báo người quản trị kho khôi phục lịch sử cũ.",
        )
    ]


def progress_problems(
    pairs: list[tuple[Document | None, Document]], base_time: dt.datetime | None, rev: str
) -> list[Problem]:
    """Progress entries a change adds that rewrite what the register said: a completion dated
    before the base was saved that turns an overdue task into one done on time, and a done task
    cancelled. (The base document is None for a document the change adds.)"""
    problems: list[Problem] = []
    base_day = base_time.date() if base_time is not None else None
    for old_doc, new_doc in pairs:
        old_tasks = {t.id: t for t in old_doc.tasks} if old_doc is not None else {}
        for task in new_doc.tasks:
            old = old_tasks.get(task.id)
            known = {_progress_key(p) for p in old.progress} if old is not None else set()
            added = [i for i, p in enumerate(task.progress) if _progress_key(p) not in known]
            if not added:
                continue
            problems += _done_cancelled(task, added, new_doc)
            if old is not None and old_doc is not None and base_day is not None:
                problems += _backdated(old, old_doc, task, new_doc, added, base_day, rev)
    return problems


def _done_cancelled(task: Task, added: list[int], doc: Document) -> list[Problem]:
    found = []
    for i in added:
        entry = task.progress[i]
        if entry.status == "cancelled" and i > 0 and task.progress[i - 1].status == "done":
            done = task.progress[i - 1]
            fix = delete_fix(doc, ("tasks", task.index, "progress", i))
            found.append(
                problem(
                    "history-done-cancelled",
                    doc.file,
                    entry.line or _line(doc, ("tasks", task.index, "progress", i), task.line),
                    0,
                    f"Nhiệm vụ {task.label} đã hoàn thành (mục ngày {_fmt(done.date)}) nay được ghi hủy "
                    f"(mục ngày {_fmt(entry.date)}): nó sẽ ra khỏi số liệu hoàn thành của cơ quan.",
                    f"Nhiệm vụ đã hoàn thành thì không hủy: xóa mục «cancelled» ở dòng {fix.line}. Nếu kết quả "
                    "hoàn thành thật sự bị thu hồi, ghi thay vào đó mục «in_progress» có «note» nêu văn bản thu hồi.",
                    [fix],
                )
            )
    return found


def _backdated(
    old: Task, old_doc: Document, task: Task, doc: Document, added: list[int], base_day: dt.date, rev: str
) -> list[Problem]:
    early = [i for i in added if task.progress[i].date is not None and task.progress[i].date < base_day]
    if not early:
        return []
    before = task_state(old, old_doc, base_day)
    after = task_state(task, doc, base_day)
    if not (before.timeliness == "late" and after.timeliness == "on_time"):
        return []
    entry = task.progress[early[-1]]
    return [
        problem(
            "history-backdated-progress",
            doc.file,
            entry.line or _line(doc, ("tasks", task.index, "progress", early[-1]), task.line),
            0,
            f"Nhiệm vụ {task.label}: mục tiến độ ngày {_fmt(entry.date)} được ghi sau khi phiên bản gốc «{rev}» "
            f"được lưu ({_fmt(base_day)}) và đổi nhiệm vụ từ «quá hạn» (hạn {_fmt(before.deadline_in_force)}) "
            "thành «đúng hạn».",
            "Người duyệt đối chiếu ngày này với văn bản báo cáo; nếu ngày ghi nhầm, sửa thành ngày thực tế hoàn thành.",
        )
    ]


def _removed_document(old: Document, rev: str) -> Problem:
    return problem(
        "history-document-removed",
        old.file,
        0,
        0,
        f"Văn bản {old.number} (ban hành {_fmt(old.issued)}) có trong sổ ở «{rev}» nhưng đã bị xóa.",
        "Không xóa văn bản đã nhập sổ: khôi phục tệp; nhiệm vụ không còn thực hiện thì thêm mục "
        "tiến độ «status: cancelled» có ngày và ghi chú lý do.",
    )


def _secret_removed(path: str, rev: str) -> Problem:
    return problem(
        "history-secret-removed",
        path,
        0,
        0,
        f"Văn bản mật đã được xóa khỏi sổ công khai, nhưng tệp vẫn còn trong lịch sử Git (có ở «{rev}»).",
        f"Xóa tệp khỏi toàn bộ lịch sử: «git filter-repo --invert-paths --path {path}» (hoặc BFG), đẩy lại "
        "bằng «git push --force», yêu cầu GitHub xóa bản lưu đệm, báo cáo Lãnh đạo Văn phòng (docs/so-mat.md).",
    )


_AUDIENCE_LINE = re.compile(rb"^audience[ \t]*:[ \t]*[\"']?([^\s\"'#]*)", re.M)


def _audience_of(data: bytes | None) -> str | None:
    """The `audience` written in a register.yaml (public when absent); read by line, never expanded."""
    if data is None:
        return None
    found = _AUDIENCE_LINE.search(data)
    return found.group(1).decode("utf-8", "replace") if found else "public"


def _audience_changed(repo, base: str, prefix: str, register: Register, rev: str, head: str | None) -> list[Problem]:
    """`audience` differs from the base revision's: an error on the working tree's line."""
    try:
        data = repo.git.show(f"{base}:{prefix}/register.yaml", stdout_as_string=False)
    except git.exc.GitCommandError:
        return []  # no register.yaml at the base: a new register
    before = _audience_of(data)
    settings = register.settings
    path = Path(register.root) / "register.yaml"
    try:
        now = _audience_of(path.read_bytes()) if head is None and path.is_file() else settings.audience
    except OSError:
        now = settings.audience
    if before is None or before == now:
        return []
    line = settings.lines.get("audience", 0)
    return [
        problem(
            "history-audience-changed",
            settings.file,
            line,
            1 if line else 0,
            f"Phạm vi công bố (audience) của sổ đã đổi từ «{before}» thành «{now}» so với «{rev}».",
            f"Trả lại «audience: {before}». Sổ mật là một kho riêng, lập mới trên máy không kết nối mạng "
            "(docs/so-mat.md); sổ công khai không bao giờ đổi thành sổ mật hay ngược lại.",
            (Fix("line", f"audience: {before}", line=line),) if line else (),
        )
    ]


def _compare(old: Document, new: Document, rev: str, result: SinceResult) -> None:
    problems = result.problems
    file = new.file
    if old.number != new.number:
        problems.append(
            problem(
                "history-number-changed",
                file,
                _line(new, ("number",), 1),
                0,
                f"Số, ký hiệu của văn bản đã đổi từ «{old.number}» thành «{new.number}».",
                f"Số, ký hiệu của văn bản đã nhập không được sửa: trả lại «number: {scalar_text(old.number)}» như "
                "lúc nhập sổ. Nếu nhập nhầm thật, báo Phòng Hành chính - Tổ chức để xử lý bằng văn bản đính chính.",
                (value_fix(new, ("number",), scalar_text(old.number)),),
            )
        )
    if old.issued != new.issued:
        problems.append(
            problem(
                "history-issued-changed",
                file,
                _line(new, ("issued",), 1),
                0,
                f"Ngày ban hành của văn bản {new.number} đã đổi từ {_fmt(old.issued)} thành {_fmt(new.issued)}.",
                f"Ngày ban hành của văn bản đã nhập không được sửa: trả lại «issued: {old.issued.isoformat()}»; nếu "
                "nhập nhầm thật, báo Phòng Hành chính - Tổ chức để xử lý bằng văn bản đính chính.",
                (value_fix(new, ("issued",), old.issued.isoformat()),),
            )
        )
    old_tasks = {t.id: t for t in old.tasks}
    new_tasks = {t.id: t for t in new.tasks}
    added = [t for i, t in new_tasks.items() if i not in old_tasks]
    tasks_line = _line(new, ("tasks",), new.line)
    unloaded, anonymous = _unloaded_tasks(new)
    for tid, task in old_tasks.items():
        if tid in new_tasks:
            continue
        task_name = task.label
        if tid in unloaded or anonymous:
            result.notes.append(_unreadable_note(task, file, unloaded.get(tid) or tasks_line, rev))
            continue
        same = max(added, key=lambda t: _similar(t.content, task.content), default=None)
        if same is not None and _similar(same.content, task.content) >= SAME_TASK_RATIO:
            added.remove(same)
            result.touched_task_ids.add(same.global_id)
            problems.append(
                problem(
                    "history-task-id-changed",
                    file,
                    _line(new, ("tasks", same.index, "id"), same.line),
                    0,
                    f"Nhiệm vụ {task_name} đã bị đổi số thành {same.id}.",
                    f"Số nhiệm vụ không bao giờ thay đổi: trả lại «id: {tid}».",
                    (value_fix(new, ("tasks", same.index, "id"), str(tid)),),
                )
            )
            _compare_task(task, same, new, rev, result)
        else:
            problems.append(
                problem(
                    "history-task-removed",
                    file,
                    tasks_line,
                    0,
                    f"Nhiệm vụ {task_name} («{truncate(task.content, 60)}») có ở «{rev}» nhưng đã bị xóa.",
                    "Không xóa nhiệm vụ: khôi phục nó; nhiệm vụ không còn thực hiện thì thêm mục tiến độ "
                    "«status: cancelled» có ngày và ghi chú lý do.",
                )
            )
    for task in added:
        result.touched_task_ids.add(task.global_id)
    for tid, task in new_tasks.items():
        if tid in old_tasks:
            _compare_task(old_tasks[tid], task, new, rev, result)


def _unloaded_tasks(doc: Document) -> tuple[dict[object, int], bool]:
    """Tasks written in the file that did not load (a field the loader refused): id → line, and
    whether one of them has no usable id. Such a task is unreadable, not removed."""
    root = doc.positions.root if doc.positions is not None else None
    raw = root.get("tasks") if isinstance(root, dict) else None
    if not isinstance(raw, list):
        return {}, False
    loaded = {t.index for t in doc.tasks}
    found: dict[object, int] = {}
    anonymous = False
    for index, item in enumerate(raw):
        if index in loaded:
            continue
        tid = item.get("id") if isinstance(item, dict) else None
        if isinstance(tid, int) and not isinstance(tid, bool):
            found[tid] = doc.positions.of(("tasks", index))[0]
        else:
            anonymous = True
    return found, anonymous


def _unreadable_note(task: Task, file: str, line: int, rev: str) -> str:
    return (
        f"Nhiệm vụ {task.label} ở {file} dòng {line} không đọc được (xem lỗi ở các dòng của nó) "
        f"nên chưa so sánh được với «{rev}»; sửa lỗi đó rồi kiểm tra lại."
    )


def touched_only(problems: list[Problem], since: SinceResult) -> list[Problem]:
    """The problems in the files a change touches (all of them when those files are unknown):
    what `check --since` reports from the full history, so a pull request is not annotated
    with warnings about files it never opened."""
    if since.touched_files is None:
        return list(problems)
    return [p for p in problems if p.file in since.touched_files]


def _compare_task(old: Task, new: Task, doc: Document, rev: str, result: SinceResult) -> None:
    if _task_key(old) == _task_key(new):
        return
    task_name = new.label
    result.touched_task_ids.add(new.global_id)
    problems = result.problems
    file = doc.file
    base = ("tasks", new.index)
    if old.id == new.id and _similar(old.content, new.content) < REUSED_RATIO and old.assignee != new.assignee:
        problems.append(
            problem(
                "history-task-id-reused",
                file,
                _line(doc, base + ("content",), new.line),
                0,
                f"Số nhiệm vụ {task_name} đã được dùng cho một nhiệm vụ khác (nội dung và cơ quan được giao đều đổi: "
                f"trước là «{truncate(old.content, 60)}», {old.assignee}).",
                "Mỗi số nhiệm vụ chỉ dùng một lần: trả lại nhiệm vụ cũ và thêm nhiệm vụ mới với số tiếp theo.",
            )
        )
        return
    if old.deadline is not None and old.deadline != new.deadline:
        problems.append(
            problem(
                "history-deadline-edited",
                file,
                _line(doc, base + ("deadline",), new.line),
                0,
                f"Thời hạn của nhiệm vụ {task_name} bị sửa trực tiếp từ {_fmt(old.deadline)} thành "
                f"{_fmt(new.deadline)} (R10).",
                f"Trả lại «deadline: {old.deadline.isoformat()}» và thêm một mục «extensions» gồm deadline mới, "
                "document (số, ký hiệu văn bản quyết định gia hạn) và date.",
                (value_fix(doc, base + ("deadline",), old.deadline.isoformat()),) if new.deadline else (),
            )
        )
    _append_only(
        "history-progress-changed",
        "tiến độ",
        "progress",
        _PROGRESS_FIELDS,
        [_progress_key(p) for p in old.progress],
        new.progress,
        [_progress_key(p) for p in new.progress],
        doc,
        new,
        task_name,
        rev,
        problems,
    )
    _append_only(
        "history-extension-changed",
        "gia hạn",
        "extensions",
        _EXTENSION_FIELDS,
        [_extension_key(e) for e in old.extensions],
        new.extensions,
        [_extension_key(e) for e in new.extensions],
        doc,
        new,
        task_name,
        rev,
        problems,
    )
    if old.classification != new.classification:
        explained = any(p.note for p in new.progress[len(old.progress) :])
        if not explained:
            problems.append(
                problem(
                    "history-classification-changed",
                    file,
                    _line(doc, base + ("classification",), new.line),
                    0,
                    f"Phân loại của nhiệm vụ {task_name} đổi từ {old.classification} thành {new.classification} "
                    "mà không có mục tiến độ nào giải thích.",
                    "Thêm một mục tiến độ mới (date, status, note) ghi rõ lý do phân loại lại (R6).",
                )
            )


# The fields of _progress_key and _extension_key, in their order.
_PROGRESS_FIELDS = ("date", "status", "note", "delay_reason", "report", "recommendation")
_EXTENSION_FIELDS = ("deadline", "document", "date")


def _restore(doc, task, key, fields, index, old_key, new_key) -> tuple[str, tuple[Fix, ...]]:
    """Edits that give an edited entry back its old values, and the words saying them; none when
    a value the entry had is gone (only writing the old entry again would do)."""
    fixes, said = [], []
    for name, before, after in zip(fields, old_key, new_key, strict=True):
        path = ("tasks", task.index, key, index, name)
        if before == after:
            continue
        if before is None:
            fixes.append(delete_fix(doc, path))
            said.append(f"xóa «{name}» ở dòng {fixes[-1].line}")
        elif after is None:
            return "", ()
        else:
            text = scalar_text(before)
            fixes.append(value_fix(doc, path, text))
            said.append(f"trả lại «{name}: {text}»")
    return ("Cụ thể: " + "; ".join(said) + ". ") if fixes else "", tuple(fixes)


def _append_only(
    code, label, key, fields, old_keys, new_entries, new_keys, doc, task, task_name, rev, problems
) -> None:
    found = _first_violation(old_keys, new_keys)
    if found is None:
        return
    kind, index = found
    said, fixes = ("", ())
    if kind == "edited":
        said, fixes = _restore(doc, task, key, fields, index, old_keys[index], new_keys[index])
    day = old_keys[index][0]
    when = f" (ngày {_fmt(day)})" if isinstance(day, dt.date) else ""
    what = {"edited": "đã bị sửa", "reordered": "đã bị đổi thứ tự", "removed": "đã bị xóa"}[kind]
    if kind == "removed":
        line = new_entries[-1].line if new_entries else _line(doc, ("tasks", task.index), task.line)
    else:
        line = new_entries[index].line or _line(doc, ("tasks", task.index, key, index), task.line)
    problems.append(
        problem(
            code,
            doc.file,
            line,
            0,
            f"Mục {label} thứ {index + 1}{when} của nhiệm vụ {task_name} {what}; danh sách «{key}» chỉ được thêm "
            "mục mới ở cuối.",
            f"Giữ nguyên các mục cũ như ở «{rev}». {said}Nếu mục cũ ghi sai, thêm một mục mới ở cuối, ghi rõ "
            "nội dung đính chính.",
            fixes,
        )
    )


# --------------------------------------------------------------------------- R4 from history


def flash_problems(hist: History, register: Register) -> list[Problem]:
    """R4: a flash document entered later than the working day after its issue date (warning).

    Documents whose first commit a shallow clone hides, or not committed yet, are skipped.
    """
    if not hist.available:
        return []
    calendar = WorkCalendar.from_data(register.calendar)
    problems = []
    for doc in register.documents:
        if doc.urgency != "flash":
            continue
        entry = hist.documents.get(doc.file)
        if entry is None or entry.first is None:
            continue
        entered = entry.first.authored.date()
        limit = calendar.add_working_days(doc.issued, 1)
        if entered > limit:
            problems.append(
                problem(
                    "history-flash-late",
                    doc.file,
                    _line(doc, ("urgency",), 1),
                    0,
                    f"Văn bản hỏa tốc {doc.number} ký ngày {_fmt(doc.issued)} nhưng đến lần nhập ngày "
                    f"{_fmt(entered)} ({entry.first.short}) mới được đưa vào sổ.",
                    "R4: văn bản hỏa tốc phải được phân loại, nhập sổ ngay trong ngày ký; chậm nhất là ngày "
                    f"làm việc tiếp theo ({_fmt(limit)}).",
                )
            )
    return problems


def history_problems(repo_root: Path, register_prefix: str, register: Register) -> tuple[list[Problem], list[str]]:
    """Problems from the full history (R4) and notes (shallow clone, no Git): for `check`."""
    hist = collect(
        repo_root, gitx.normalize_prefix(repo_root, register_prefix), tasks=False, zone=register.settings.zone
    )
    return flash_problems(hist, register), list(hist.notes)
