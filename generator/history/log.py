"""The register's Git history, read in one pass: when each document entered the register and
who committed it, when each task last changed, the list of recent changes (site page
"Thay đổi gần đây" and its Atom feed), and the register as it stood at a past date or commit.

One `git log --raw` over the register directory gives every file change; the blobs of the
changed document files are read through one persistent `git cat-file --batch` process
(GitPython's object database) and parsed once each. Cost grows with commits × changed files,
never with a `git log` per file. A shallow clone is detected and said so: what its history
cannot tell is left unknown (None), never guessed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import yaml

try:
    import git  # GitPython
except ImportError:  # pragma: no cover - a declared dependency
    git = None

VN = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_BLOB_BYTES = 1_000_000  # as the loader: larger files are refused, not parsed
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FORMAT = "%x1e%H%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%s"
_NULL_SHA = "0" * 40


class HistoryError(Exception):
    """A history request that cannot be answered (unknown revision, not a Git repository).

    The message is Vietnamese and meant for the user as is.
    """


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    email: str
    authored: dt.datetime  # aware, Vietnam time
    committed: dt.datetime  # aware, Vietnam time
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class DocumentHistory:
    """One document file's life in Git."""

    path: str  # repository-relative, e.g. register/documents/2017/14-CT-UBND.yaml
    first: Commit | None  # the commit that added it; None when a shallow clone hides it
    last: Commit  # the latest commit that changed it


@dataclass(frozen=True, slots=True)
class TaskHistory:
    """When a task last changed (any field), and when its progress list last changed."""

    id: str  # global id "<number>#<task id>"
    path: str
    last_changed: Commit | None  # None: unknown (shallow clone boundary)
    progress_changed: Commit | None


@dataclass(frozen=True, slots=True)
class Change:
    """One document file touched by one commit, described for a reader (newest first)."""

    commit: Commit
    path: str
    action: str  # added | modified | deleted
    number: str | None  # the document's number (None if the file could not be read)
    title: str | None
    tasks_added: tuple[int, ...] = ()
    tasks_changed: tuple[int, ...] = ()  # changed other than by progress/extension entries
    progress_added: tuple[int, ...] = ()  # tasks that got new progress entries
    extensions_added: tuple[int, ...] = ()  # tasks that got new extension entries


@dataclass(slots=True)
class History:
    """Everything one pass over the register's history gives (plain data for site and reports)."""

    available: bool  # False: not a Git repository (or no commit yet)
    shallow: bool
    head: str | None
    commits: int  # commits that touched the register
    documents: dict[str, DocumentHistory] = field(default_factory=dict)
    tasks: dict[str, TaskHistory] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)  # newest first
    notes: list[str] = field(default_factory=list)  # Vietnamese, e.g. what a shallow clone skipped

    def recent(self, limit: int = 50) -> list[Change]:
        return self.changes[:limit]

    def last_updated(self, path: str) -> dt.datetime | None:
        doc = self.documents.get(path)
        return doc.last.committed if doc else None


# --------------------------------------------------------------------------- git plumbing


def _repo(repo_root: Path):
    if git is None:  # pragma: no cover
        raise HistoryError("Thiếu thư viện GitPython: cài lại nhiemvu (pip install .).")
    try:
        return git.Repo(repo_root)
    except (git.exc.InvalidGitRepositoryError, git.exc.NoSuchPathError):
        raise HistoryError(f"«{repo_root}» không phải là kho Git: không đọc được lịch sử của sổ theo dõi.") from None


def is_git_repo(repo_root: Path) -> bool:
    try:
        _repo(repo_root)
    except HistoryError:
        return False
    return True


def is_shallow(repo) -> bool:
    return repo.git.rev_parse("--is-shallow-repository").strip() == "true"


def _shallow_boundary(repo) -> set[str]:
    """Commits whose parents a shallow clone does not have."""
    path = Path(repo.git_dir) / "shallow"
    try:
        return set(path.read_text(encoding="ascii").split())
    except OSError:
        return set()


def has_commits(repo) -> bool:
    try:
        repo.git.rev_parse("--verify", "-q", "HEAD^{commit}")
    except git.exc.GitCommandError:
        return False
    return True


def resolve(repo, rev: str) -> str | None:
    """The full SHA of a commit, or None if `rev` names none."""
    if not rev or rev.startswith("-"):
        return None
    try:
        return repo.git.rev_parse("--verify", "-q", f"{rev}^{{commit}}").strip() or None
    except git.exc.GitCommandError:
        return None


