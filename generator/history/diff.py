"""What a change does to the register (`nhiemvu diff`): plain data, and Markdown for pull-request
comments and step summaries.

Every value that comes from the register is escaped: Markdown and HTML characters, and `@`
(a task's text must never mention, and so notify, a GitHub user).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.history.git import changed_paths, open_repo
from generator.history.rules import _extension_key, _progress_key, since_problems
from generator.history.snapshots import load_snapshot, snapshot_at
from generator.register.check import check_register
from generator.register.load import load_register, load_register_files
from generator.register.model import CLASSIFICATIONS, STATUSES, Extension, ProgressEntry, Register, Task, is_secret
from generator.register.problems import Problem
from generator.register.secrecy import REDACTED, public_register, public_view, redact_problems, refuse_secret_register
from generator.register.status import CATEGORIES, TaskState, compute_states, today_for
from generator.vi import SEVERITY_VI, fmt_date, md_github, md_table, truncate

COMMENT_LIMIT = 65_000  # GitHub caps a comment at 65,536 characters
SUMMARY_LIMIT = 1_000_000  # a step summary's cap is 1 MiB
DIFF_MARKER = "<!-- nhiemvu-diff -->"


# --------------------------------------------------------------------------- diff


@dataclass(slots=True)
class TaskChange:
    """What a change does to one task: what a reviewer must read (new entries) and must question
    (direct edits: a field changed in place instead of an entry appended)."""

    state: TaskState  # after the change
    progress: list[ProgressEntry] = field(default_factory=list)  # entries the change adds
    extensions: list[Extension] = field(default_factory=list)  # extensions the change adds
    edits: list[tuple[str, object, object]] = field(default_factory=list)  # (field name, before, after)


@dataclass(slots=True)
class RegisterDiff:
    base: str  # short SHA
    head: str  # short SHA or "bản làm việc"
    as_of: dt.date
    documents_added: list = field(default_factory=list)  # Document
    documents_removed: list = field(default_factory=list)
    tasks_added: list[TaskState] = field(default_factory=list)
    status_changed: list[tuple[TaskState, TaskState]] = field(default_factory=list)  # (before, after)
    extensions: list[tuple[TaskState, object]] = field(default_factory=list)  # (after, Extension)
    became_overdue: list[TaskState] = field(default_factory=list)
    task_changes: list[TaskChange] = field(default_factory=list)  # tasks added or changed, with entries
    agencies: dict = field(default_factory=dict)  # code → Agency of the head register (names beside codes)
    # (before, after): tasks that were late and are now on time, said explicitly («quá hạn → đúng hạn»)
    became_on_time: list[tuple[TaskState, TaskState]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # in the change
    other_problems: int = 0  # elsewhere in the register
    notes: list[str] = field(default_factory=list)


def compare_states(
    base_register: Register,
    base_states: list[TaskState],
    head_register: Register,
    head_states: list[TaskState],
    as_of: dt.date,
    base: str,
    head: str,
) -> RegisterDiff:
    """Documents and tasks added, statuses changed, extensions granted, new overdue tasks."""
    diff = RegisterDiff(base, head, as_of, agencies=dict(head_register.agencies))
    base_docs = {(d.issued.year, d.number) for d in base_register.documents}
    head_docs = {(d.issued.year, d.number) for d in head_register.documents}
    diff.documents_added = [d for d in head_register.documents if (d.issued.year, d.number) not in base_docs]
    diff.documents_removed = [d for d in base_register.documents if (d.issued.year, d.number) not in head_docs]
    before = {s.id: s for s in base_states}
    for state in head_states:
        old = before.get(state.id)
        change = task_change(old.task if old else None, state)
        if change is not None:
            diff.task_changes.append(change)
        if old is None:
            diff.tasks_added.append(state)
            if state.overdue:
                diff.became_overdue.append(state)
            continue
        if old.status != state.status:
            diff.status_changed.append((old, state))
        for ext in state.task.extensions[len(old.task.extensions) :]:
            diff.extensions.append((state, ext))
        if state.overdue and not old.overdue:
            diff.became_overdue.append(state)
        if old.timeliness == "late" and state.timeliness == "on_time":
            diff.became_on_time.append((old, state))
    return diff


# What a field is called when a reviewer is told it was edited in place.
_FIELDS = {
    "content": "nội dung",
    "assignee": "cơ quan chủ trì",
    "coordinators": "cơ quan phối hợp",
    "monitor": "đơn vị theo dõi",
    "classification": "phân loại",
    "deadline": "thời hạn",
    "progress": "mục tiến độ đã có",
    "extensions": "lần gia hạn đã có",
}


def _appended(old: list, new: list, key) -> tuple[list, bool]:
    """(entries the change adds, whether it also rewrote the entries there were)."""
    old_keys = [key(e) for e in old]
    new_keys = [key(e) for e in new]
    if new_keys[: len(old_keys)] == old_keys:
        return new[len(old) :], False
    return [e for e, k in zip(new, new_keys, strict=True) if k not in old_keys], True


def task_change(old: Task | None, state: TaskState) -> TaskChange | None:
    """New progress entries and extensions of a task, and its fields edited in place; None when
    the change leaves the task as it was."""
    new = state.task
    if old is None:
        if not (new.progress or new.extensions):
            return None
        return TaskChange(state, list(new.progress), list(new.extensions))
    change = TaskChange(state)
    change.progress, progress_rewritten = _appended(old.progress, new.progress, _progress_key)
    change.extensions, extensions_rewritten = _appended(old.extensions, new.extensions, _extension_key)
    for name in ("content", "assignee", "coordinators", "monitor", "classification", "deadline"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            change.edits.append((name, before, after))
    if progress_rewritten:
        change.edits.append(("progress", None, None))
    if extensions_rewritten:
        change.edits.append(("extensions", None, None))
    if not (change.progress or change.extensions or change.edits):
        return None
    return change


def _title(doc) -> str:
    return REDACTED if is_secret(doc) else md_github(truncate(doc.title, 90))


def _agency(diff: RegisterDiff, code: str | None) -> str:
    """«STC — Sở Tài chính»: the code a register uses, and the name a reviewer knows."""
    agency = diff.agencies.get(code)
    if agency is None:
        return md_github(code)
    return f"{md_github(code)} — {md_github(agency.name)}"


def _class(code: str | None) -> str:
    meaning = CLASSIFICATIONS.get(code)
    return md_github(f"{code} — {meaning}" if meaning else code)


def _entry_line(entry: ProgressEntry, secret: bool) -> str:
    parts = [f"Tiến độ ngày {fmt_date(entry.date, '—')}: **{md_github(STATUSES.get(entry.status, entry.status))}**"]
    for label, value in (
        ("ghi chú", entry.note),
        ("lý do chậm", entry.delay_reason),
        ("báo cáo", entry.report),
        ("kiến nghị", entry.recommendation),
    ):
        if value:
            shown = "(văn bản mật: không hiển thị)" if secret and label != "báo cáo" else truncate(value, 300)
            parts.append(f"{label}: {md_github(shown)}")
    return "- " + "; ".join(parts)


def _extension_line(ext: Extension) -> str:
    return (
        f"- Gia hạn đến **{fmt_date(ext.deadline, '—')}** theo văn bản "
        f"{md_github(ext.document) or '**(chưa ghi văn bản)**'} ngày {fmt_date(ext.date, '—')}"
    )


def _change_lines(diff: RegisterDiff, change: TaskChange) -> list[str]:
    state = change.state
    secret = is_secret(state.document)
    out = [
        f"**{md_github(state.label)}** — chủ trì {_agency(diff, state.task.assignee)}; theo dõi "
        f"{_agency(diff, state.task.monitor)}; trạng thái {md_github(STATUSES.get(state.status, state.status))}",
        "",
    ]
    out += [_entry_line(entry, secret) for entry in change.progress]
    out += [_extension_line(ext) for ext in change.extensions]
    for name, before, after in change.edits:
        if name in ("progress", "extensions"):
            what = "bị sửa, xóa hoặc đổi thứ tự (chỉ được ghi thêm mục mới ở cuối)"
        else:
            what = f"{_value(diff, name, before, secret)} → {_value(diff, name, after, secret)}"
        out.append(f"- ⚠️ **Sửa trực tiếp** {_FIELDS[name]}: {what}")
    return out + [""]


def _value(diff: RegisterDiff, name: str, value, secret: bool) -> str:
    """One field's value as a reviewer reads it, escaped."""
    if value in (None, "", []):
        return "(không có)"
    if name in ("assignee", "monitor"):
        return _agency(diff, value)
    if name == "coordinators":
        return ", ".join(_agency(diff, code) for code in value)
    if name == "classification":
        return _class(value)
    if name == "deadline":
        return fmt_date(value)
    if secret:
        return "(văn bản mật: không hiển thị)"
    return f"«{md_github(truncate(value, 90))}»"


