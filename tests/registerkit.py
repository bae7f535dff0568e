"""Helpers for real registers in temporary Git repositories and the real `nhiemvu` command.

Import them in a test module with `from registerkit import …` (tests/ is on sys.path), or use
the fixtures of tests/conftest.py that wrap them:

- `make_register(root, overlays, remove, git_repo)` — the base register with files copied over it;
  inside a fresh Git repository with one commit unless git_repo=False; returns register/
- `run_cli(args, cwd=None, env=None, input=None)` — `nhiemvu` through click's CliRunner, run in
  `cwd`; returns the click Result (exit_code, stdout, stderr, output, exception).
- `run_nhiemvu(args, cwd, env=None)` — the installed console script in a subprocess (what CI
  and clerks run); returns subprocess.CompletedProcess with text output.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
BASE = DATA / "base" / "register"
REPO = TESTS.parent

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Văn thư HCTC",
    "GIT_AUTHOR_EMAIL": "vanthu@example.gov.vn",
    "GIT_COMMITTER_NAME": "Văn thư HCTC",
    "GIT_COMMITTER_EMAIL": "vanthu@example.gov.vn",
    "GIT_AUTHOR_DATE": "2026-03-02T09:00:00+07:00",
    "GIT_COMMITTER_DATE": "2026-03-02T09:00:00+07:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(root: Path, *args: str) -> str:
    """Run git in `root` with a fixed identity and no user configuration."""
    return subprocess.run(
        ["git", "-C", str(root), *args], env={**os.environ, **GIT_ENV}, capture_output=True, text=True, check=True
    ).stdout


def make_register(root: Path, *, overlays: list[Path] = (), remove: list[str] = (), git_repo: bool = True) -> Path:
    """A register at `root`/register: the base register, then each overlay directory's files
    copied over it (paths relative to the overlay, e.g. register/documents/2026/x.yaml), then
    `remove` (paths relative to `root`) deleted. Returns the register directory."""
    root.mkdir(parents=True, exist_ok=True)
    register = root / "register"
    shutil.copytree(BASE, register)
    for overlay in overlays:
        for src in sorted(Path(overlay).rglob("*")):
            if src.is_file():
                dst = root / src.relative_to(overlay)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    for rel in remove:
        (root / rel).unlink()
    if git_repo:
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Sổ theo dõi ban đầu")
    return register


def outside_git(source: Path) -> Path:
    """A copy of a test register in a temporary folder outside any Git repository.

    Test data lives in this project's repository; read in place, a command that reads history
    (the monthly report of a past month does) would read the project's own Git history of the
    test data instead of the data."""
    target = Path(tempfile.mkdtemp(prefix="nhiemvu-data-")) / source.name
    shutil.copytree(source, target)
    atexit.register(shutil.rmtree, target.parent, ignore_errors=True)
    return target


def tree_digest(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root` (Git's own files left out): to prove nothing changed."""
    out = {}
    for path in sorted(root.rglob("*")):
        if ".git" in path.relative_to(root).parts or not path.is_file():
            continue
        out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def run_cli(args: list, cwd: Path | None = None, env: dict | None = None, input: str | None = None):
    """`nhiemvu ARGS` through CliRunner, in `cwd`. GITHUB_ACTIONS is unset unless `env` sets it."""
    from generator.cli import main

    runner = CliRunner()
    full_env = {"GITHUB_ACTIONS": None, **(env or {})}
    with contextlib.chdir(cwd or Path.cwd()):
        return runner.invoke(main, [str(a) for a in args], env=full_env, input=input, catch_exceptions=True)


def run_nhiemvu(args: list, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """The installed `nhiemvu` console script in a subprocess (falls back to `python -c`)."""
    base_env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    exe = shutil.which("nhiemvu")
    cmd = [exe] if exe else [sys.executable, "-c", "from generator.cli import run; run()"]
    return subprocess.run(
        cmd + [str(a) for a in args],
        cwd=cwd,
        env={**base_env, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