def _when(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).astimezone(VN)


def _parse_log(text: str) -> Iterable[tuple[Commit, list[tuple[str, str, str, str]]]]:
    """Records of `git log --raw -z --format=_FORMAT`: (commit, [(status, old, new, path)])."""
    for record in text.split("\x1e"):
        if not record:
            continue
        header, _, rest = record.partition("\0")
        sha, author, email, authored, committed, subject = header.split("\x1f", 5)
        commit = Commit(sha, author, email, _when(authored), _when(committed), subject)
        parts = rest.lstrip("\n").split("\0")
        entries = []
        for meta, path in zip(parts[0::2], parts[1::2], strict=False):  # a trailing NUL leaves one extra
            if not meta.startswith(":"):
                continue
            fields = meta[1:].split()
            entries.append((fields[4][0], fields[2], fields[3], path))
        yield commit, entries


def log_register(repo, register_prefix: str, rev: str = "HEAD") -> list[tuple[Commit, list]]:
    """Every commit reachable from `rev` that touched the register, oldest first (one git call)."""
    prefix = register_prefix.strip("/") + "/"
    text = repo.git.log(
        rev,
        "--reverse",
        "--topo-order",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        f"--format={_FORMAT}",
        "--",
        prefix,
    )
    return list(_parse_log(text))


def read_blob(repo, sha: str) -> bytes | None:
    """A blob's bytes through the persistent cat-file process; None if too big or missing."""
    try:
        info = repo.odb.info(bytes.fromhex(sha))
        if info.size > MAX_BLOB_BYTES:
            return None
        return repo.odb.stream(bytes.fromhex(sha)).read()
    except (ValueError, git.exc.GitError, OSError):
        return None


# --------------------------------------------------------------------------- documents in blobs


@dataclass(frozen=True, slots=True)
class _Doc:
    """The parts of a document version the history pass compares (hashes, not values)."""

    number: str | None
    title: str | None
    secret: bool
    tasks: dict[int, tuple[str, str, int, int]]  # id -> (all-fields hash, progress hash, n_prog, n_ext)


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


def _has_alias(data: bytes) -> bool:
    return any(isinstance(e, yaml.AliasEvent) for e in yaml.parse(data, Loader=_YAML_LOADER))


def parse_document_blob(data: bytes | None) -> _Doc | None:
    """A document version reduced to what history compares; None if it is not readable YAML."""
    if data is None:
        return None
    try:
        if b"&" in data and _has_alias(data):
            return None  # anchors/aliases are refused by the loader; never expand them here
        value = yaml.load(data, Loader=_YAML_LOADER)
    except (yaml.YAMLError, ValueError):
        return None
    if not isinstance(value, dict):
        return None
    number = value.get("number")
    title = value.get("title")
    tasks: dict[int, tuple[str, str, int, int]] = {}
    for item in value.get("tasks") or []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            continue
        progress = item.get("progress") or []
        extensions = item.get("extensions") or []
        rest = {k: v for k, v in item.items() if k not in ("progress", "extensions")}
        tasks[item["id"]] = (
            _digest(rest),
            _digest(progress),
            len(progress) if isinstance(progress, list) else 0,
            len(extensions) if isinstance(extensions, list) else 0,
        )
    return _Doc(
        number=number if isinstance(number, str) else None,
        title=title if isinstance(title, str) else None,
        secret=value.get("secrecy") not in (None, "none"),
        tasks=tasks,
    )


def _is_document(path: str, prefix: str) -> bool:
    inner = path[len(prefix) :]
    parts = PurePosixPath(inner).parts
    return len(parts) == 3 and parts[0] == "documents" and inner.endswith((".yaml", ".yml"))


# --------------------------------------------------------------------------- the pass


