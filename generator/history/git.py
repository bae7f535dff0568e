"""Git plumbing: the only module that talks to Git (through GitPython's command wrapper and its
persistent `cat-file` process). Every output is read as bytes, split on NUL and decoded with
replacement, so an unusual byte in a name or message never breaks a command; a commit whose
record cannot be read is skipped and said so.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import git  # GitPython

from generator.errors import HistoryError
from generator.register.load import content_needed
from generator.register.model import DEFAULT_ZONE
from generator.vi import printable

MAX_BLOB_BYTES = 1_000_000  # as the loader: larger files are refused, not parsed
NULL_SHA = "0" * 40
_FORMAT = "%x1e%H%x00%an%x00%ae%x00%at%x00%ct%x00%s"
_HEADER_FIELDS = 6


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    author: str
    email: str
    authored: dt.datetime  # aware, in the register's time zone
    committed: dt.datetime  # aware, in the register's time zone
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]


class FileChange(NamedTuple):
    """One file of a commit's raw diff: status letter (A, M, D…), old and new blob, path."""

    status: str
    old: str
    new: str
    path: str


def open_repo(repo_root: Path):
    """The GitPython repository at `repo_root`; HistoryError (Vietnamese) if there is none."""
    try:
        return git.Repo(repo_root)
    except (git.exc.InvalidGitRepositoryError, git.exc.NoSuchPathError):
        raise HistoryError(
            f"«{repo_root}» không phải là kho Git: không đọc được lịch sử của sổ theo dõi.",
            "Chạy lệnh trong bản sao (clone) của kho sổ theo dõi.",
        ) from None


def is_git_repo(repo_root: Path) -> bool:
    try:
        open_repo(repo_root)
    except HistoryError:
        return False
    return True


def is_shallow(repo) -> bool:
    return repo.git.rev_parse("--is-shallow-repository").strip() == "true"


def shallow_boundary(repo) -> set[str]:
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


def unknown_rev(repo, rev: str) -> HistoryError:
    """The error for a revision that names no commit, with what to do about it."""
    if is_shallow(repo):
        hint = "Kho là bản sao nông (shallow clone): lấy đủ lịch sử bằng «git fetch --unshallow»."
    else:
        hint = "Kiểm tra tên nhánh hoặc mã commit (ví dụ origin/main); chạy «git fetch» nếu cần."
    return HistoryError(f"Không tìm thấy phiên bản «{rev}» trong kho Git.", hint)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def _shown(raw: bytes) -> str:
    """A name or subject as pages and messages show it: decoded, control characters left out."""
    return printable(_text(raw))


def _moment(epoch: bytes, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(epoch), zone)


def parse_log(data: bytes, zone: ZoneInfo, skipped: list[str]) -> Iterator[tuple[Commit, list[FileChange]]]:
    """Records of `git log --raw -z --format=_FORMAT`; unreadable records go to `skipped`."""
    for record in data.split(b"\x1e"):
        if not record:
            continue
        parts = record.split(b"\0")
        try:
            sha, author, email, authored, committed, subject = parts[:_HEADER_FIELDS]
            commit = Commit(
                _text(sha),
                _shown(author),
                _shown(email),
                _moment(authored, zone),
                _moment(committed, zone),
                _shown(subject),
            )
        except (ValueError, OverflowError, OSError):
            skipped.append(_text(parts[0][:40]) or "?")
            continue
        rest = parts[_HEADER_FIELDS:]
        changes = []
        for meta, path in zip(rest[0::2], rest[1::2], strict=False):  # a trailing NUL leaves one extra
            fields = _text(meta).strip().lstrip(":").split()
            if len(fields) == 5:
                changes.append(FileChange(fields[4][0], fields[2], fields[3], _text(path)))
        yield commit, changes


def log_under(repo, under: str, rev: str, zone: ZoneInfo = DEFAULT_ZONE) -> tuple[list, list[str]]:
    """Every commit reachable from `rev` that touched `under`, oldest first (one git call), and
    the notes on commits that could not be read."""
    data = repo.git.log(
        rev,
        "--reverse",
        "--topo-order",
        "--raw",
        "-z",
        "--no-renames",
        "--no-abbrev",
        f"--format={_FORMAT}",
        "--",
        under.strip("/") + "/",
        stdout_as_string=False,
    )
    skipped: list[str] = []
    commits = list(parse_log(data, zone, skipped))
    notes = (
        [
            f"Bỏ qua {len(skipped)} commit không đọc được thông tin (ngày hoặc tên không hợp lệ): "
            + ", ".join(s[:10] for s in skipped[:5])
            + ("…" if len(skipped) > 5 else "")
            + "."
        ]
        if skipped
        else []
    )
    return commits, notes