def _counts(diff: RegisterDiff) -> list[list[str]]:
    return [
        ["Văn bản thêm", str(len(diff.documents_added))],
        ["Văn bản bị xóa", str(len(diff.documents_removed))],
        ["Nhiệm vụ thêm", str(len(diff.tasks_added))],
        ["Nhiệm vụ đổi trạng thái", str(len(diff.status_changed))],
        ["Gia hạn", str(len(diff.extensions))],
        ["Trở thành quá hạn", str(len(diff.became_overdue))],
        ["Nhiệm vụ bị sửa trực tiếp", str(sum(bool(c.edits) for c in diff.task_changes))],
        ["Từ quá hạn thành đúng hạn", str(len(diff.became_on_time))],
        ["Lỗi", str(sum(p.severity == "error" for p in diff.problems))],
        ["Cảnh báo", str(sum(p.severity == "warning" for p in diff.problems))],
    ]


def _verdict(diff: RegisterDiff) -> str:
    errors = sum(p.severity == "error" for p in diff.problems)
    warnings = len(diff.problems) - errors
    unexplained = sum(p.code == "overdue-unexplained" for p in diff.problems)
    if errors:
        return f"❌ **{errors} lỗi** cần sửa trước khi hợp nhất" + (f", {warnings} cảnh báo." if warnings else ".")
    if unexplained:
        return f"⚠️ **{unexplained} nhiệm vụ quá hạn chưa ghi lý do chậm** (delay_reason)."
    return "✅ Không có lỗi" + (f"; {warnings} cảnh báo cần xem." if warnings else ".")