def collect(repo_root: Path, register_prefix: str = "register", *, tasks: bool = True, rev: str = "HEAD") -> History:
    """Read the register's history once, up to `rev` (default HEAD; a SHA for a past build).

    `tasks=False` skips blob parsing (file dates only). Raises HistoryError for an unknown `rev`.
    """
    try:
        repo = _repo(Path(repo_root))
    except HistoryError as exc:
        return History(False, False, None, 0, notes=[str(exc)])
    if not has_commits(repo):
        return History(False, False, None, 0, notes=["Kho Git chưa có commit nào: chưa có lịch sử."])
    head = resolve(repo, rev)
    if head is None:
        raise HistoryError(_unknown_rev_message(repo, rev))
    shallow = is_shallow(repo)
    boundary = _shallow_boundary(repo) if shallow else set()
    prefix = register_prefix.strip("/") + "/"
    history = History(True, shallow, head, 0)
    first: dict[str, Commit | None] = {}
    last: dict[str, Commit] = {}
    parsed: dict[str, _Doc | None] = {}
    task_last: dict[str, Commit | None] = {}
    task_progress: dict[str, Commit | None] = {}
    task_path: dict[str, str] = {}
    changes: list[list[Change]] = []

    def doc_at(sha: str) -> _Doc | None:
        if sha == _NULL_SHA:
            return None
        if sha not in parsed:
            parsed[sha] = parse_document_blob(read_blob(repo, sha))
        return parsed[sha]

    for commit, entries in log_register(repo, prefix, head):
        history.commits += 1
        changes.append([])
        grafted = commit.sha in boundary  # its "additions" are only the clone's starting point
        for status, old, new, path in entries:
            if not _is_document(path, prefix):
                continue
            last[path] = commit
            if status == "A" and path not in first:
                first[path] = None if grafted else commit
            if not tasks:
                continue
            before = None if status == "A" else doc_at(old)
            after = None if status == "D" else doc_at(new)
            change = _describe(commit, path, status, before, after)
            if change is not None and not grafted:  # a graft's "additions" are no change
                changes[-1].append(change)
            if after is None or after.number is None:
                continue
            old_tasks = before.tasks if before else {}
            for tid, sig in after.tasks.items():
                gid = f"{after.number}#{tid}"
                prev = old_tasks.get(tid)
                task_path[gid] = path
                if prev != sig:
                    task_last[gid] = None if grafted else commit
                if prev is None or prev[1] != sig[1]:
                    if prev is None and sig[2] == 0:
                        task_progress.setdefault(gid, None)
                    else:
                        task_progress[gid] = None if grafted else commit
    history.documents = {path: DocumentHistory(path, first.get(path), commit) for path, commit in sorted(last.items())}
    history.tasks = {
        gid: TaskHistory(gid, task_path[gid], task_last.get(gid), task_progress.get(gid)) for gid in sorted(task_last)
    }
    history.changes = [change for group in reversed(changes) for change in group]
    if shallow:
        history.notes.append(
            "Kho Git là bản sao nông (shallow clone), thiếu phần lịch sử cũ: đã bỏ qua ngày nhập sổ "
            "và người nhập của các văn bản có từ trước điểm cắt, quy tắc văn bản hỏa tốc (R4) cho các "
            "văn bản đó, và ngày cập nhật của các nhiệm vụ không đổi từ điểm cắt. "
            "Lấy đủ lịch sử bằng «git fetch --unshallow» (hoặc fetch-depth: 0 trong quy trình)."
        )
    return history


def _describe(commit: Commit, path: str, status: str, before: _Doc | None, after: _Doc | None):
    """A Change for the feed; None for a secret document (nothing secret is ever published)."""
    doc = after or before
    if doc is not None and doc.secret or (before is not None and before.secret):
        return None
    action = {"A": "added", "D": "deleted"}.get(status, "modified")
    if doc is None:
        return Change(commit, path, action, None, None)
    old = before.tasks if before else {}
    new = after.tasks if after else {}
    added = tuple(sorted(t for t in new if t not in old))
    changed, progress, extensions = [], [], []
    for tid, sig in new.items():
        prev = old.get(tid)
        if prev is None or prev == sig:
            continue
        if sig[2] > prev[2]:
            progress.append(tid)
        if sig[3] > prev[3]:
            extensions.append(tid)
        if prev[0] != sig[0] and sig[3] == prev[3]:
            changed.append(tid)
    return Change(
        commit,
        path,
        action,
        doc.number,
        doc.title,
        added,
        tuple(sorted(changed)),
        tuple(sorted(progress)),
        tuple(sorted(extensions)),
    )


# --------------------------------------------------------------------------- the register at a point in time


def register_files_at(repo, commit: str, register_prefix: str) -> dict[str, bytes]:
    """Repo-relative path → bytes of every register YAML file in `commit`'s tree.

    One `ls-tree`; blobs through the persistent cat-file process. Symbolic links and
    submodules are left out (the loader refuses them in a working tree too).
    """
    prefix = register_prefix.strip("/") + "/"
    out = repo.git.ls_tree("-r", "-z", "--full-tree", commit, "--", prefix)
    files: dict[str, bytes] = {}
    for entry in out.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, kind, sha = meta.split()
        if kind != "blob" or mode not in ("100644", "100755") or not path.endswith((".yaml", ".yml")):
            continue
        data = read_blob(repo, sha)
        if data is not None:
            files[path] = data
    return files