def read_blob(repo, sha: str) -> bytes | None:
    """A blob's bytes through the persistent cat-file process; None if too big or missing."""
    try:
        info = repo.odb.info(bytes.fromhex(sha))
        if info.size > MAX_BLOB_BYTES:
            return None
        return repo.odb.stream(bytes.fromhex(sha)).read()
    except (ValueError, git.exc.GitError, OSError):
        return None


def tree_blobs(repo, commit: str, under: str) -> dict[str, str]:
    """Repo-relative path → blob SHA of the files under `under` in `commit` (one ls-tree).

    Every regular file is listed, whatever its name (the loader refuses a file under documents/
    that is not a register file); symbolic links and submodules are left out, as the loader
    refuses them in a working tree.
    """
    data = repo.git.ls_tree("-r", "-z", "--full-tree", commit, "--", under.strip("/") + "/", stdout_as_string=False)
    tree = {}
    for entry in data.split(b"\0"):
        meta, _, path = _text(entry).partition("\t")
        if not path:
            continue
        mode, kind, blob = meta.split()
        if kind == "blob" and mode in ("100644", "100755"):
            tree[path] = blob
    return tree


def read_blobs(repo, blobs: dict[str, str]) -> dict[str, bytes]:
    """Repo-relative path → bytes, as `read_register_files` gives them for a working tree: only
    register files (`.yaml`) are read; any other file is listed with no content."""
    out = {}
    for path, blob in blobs.items():
        if not content_needed(path):
            out[path] = b""
        elif (data := read_blob(repo, blob)) is not None:
            out[path] = data
    return out


def files_at(repo, commit: str, under: str) -> dict[str, bytes]:
    """Repo-relative path → bytes of the files under `under` in `commit` (see `read_blobs`)."""
    return read_blobs(repo, tree_blobs(repo, commit, under))


def commit_time(repo, sha: str, zone: ZoneInfo = DEFAULT_ZONE) -> dt.datetime | None:
    """When `sha` was committed, in `zone`; None when its record holds a time Python cannot
    represent (a hand-made commit dated in the year 5,000,000, say)."""
    try:
        return _moment(repo.git.show("-s", "--format=%ct", sha).strip().encode("ascii"), zone)
    except (ValueError, OverflowError, OSError, UnicodeError):
        return None


def commit_at_date(repo, day: dt.date, rev: str = "HEAD", zone: ZoneInfo = DEFAULT_ZONE) -> str | None:
    """The last commit on `rev`'s first-parent line committed on or before the end of `day`."""
    end = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone)
    out = repo.git.rev_list("-1", "--first-parent", f"--before={end.isoformat()}", rev).strip()
    return out or None


def first_commit_under(repo, under: str, rev: str) -> str | None:
    """The oldest commit on `rev`'s first-parent line that touched `under`."""
    out = repo.git.rev_list("--first-parent", "--reverse", rev, "--", under.strip("/") + "/")
    return out.split("\n", 1)[0].strip() or None


def changed_paths(repo, base: str, under: str, head: str | None = None) -> tuple[set[str], set[str]]:
    """(changed or added, deleted) paths under `under` between `base` and `head` (or the working
    tree, untracked files included). One `git diff` plus one `ls-files` call."""
    prefix = under.strip("/") + "/"
    args = ["--raw", "-z", "--no-renames", "--no-abbrev", base]
    if head:
        args.append(head)
    parts = repo.git.diff(*args, "--", prefix, stdout_as_string=False).split(b"\0")
    changed, deleted = set(), set()
    for meta, path in zip(parts[0::2], parts[1::2], strict=False):  # a trailing NUL leaves one extra
        fields = _text(meta).strip().split()
        if len(fields) == 5 and fields[0].startswith(":"):
            (deleted if fields[4].startswith("D") else changed).add(_text(path))
    if head is None:
        untracked = repo.git.ls_files("--others", "--exclude-standard", "-z", "--", prefix, stdout_as_string=False)
        changed.update(_text(p) for p in untracked.split(b"\0") if p)
    return changed, deleted


def is_ancestor(repo, base: str, head: str) -> bool:
    try:
        repo.git.merge_base("--is-ancestor", base, head)
    except git.exc.GitCommandError:
        return False
    return True


def run_git(repo_root: Path, *args: str) -> str:
    """Plain git for the few calls GitPython has no verb for (tests and tools)."""
    return subprocess.run(["git", "-C", str(repo_root), *args], capture_output=True, text=True, check=True).stdout


def head_of(path: Path) -> str:
    """The commit the repository holding `path` is at ('' outside Git): a new commit changes
    the history the site shows even when no register file changed (`serve` watches it)."""
    try:
        result = subprocess.run(
            ["git", "-C", str(path), "rev-parse", "-q", "--verify", "HEAD"], capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return result.stdout.strip()


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