def diff_markdown(diff: RegisterDiff, *, max_bytes: int = COMMENT_LIMIT, link: str | None = None) -> str:
    """The reviewer's summary; when longer than `max_bytes`, counts and a link instead of tables."""
    head = [
        DIFF_MARKER,
        "## Tóm tắt thay đổi sổ theo dõi",
        "",
        f"So sánh `{md_github(diff.base)}` → `{md_github(diff.head)}`; "
        f"trạng thái tính tại ngày {fmt_date(diff.as_of)}.",
        "",
        _verdict(diff),
        "",
    ]
    head += [f"> {md_github(note)}" for note in diff.notes]
    if diff.notes:
        head.append("")
    full = "\n".join(head + _details(diff)) + "\n"
    if len(full.encode("utf-8")) <= max_bytes:
        return full
    short_text = head + md_table(["Thay đổi", "Số lượng"], _counts(diff)) + [""]
    short_text.append(
        "Bảng chi tiết quá dài để đăng ở đây"
        + (
            f": xem [tóm tắt đầy đủ của lần chạy kiểm tra]({link})."
            if link
            else "; chạy «nhiemvu diff» trên máy để xem."
        )
    )
    text = "\n".join(short_text) + "\n"
    return (
        text if len(text.encode("utf-8")) <= max_bytes else text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")
    )


def _details(diff: RegisterDiff) -> list[str]:
    out = md_table(
        ["Thay đổi", "Số lượng"],
        [row for row in _counts(diff) if row[1] != "0"] or [["Không có thay đổi nào", "0"]],
    )
    out.append("")
    if diff.documents_added:
        out += ["### Văn bản mới", ""]
        out += md_table(
            ["Số, ký hiệu", "Ngày ban hành", "Trích yếu", "Số nhiệm vụ"],
            [
                [md_github(d.number), fmt_date(d.issued, "—"), _title(d), str(len(d.tasks))]
                for d in diff.documents_added
            ],
        ) + [""]
    if diff.documents_removed:
        out += ["### Văn bản bị xóa", ""]
        out += md_table(
            ["Số, ký hiệu", "Ngày ban hành", "Tệp"],
            [[md_github(d.number), fmt_date(d.issued, "—"), f"`{md_github(d.file)}`"] for d in diff.documents_removed],
        ) + [""]
    if diff.tasks_added:
        out += ["### Nhiệm vụ mới", ""]
        out += md_table(
            ["Nhiệm vụ", "Nội dung", "Chủ trì", "Theo dõi", "Phân loại", "Thời hạn"],
            [
                [
                    md_github(s.label),
                    md_github(truncate(s.task.content, 90)) if not is_secret(s) else "—",
                    _agency(diff, s.task.assignee),
                    _agency(diff, s.task.monitor),
                    _class(s.task.classification),
                    fmt_date(s.deadline_in_force, "—"),
                ]
                for s in diff.tasks_added
            ],
        ) + [""]
    if diff.status_changed:
        out += ["### Trạng thái thay đổi", ""]
        out += md_table(
            ["Nhiệm vụ", "Trước", "Sau", "Theo dõi"],
            [
                [
                    md_github(a.label),
                    STATUSES.get(b.status, b.status),
                    STATUSES.get(a.status, a.status),
                    _agency(diff, a.task.monitor),
                ]
                for b, a in diff.status_changed
            ],
        ) + [""]
    if diff.extensions:
        out += ["### Gia hạn", ""]
        out += md_table(
            ["Nhiệm vụ", "Hạn mới", "Văn bản quyết định", "Ngày"],
            [
                [md_github(s.label), fmt_date(e.deadline, "—"), md_github(e.document), fmt_date(e.date, "—")]
                for s, e in diff.extensions
            ],
        ) + [""]
    if diff.task_changes:
        out += ["### Chi tiết cần xem của từng nhiệm vụ", ""]
        for change in diff.task_changes:
            out += _change_lines(diff, change)
    if diff.became_overdue:
        out += ["### Trở thành quá hạn", ""]
        out += md_table(
            ["Nhiệm vụ", "Hạn", "Số ngày quá hạn", "Lý do chậm"],
            [
                [
                    md_github(s.label),
                    fmt_date(s.deadline_in_force, "—"),
                    str(s.days_overdue),
                    md_github(truncate(s.delay_reason, 90)) or "**chưa có**",
                ]
                for s in diff.became_overdue
            ],
        ) + [""]
    out += _on_time_section(diff)
    if diff.problems:
        out += ["### Vấn đề phát hiện", ""]
        out += md_table(
            ["Mức", "Mã", "Vị trí", "Nội dung", "Cách sửa"],
            [
                [
                    SEVERITY_VI.get(p.severity, p.severity).capitalize(),
                    f"`{md_github(p.code)}`",
                    f"`{md_github(p.file)}`" + (f" dòng {p.line}" if p.line else ""),
                    md_github(p.message),
                    md_github(p.hint),
                ]
                for p in diff.problems
            ],
        ) + [""]
    if diff.other_problems:
        out += [
            f"Ngoài ra sổ có {diff.other_problems} vấn đề ở các tệp mà thay đổi này không chạm tới "
            "(xem «nhiemvu check»).",
            "",
        ]
    return out


