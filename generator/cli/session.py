"""The one way a command opens a register: from the working tree, from Git history at the end
of the as-of day (`--from-history`), or compared with a base revision (`--since`); checked with
every rule; and refused, when the command needs a register without errors.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import HistoryError, RegisterHasErrors, UsageError
from generator.register.check import check_register
from generator.register.load import load_register
from generator.register.model import Register, is_secret_register
from generator.register.problems import Problem, has_errors, sort_problems
from generator.register.secrecy import public_view, redact_problems, refuse_secret_register

if TYPE_CHECKING:
    from generator.history.snapshots import Snapshot

# Git history is read only by the commands and options that need it (--from-history, --since):
# its modules, and GitPython, are imported there, so that a plain `check` starts quickly.
from generator.register.status import TaskState, today_for


@dataclass(slots=True)
class Session:
    register: Register
    problems: list[Problem]
    states: list[TaskState]
    as_of: dt.date
    today: dt.date
    notes: list[str] = field(default_factory=list)  # Vietnamese, for the reader (stderr or JSON)
    snapshot: Snapshot | None = None  # the commit read, with --from-history

    @property
    def rev(self) -> str:
        """The Git revision the register was read from (for the site's history pass)."""
        return self.snapshot.commit if self.snapshot else "HEAD"


def require_register_dir(register_dir: Path) -> Path:
    register_dir = Path(register_dir)
    if not register_dir.is_dir():
        raise UsageError(
            f"Không tìm thấy thư mục sổ theo dõi «{register_dir}».",
            "Chạy lệnh trong thư mục gốc của kho, hoặc chỉ rõ --register DIR.",
        )
    return register_dir


def require_git(register: Register) -> None:
    from generator.history.git import is_git_repo

    if not is_git_repo(register.repo_root):
        raise HistoryError(
            f"«{register.root}» không nằm trong kho Git nên không có lịch sử để đọc.",
            "Chạy lệnh trong bản sao (clone) của kho sổ theo dõi.",
        )


def open_session(
    register_dir: Path,
    as_of: dt.date | None = None,
    *,
    from_history: bool = False,
    since: str | None = None,
    refuse: str | None = None,
    default_as_of=None,
    publish: str | None = None,
) -> Session:
    """Load and check the register at `as_of` (default: `default_as_of(register)` if given, else
    today in the register's time zone). A past as-of views the register as it stood then:
    entries dated later are simply not counted yet.

    `refuse`: what is then not done («không xuất bản», «chưa lập được báo cáo»…); a register with
    errors is refused with RegisterHasErrors, because the result would be silently wrong.
    `publish`: what the command does with its output that a secret register must never undergo
    («xuất bản», «đăng lên GitHub»…); a secret register is then refused first, with that one message.
    """
    if since and from_history:
        raise UsageError("Không dùng --since cùng --from-history.", "Chọn một trong hai.")
    register, load_problems = load_register(require_register_dir(register_dir))
    if publish:
        refuse_secret_register(register, publish)
    today = today_for(register.settings)
    if as_of is None:
        as_of = default_as_of(register) if default_as_of else today
    session = Session(register, [], [], as_of, today)
    extra: list[Problem] = []
    scope = None
    if from_history:
        from generator.history.snapshots import load_snapshot, snapshot_at

        require_git(register)
        snapshot = snapshot_at(register.repo_root, as_of, register.prefix, register.settings.zone)
        register, load_problems = load_snapshot(snapshot, register.root, register.repo_root, register.prefix)
        session.register, session.snapshot = register, snapshot
        session.notes += [snapshot.note, *snapshot.notes]
    if since:
        from generator.history.rules import history_problems, since_problems, touched_only

        require_git(register)
        result = since_problems(register.repo_root, since, register.prefix, register)
        flash, flash_notes = history_problems(register.repo_root, register.prefix, register)
        extra = list(result.problems) + touched_only(flash, result)
        scope = set(result.touched_task_ids)
        session.notes += list(dict.fromkeys([*result.notes, *flash_notes]))
    checked = check_register(
        register, load_problems, as_of, historical=from_history or as_of < today, overdue_scope=scope, today=today
    )
    session.problems = sort_problems(checked.problems + extra)
    session.states = checked.states
    if not is_secret_register(register.settings):
        # The one redaction step of every command: what it prints, writes or refuses with never
        # holds a secret document nor quotes one (the checker has already judged them).
        session.register, session.states = public_view(register, session.states)
        session.problems = redact_problems(session.problems, register)
    if refuse:
        refuse_errors(session, refuse)
    return session


def refuse_errors(session: Session, refuse: str) -> None:
    """RegisterHasErrors when the register has errors: «Sổ theo dõi còn N lỗi nên {refuse}.»"""
    if has_errors(session.problems):
        errors = [p for p in session.problems if p.severity == "error"]
        raise RegisterHasErrors(
            f"Sổ theo dõi còn {len(errors)} lỗi nên {refuse}.",
            "Sửa các lỗi trên (xem đủ bằng «nhiemvu check») rồi chạy lại.",
            errors,
        )
