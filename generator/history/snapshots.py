"""The register as Git held it at a past date or revision.

`snapshot_at` reads one commit (for `--from-history`, `diff` and `check --since`);
`SnapshotReader` reads many commits of one history cheaply (the site's month pages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import git

from generator.errors import HistoryError
from generator.history.git import (
    commit_at_date,
    commit_time,
    files_at,
    first_commit_under,
    has_commits,
    is_shallow,
    open_repo,
    read_blobs,
    resolve,
    tree_blobs,
    unknown_rev,
)
from generator.register.load import document_order, load_register_files
from generator.register.model import DEFAULT_ZONE, Register, is_secret
from generator.register.problems import Problem
from generator.vi import fmt_date, fmt_datetime


@dataclass(frozen=True, slots=True)
class Snapshot:
    files: dict[str, bytes]
    commit: str
    committed: dt.datetime | None  # None: the commit's time cannot be read
    notes: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """Which commit was read, for the reader (stderr, JSON notes, a report's footer)."""
        when = fmt_datetime(self.committed, "thời điểm commit không đọc được")
        return f"Sổ đọc từ lịch sử Git: commit {self.commit[:10]} ({when})."


def snapshot_at(
    repo_root: Path, date_or_rev: dt.date | str, register_prefix: str = "register", zone: ZoneInfo = DEFAULT_ZONE
) -> Snapshot:
    """The register's files at the end of a day (in `zone`) or at a revision, and which commit
    that was. Raises HistoryError with a Vietnamese message and hint."""
    repo = open_repo(Path(repo_root))
    if not has_commits(repo):
        raise HistoryError(
            "Kho Git chưa có commit nào: không có sổ theo dõi trong lịch sử.", "Commit sổ theo dõi trước."
        )
    notes: list[str] = []
    if isinstance(date_or_rev, dt.date):
        sha = commit_at_date(repo, date_or_rev, zone=zone)
        if sha is None:
            shallow = (
                " (kho là bản sao nông: lịch sử cũ bị thiếu, chạy «git fetch --unshallow»)" if is_shallow(repo) else ""
            )
            raise HistoryError(
                f"Không có commit nào của nhánh hiện tại vào hoặc trước ngày {fmt_date(date_or_rev)}{shallow}.",
                "Chọn ngày sau commit đầu tiên của sổ, hoặc bỏ --from-history.",
            )
        if is_shallow(repo):
            notes.append("Kho là bản sao nông: sổ được lấy từ commit cũ nhất có thể, có thể chưa đúng ngày yêu cầu.")
    else:
        sha = resolve(repo, date_or_rev)
        if sha is None:
            raise unknown_rev(repo, date_or_rev)
    files = files_at(repo, sha, register_prefix)
    if not files:
        notes.append(f"Commit {sha[:7]} không có thư mục «{register_prefix}».")
    return Snapshot(files, sha, commit_time(repo, sha, zone), tuple(notes))


def load_snapshot(
    snapshot: Snapshot, register_dir: Path, repo_root: Path, prefix: str
) -> tuple[Register, list[Problem]]:
    """The Register held by a snapshot, placed where the working tree's register is."""
    register, problems = load_register_files(snapshot.files, register_prefix=prefix)
    register.root, register.repo_root = Path(register_dir), Path(repo_root)
    return register, problems


@dataclass(frozen=True, slots=True)
class RegisterAt:
    """A register read from one commit by SnapshotReader."""

    register: Register
    commit: str
    committed: dt.datetime | None  # None: the commit's time cannot be read
    errors: int  # errors met while reading that version of the register
    first: bool  # the day is before the register's first commit: this is that first commit


class SnapshotReader:
    """Registers read from Git at past commits of one history, built cheaply.

    One register per distinct commit (many days share one). Document files are parsed once
    per version (path and blob): a commit's register reuses the documents of every file that
    did not change since an earlier snapshot, so two years of monthly snapshots cost about one
    load of the register plus the files that changed, not 24 loads. Secret documents of a past
    version are dropped: nothing read from history is ever published with them.
    """

    def __init__(self, repo_root: Path, prefix: str, head: str = "HEAD", zone: ZoneInfo = DEFAULT_ZONE) -> None:
        self.prefix = prefix.strip("/")
        self.repo = open_repo(Path(repo_root))
        self.head = head
        self.zone = zone
        self._loaded: dict[str, tuple[Register, int] | None] = {}
        self._docs: dict[tuple[str, str], tuple[list, int]] = {}  # (path, blob) -> (docs, errors)
        self._first: str | None | bool = False  # False: not looked up yet

    def close(self) -> None:
        self.repo.close()

    def first_commit(self) -> str | None:
        if self._first is False:
            self._first = first_commit_under(self.repo, self.prefix, self.head)
        return self._first

    def load(self, sha: str) -> tuple[Register, int] | None:
        """(register, errors while reading); None if the commit has no register."""
        if sha in self._loaded:
            return self._loaded[sha]
        tree = tree_blobs(self.repo, sha, self.prefix)
        if f"{self.prefix}/register.yaml" not in tree:
            self._loaded[sha] = None
            return None
        docs_dir = f"{self.prefix}/documents/"
        new = {p: b for p, b in tree.items() if p.startswith(docs_dir) and (p, b) not in self._docs}
        wanted = {p: b for p, b in tree.items() if not p.startswith(docs_dir)} | new
        files = read_blobs(self.repo, wanted)
        register, problems = load_register_files(files, register_prefix=self.prefix)
        errors_in: dict[str, int] = {}
        for problem in problems:
            if problem.severity == "error":
                errors_in[problem.file] = errors_in.get(problem.file, 0) + 1
        by_file: dict[str, list] = {}
        for doc in register.documents:
            by_file.setdefault(doc.file, []).append(doc)
        for path, blob in new.items():
            self._docs[(path, blob)] = (by_file.get(path, []), errors_in.pop(path, 0))
        documents, errors = [], sum(errors_in.values())
        for path, blob in tree.items():
            if path.startswith(docs_dir):
                docs, errs = self._docs[(path, blob)]
                documents += docs
                errors += errs
        documents.sort(key=document_order)  # the loader's order, so reports match the CLI's
        register.documents = [d for d in documents if not is_secret(d)]
        self._loaded[sha] = (register, errors)
        return self._loaded[sha]

    def at(self, day: dt.date) -> RegisterAt | None:
        """The register at the end of `day`, else the first commit holding it; None if none.
        HistoryError when Git fails on the way."""
        try:
            return self._at(day)
        except (git.exc.GitError, OSError) as exc:
            raise HistoryError(f"không đọc được lịch sử Git ({exc.__class__.__name__})") from None

    def _at(self, day: dt.date) -> RegisterAt | None:
        sha = commit_at_date(self.repo, day, rev=self.head, zone=self.zone)
        loaded = self.load(sha) if sha else None
        first = False
        if loaded is None:
            sha, first = self.first_commit(), True
            loaded = self.load(sha) if sha else None
        if loaded is None:
            return None
        register, errors = loaded
        return RegisterAt(register, sha, commit_time(self.repo, sha, self.zone), errors, first)