def _on_time_section(diff: RegisterDiff) -> list[str]:
    """Tasks the change turns from late into on time: a reviewer checks why (an extension, or a
    completion dated before its deadline but recorded after it)."""
    if not diff.became_on_time:
        return []
    rows = []
    for before, after in diff.became_on_time:
        if after.deadline_in_force != before.deadline_in_force:
            old_deadline = fmt_date(before.deadline_in_force, "—")
            why = f"hạn mới {fmt_date(after.deadline_in_force, '—')} (trước là {old_deadline})"
        elif after.completed is not None:
            why = f"ghi hoàn thành ngày {fmt_date(after.completed)}, hạn {fmt_date(after.deadline_in_force, '—')}"
        else:
            why = "—"
        rows.append(
            [md_github(after.label), f"{CATEGORIES[before.category]} → {CATEGORIES[after.category]}", md_github(why)]
        )
    return ["### Từ quá hạn thành đúng hạn", ""] + md_table(["Nhiệm vụ", "quá hạn → đúng hạn", "Vì sao"], rows) + [""]


def build_diff(register_dir: Path, base: str, head: str | None = None, as_of: dt.date | None = None) -> RegisterDiff:
    """The RegisterDiff between `base` and `head` (None: the working tree), with the problems
    the change brings: those in the files it touches, history rules, and the overdue rule on
    the tasks it adds or changes."""
    head_register, head_problems = load_register(Path(register_dir))
    root, prefix = head_register.repo_root, head_register.prefix
    zone = head_register.settings.zone
    base_snap = snapshot_at(root, base, prefix, zone)
    base_register, _ = load_register_files(base_snap.files, register_prefix=prefix)
    head_label = "bản làm việc"
    if head:
        head_snap = snapshot_at(root, head, prefix, zone)
        head_register, head_problems = load_snapshot(head_snap, Path(register_dir), root, prefix)
        head_label = head_snap.commit[:7]
    as_of = as_of or today_for(head_register.settings)
    since = since_problems(root, base_snap.commit, prefix, head_register, head=head)
    checked = check_register(head_register, head_problems, as_of, overdue_scope=since.touched_task_ids)
    # the one redaction step: a PR comment never shows a secret document nor quotes one
    refuse_secret_register(head_register, "tóm tắt thay đổi để đăng lên GitHub")
    secret_head = head_register
    base_register = public_register(base_register)
    head_register, head_states = public_view(head_register, checked.states)
    result = compare_states(
        base_register,
        compute_states(base_register, as_of),
        head_register,
        head_states,
        as_of,
        base_snap.commit[:7],
        head_label,
    )
    changed, deleted = changed_paths(open_repo(root), base_snap.commit, prefix, head)
    touched = changed | deleted
    mine = [p for p in checked.problems if p.file in touched or p.code == "overdue-unexplained"]
    result.problems = sorted(redact_problems(set(mine) | set(since.problems), secret_head), key=lambda p: p.sort_key())
    result.other_problems = len(checked.problems) - len(mine)
    result.notes = list(since.notes)
    return result