def commit_at_date(repo, day: dt.date, rev: str = "HEAD") -> str | None:
    """The last commit on `rev`'s first-parent line committed on or before `day` (Vietnam time)."""
    end = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=VN)
    out = repo.git.rev_list("-1", "--first-parent", f"--before={end.isoformat()}", rev).strip()
    return out or None


def register_at(repo_root: Path, date_or_rev: dt.date | str, register_prefix: str = "register") -> dict[str, bytes]:
    """Files of the register as it stood at a date (end of that day, Vietnam time) or a revision,
    for `generator.load.load_register_files`. Raises HistoryError with a Vietnamese message."""
    return snapshot_at(repo_root, date_or_rev, register_prefix).files


@dataclass(frozen=True, slots=True)
class Snapshot:
    files: dict[str, bytes]
    commit: str
    committed: dt.datetime
    notes: tuple[str, ...] = ()


def snapshot_at(repo_root: Path, date_or_rev: dt.date | str, register_prefix: str = "register") -> Snapshot:
    """As `register_at`, also saying which commit was used (for a report's footer)."""
    repo = _repo(Path(repo_root))
    if not has_commits(repo):
        raise HistoryError("Kho Git chưa có commit nào: không có sổ theo dõi trong lịch sử.")
    notes: list[str] = []
    if isinstance(date_or_rev, dt.date):
        sha = commit_at_date(repo, date_or_rev)
        if sha is None:
            shallow = (
                " (kho là bản sao nông: lịch sử cũ bị thiếu, chạy «git fetch --unshallow»)" if is_shallow(repo) else ""
            )
            raise HistoryError(
                f"Không có commit nào của nhánh hiện tại vào hoặc trước ngày {date_or_rev:%d/%m/%Y}{shallow}."
            )
        if is_shallow(repo):
            notes.append("Kho là bản sao nông: sổ được lấy từ commit cũ nhất có thể, có thể chưa đúng ngày yêu cầu.")
    else:
        sha = resolve(repo, date_or_rev)
        if sha is None:
            raise HistoryError(_unknown_rev_message(repo, date_or_rev))
    commit = repo.commit(sha)
    files = register_files_at(repo, sha, register_prefix)
    if not files:
        notes.append(f"Commit {sha[:7]} không có thư mục «{register_prefix}».")
    return Snapshot(files, sha, _when(commit.committed_datetime.isoformat()), tuple(notes))


def _unknown_rev_message(repo, rev: str) -> str:
    text = f"Không tìm thấy phiên bản «{rev}» trong kho Git."
    if is_shallow(repo):
        text += " Kho là bản sao nông (shallow clone): lấy đủ lịch sử bằng «git fetch --unshallow»."
    else:
        text += " Kiểm tra tên nhánh hoặc mã commit (ví dụ origin/main)."
    return text


def changed_paths(repo, base: str, register_prefix: str, head: str | None = None) -> tuple[set[str], set[str]]:
    """(changed or added, deleted) register paths between `base` and `head` (or the working tree,
    untracked files included). One `git diff` plus one `ls-files` call."""
    prefix = register_prefix.strip("/") + "/"
    args = ["--raw", "-z", "--no-renames", "--no-abbrev", base]
    if head:
        args.append(head)
    out = repo.git.diff(*args, "--", prefix)
    changed, deleted = set(), set()
    parts = out.split("\0")
    for meta, path in zip(parts[0::2], parts[1::2], strict=False):  # a trailing NUL leaves one extra
        meta = meta.lstrip("\n")
        if not meta.startswith(":"):
            continue
        (deleted if meta.split()[4].startswith("D") else changed).add(path)
    if head is None:
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z", "--", prefix)
        changed.update(p for p in untracked.split("\0") if p)
    return changed, deleted


def run_git(repo_root: Path, *args: str) -> str:
    """Plain git for the few calls GitPython has no verb for (tests and tools)."""
    return subprocess.run(["git", "-C", str(repo_root), *args], capture_output=True, text=True, check=True).stdout


def normalize_prefix(repo_root: Path, register: str | Path) -> str:
    """The register directory as a repo-relative POSIX path, whether given relative to the
    current directory, absolute, or already repo-relative."""
    root = Path(repo_root).resolve()
    path = Path(register)
    candidate = path if path.is_absolute() else Path.cwd() / path
    try:
        return candidate.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix().strip("/")
