"""Real temporary Git repositories with controlled dates and authors, for the history tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "history"


class GitRepo:
    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str | None = None, author: str = "Văn thư HCTC") -> str:
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": "vanthu@example.gov.vn",
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": "vanthu@example.gov.vn",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
        }
        if when:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        return subprocess.run(
            ["git", "-C", str(self.root), *args],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def edit(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def commit(self, message: str, when: str, author: str = "Văn thư HCTC") -> str:
        self.git("add", "-A", when=when, author=author)
        self.git("commit", "-q", "--allow-empty", "-m", message, when=when, author=author)
        return self.git("rev-parse", "HEAD").strip()

    def copy_register(self, source: Path = DATA / "register") -> None:
        # fresh mtimes (copyfile): a kept source mtime can hide a change from Git's stat cache
        shutil.copytree(source, self.root / "register", dirs_exist_ok=True, copy_function=shutil.copyfile)
