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
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import git  # GitPython
import yaml

from generator.errors import HistoryError
from generator.history.git import (
    NULL_SHA,
    Commit,
    has_commits,
    is_shallow,
    log_under,
    open_repo,
    read_blob,
    resolve,
    shallow_boundary,
    unknown_rev,
)
from generator.register.model import DEFAULT_ZONE, document_key, global_id, is_secret
from generator.vi import printable

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class DocumentHistory:
    """One document file's life in Git."""

    path: str  # repository-relative, e.g. register/documents/2017/14-CT-UBND.yaml
    first: Commit | None  # the commit that added it; None when a shallow clone hides it
    last: Commit  # the latest commit that changed it


@dataclass(frozen=True, slots=True)
class TaskHistory:
    """When a task last changed (any field), and when its progress list last changed."""

    id: str  # global id "<YYYY>/<slug>#<task id>"
    path: str
    last_changed: Commit | None  # None: unknown (shallow clone boundary)
    progress_changed: Commit | None
    progress_commits: tuple[dt.datetime, ...] = ()  # every time its progress list changed, oldest first


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
    except (yaml.YAMLError, ValueError, RecursionError):  # nested too deep: the loader says so
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
        number=printable(number) if isinstance(number, str) else None,
        title=printable(title) if isinstance(title, str) else None,
        secret=is_secret(value),
        tasks=tasks,
    )


def _is_document(path: str, prefix: str) -> bool:
    inner = path[len(prefix) :]
    parts = PurePosixPath(inner).parts
    return len(parts) == 3 and parts[0] == "documents" and inner.endswith((".yaml", ".yml"))


# --------------------------------------------------------------------------- the pass


def collect(
    repo_root: Path,
    register_prefix: str = "register",
    *,
    tasks: bool = True,
    rev: str = "HEAD",
    zone: ZoneInfo = DEFAULT_ZONE,
) -> History:
    """Read the register's history once, up to `rev` (default HEAD; a SHA for a past build),
    with commit times in `zone` (the register's time zone).

    `tasks=False` skips blob parsing (file dates only). Raises HistoryError for an unknown `rev`.
    """
    try:
        repo = open_repo(Path(repo_root))
    except HistoryError as exc:
        return History(False, False, None, 0, notes=[exc.message])
    if not has_commits(repo):
        return History(False, False, None, 0, notes=["Kho Git chưa có commit nào: chưa có lịch sử."])
    head = resolve(repo, rev)
    if head is None:
        raise unknown_rev(repo, rev)
    shallow = is_shallow(repo)
    boundary = shallow_boundary(repo) if shallow else set()
    prefix = register_prefix.strip("/") + "/"
    history = History(True, shallow, head, 0)
    first: dict[str, Commit | None] = {}
    last: dict[str, Commit] = {}
    parsed: dict[str, _Doc | None] = {}
    task_last: dict[str, Commit | None] = {}
    task_progress: dict[str, Commit | None] = {}
    task_path: dict[str, str] = {}
    progress_times: dict[str, list[dt.datetime]] = {}
    changes: list[list[Change]] = []

    def doc_at(sha: str) -> _Doc | None:
        if sha == NULL_SHA:
            return None
        if sha not in parsed:
            parsed[sha] = parse_document_blob(read_blob(repo, sha))
        return parsed[sha]

    commits, history.notes = log_under(repo, prefix, head, zone)
    for commit, entries in commits:
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
            if after is None:
                continue
            old_tasks = before.tasks if before else {}
            for tid, sig in after.tasks.items():
                gid = global_id(document_key(path), tid)
                prev = old_tasks.get(tid)
                task_path[gid] = path
                if prev != sig:
                    task_last[gid] = None if grafted else commit
                if prev is None or prev[1] != sig[1]:
                    if prev is None and sig[2] == 0:
                        task_progress.setdefault(gid, None)
                    else:
                        task_progress[gid] = None if grafted else commit
                        if not grafted:
                            progress_times.setdefault(gid, []).append(commit.committed)
    history.documents = {path: DocumentHistory(path, first.get(path), commit) for path, commit in sorted(last.items())}
    history.tasks = {
        gid: TaskHistory(
            gid, task_path[gid], task_last.get(gid), task_progress.get(gid), tuple(progress_times.get(gid, ()))
        )
        for gid in sorted(task_last)
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


def task_ids_ever(repo_root: Path, path: str, rev: str = "HEAD") -> set[int]:
    """Every task id a document file has had in any commit reachable from `rev` (one `git log`
    of that file, then its versions through cat-file), so that a new task never takes the id of
    one deleted since: an id names one task for ever."""
    repo = open_repo(repo_root)
    if not has_commits(repo):
        return set()
    try:
        out = repo.git.log(rev, "--format=", "--raw", "--no-abbrev", "--no-renames", "--", path)
    except git.exc.GitCommandError:
        return set()  # no such revision: nothing was ever committed there
    ids: set[int] = set()
    for line in out.splitlines():
        fields = line.split("\t", 1)[0].split()
        if len(fields) == 5 and fields[3] != NULL_SHA:
            doc = parse_document_blob(read_blob(repo, fields[3]))
            if doc is not None:
                ids.update(doc.tasks)
    return ids
