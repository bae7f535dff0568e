"""Every command, every way to call it wrongly at the edges: places to write that are not
regular files, days and months outside what the register can mean, ports that do not exist.
The commands are found in the click tree, so a new command is covered as soon as it exists
(its required arguments must then be given a value in ARGUMENTS below).

And the writers: a register whose text once held control characters (an old commit still does)
is published, reported, reminded and compared without a crash, and nothing written carries them.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import click
import pytest
from registerkit import DATA, GIT_ENV, git, make_register, run_cli

from generator.cli import main
from generator.vi import CONTROL_CHARS

# A value for each required argument or option, by its parameter name.
ARGUMENTS = {
    "base": ["HEAD"],
    "month": ["--month", "2026-04"],
    "file": [str(DATA / "reconcile" / "stc-comma.csv")],
    "agency": ["--agency", "STC"],
    "fmt": ["--format", "json"],
    "book": ["outgoing"],
    "year": ["--year", "2026"],
}
TEAMS = 'default: "@so/van-phong"\ndivisions: {TH: "@so/phong-th", KT: "@so/phong-kt"}\n'


def commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], click.Command]:
    """Every command of the click tree, by its words (`("report", "monthly")`)."""
    found = {}
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # commands load lazily: ask the group, not its dict
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            found |= commands(command, prefix + (name,))
        else:
            found[prefix + (name,)] = command
    return found


def with_option(*names: str) -> list[tuple[str, ...]]:
    return [words for words, cmd in commands().items() if any(o in names for p in cmd.params for o in p.opts)]


def call(words: tuple[str, ...], *extra: str) -> list[str]:
    """The command with a value for every required parameter, then `extra`."""
    args = list(words)
    for param in commands()[words].params:
        if param.required and not any(o in extra for o in param.opts):
            assert param.name in ARGUMENTS, f"{' '.join(words)}: give ARGUMENTS a value for «{param.name}»"
            args += ARGUMENTS[param.name]
    return args + ["--register", "register", *extra] if _has(words, "--register") else args + list(extra)


def _has(words: tuple[str, ...], option: str) -> bool:
    return any(option in p.opts for p in commands()[words].params)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("repo")
    make_register(root)
    (root / ".github").mkdir()
    (root / ".github/codeowners-teams.yaml").write_text(TEAMS, encoding="utf-8")
    return root


# Commands that only run on the secret register (R5), kept in a repository of its own.
SECRET_ONLY = {("book",)}


@pytest.fixture(scope="module")
def secret_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("secret")
    shutil.copytree(DATA / "secret" / "register", root / "register")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Sổ mật mẫu")
    return root


@pytest.fixture
def home(root, secret_root):
    """The repository a command runs in: the secret one for what only the secret register has."""
    return lambda words: secret_root if words in SECRET_ONLY else root


def test_the_tree_has_the_commands_that_write_files():
    assert len(commands()) >= 15  # the lazily loaded commands too
    assert {("diff",), ("export",), ("remind",), ("report", "monthly"), ("reconcile",), ("codeowners",)} <= set(
        with_option("--output")
    )
    assert ("report", "monthly") in with_option("--output-dir")


# -- --output ----------------------------------------------------------------------------------


def _targets(tmp: Path) -> dict[str, tuple[Path, callable]]:
    """name → (the --output path, a check that it was left as it was)."""
    tmp.mkdir(parents=True, exist_ok=True)
    real = tmp / "that-file.txt"
    real.write_text("giữ nguyên", encoding="utf-8")
    link = tmp / "link.out"
    link.symlink_to(real)
    folder = tmp / "folder"
    folder.mkdir()
    return {
        "missing-folder": (tmp / "missing" / "out.md", lambda: not (tmp / "missing").exists()),
        "symlink": (link, lambda: link.is_symlink() and real.read_text(encoding="utf-8") == "giữ nguyên"),
        "device": (Path("/dev/null"), lambda: stat.S_ISCHR(os.stat("/dev/null").st_mode)),
        "stdout": (Path("/dev/stdout"), lambda: Path("/dev/stdout").is_symlink() or Path("/dev/stdout").exists()),
        "directory": (folder, lambda: folder.is_dir() and not any(folder.iterdir())),
    }


@pytest.mark.parametrize("words", with_option("--output"), ids=" ".join)
def test_output_that_is_not_a_regular_file_is_refused_and_left_alone(home, tmp_path, words):
    for name, (target, unchanged) in _targets(tmp_path).items():
        result = run_cli(call(words, "--output", str(target)), cwd=home(words))
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.output)
        assert result.exit_code == 2, (name, result.output)
        assert "Lỗi:" in result.output and str(target) in result.output, (name, result.output)
        assert unchanged(), name


@pytest.mark.parametrize("words", with_option("--output"), ids=" ".join)
def test_output_to_a_fifo_never_blocks_and_the_fifo_stays(home, tmp_path, words):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "generator", *call(words, "--output", str(fifo))]
    result = subprocess.run(command, cwd=home(words), capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "FIFO" in result.stderr, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("words", with_option("--output"), ids=" ".join)
def test_output_to_a_regular_file_replaces_it(home, tmp_path, words):
    target = tmp_path / "out.json"
    target.write_text("cũ", encoding="utf-8")
    result = run_cli(call(words, "--output", str(target)), cwd=home(words))
    assert result.exit_code in (0, 1, 3), result.output  # reconcile, remind… may report findings
    if words in SECRET_ONLY:  # written beside it as «MAT-out.json» (R5), the file asked for left alone
        assert target.read_bytes() == "cũ".encode()
        target = target.with_name(f"MAT-{target.name}")
    assert target.read_bytes() != "cũ".encode() and not target.is_symlink()


@pytest.mark.parametrize("words", with_option("--output-dir"), ids=" ".join)
def test_output_dir_that_is_not_a_folder_is_refused(root, tmp_path, words):
    regular = tmp_path / "a-file"
    regular.write_text("giữ nguyên", encoding="utf-8")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for target in (regular, fifo, Path("/dev/null"), Path("/dev/stdout")):
        command = [sys.executable, "-m", "generator", *call(words, "--output-dir", str(target))]
        result = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (target, result.stderr)
    assert regular.read_text(encoding="utf-8") == "giữ nguyên" and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    missing = tmp_path / "new" / "reports"
    assert run_cli(call(words, "--output-dir", str(missing)), cwd=root).exit_code == 0
    assert sorted(p.suffix for p in missing.iterdir()) == [".docx", ".md", ".xlsx"]


# -- days, months, ports -----------------------------------------------------------------------

BAD_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "0000-00-00", "2026-02-30", "ngày mai", ""]


@pytest.mark.parametrize("words", with_option("--as-of"), ids=" ".join)
def test_as_of_outside_the_range_is_a_usage_error_in_every_command(root, words):
    for day in BAD_DAYS:
        result = run_cli(call(words, "--as-of", day), cwd=root)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code == 2, (day, result.output)
        assert "Traceback" not in result.output
        if day[:4].isdigit() and day[5:7] != "00" and day != "2026-02-30":
            assert "01/01/1900" in result.output and "31/12/2199" in result.output, result.output


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "0000-01", "1899-12", "2200-01", "2026-13", "2026-00", "x"])
def test_a_month_outside_the_range_is_a_usage_error(root, month):
    result = run_cli(["report", "monthly", "--register", "register", "--month", month], cwd=root)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "Lỗi:" in result.output


@pytest.mark.parametrize("month", ["1900-01", "2199-12"])
def test_the_months_at_the_edges_of_the_range_are_reported(root, month):
    result = run_cli(["report", "monthly", "--register", "register", "--month", month], cwd=root)
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output


@pytest.mark.parametrize("port", ["70000", "-1", "65536", "http", "1e3"])
def test_serve_refuses_a_port_that_does_not_exist(root, port):
    result = run_cli(["serve", "--register", "register", "--port", port], cwd=root)
    assert result.exit_code == 2 and "--port" in result.output, result.output


# -- writers and control characters ------------------------------------------------------------

ESCAPES = "\\v\\0\\x1b[31m\\u2028\\u202e\\u2066\\u200b\\xad\\ufeff\\x85\\x7f\\f\\a\\e\\N\\P"


def test_text_that_once_held_control_characters_is_written_without_them_everywhere(tmp_path):
    """An April commit holds every kind of control character in a document's title, a task and a
    progress note; a May commit fixes it. The site (whose April report page is built from the
    April commit), the remind and diff outputs (which do not refuse a register with errors) and
    every report format come out whole, and no file written carries a control character."""
    make_register(tmp_path)
    doc = tmp_path / "register/documents/2026/45-QD-UBND.yaml"
    clean = doc.read_text(encoding="utf-8")
    dirty = (
        clean.replace("title: Về việc", f'title: "Về{ESCAPES} việc" #')
        .replace("content: Hướng dẫn xã", f'content: "Hướng{ESCAPES} dẫn" #')
        .replace("report: 88/BC-STC", f'report: 88/BC-STC\n        note: "Đã{ESCAPES} xong"')
    )
    doc.write_text(dirty, encoding="utf-8")
    when = "2026-04-20T09:00:00+07:00"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qam", "Dán từ web"], check=True, env=env)
    base = git(tmp_path, "rev-parse", "HEAD").strip()

    reg = ["--register", "register", "--as-of", "2026-04-30"]
    written = {
        "remind": run_cli(["remind", *reg, "--kind", "monthly"], cwd=tmp_path),
        "remind-json": run_cli(["remind", *reg, "--kind", "overdue", "--format", "json"], cwd=tmp_path),
        "check": run_cli(["check", *reg, "--format", "json"], cwd=tmp_path),
    }
    fixed = run_cli(["fix", "--register", "register"], cwd=tmp_path)
    assert fixed.exit_code == 0, fixed.output
    when = "2026-05-02T09:00:00+07:00"
    env = {**env, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qam", "nhiemvu fix"], check=True, env=env)
    reg = ["--register", "register", "--as-of", "2026-05-30"]
    written["diff"] = run_cli(["diff", "HEAD~2", "--register", "register", *reg[2:]], cwd=tmp_path)
    written["diff-back"] = run_cli(["diff", "HEAD", base, *reg], cwd=tmp_path)
    written["build"] = run_cli(["build", *reg, "--site-dir", str(tmp_path / "site")], cwd=tmp_path)
    for fmt in ("md", "xlsx", "docx"):
        out = tmp_path / f"bao-cao.{fmt}"
        written[fmt] = run_cli(["report", "monthly", *reg, "--month", "2026-04", "--output", str(out)], cwd=tmp_path)
    for fmt in ("json", "csv"):
        written[fmt] = run_cli(["export", *reg, "--format", fmt, "--output", str(tmp_path / f"x.{fmt}")], cwd=tmp_path)
    for name, result in written.items():
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.output)
        assert "Traceback" not in result.output and result.exit_code in (0, 1, 3), (name, result.output)
        assert not CONTROL_CHARS.search(result.stdout.replace("\n", "").replace("\t", "")), name
    assert written["check"].exit_code == 1
    assert "control-character" in {p["code"] for p in json.loads(written["check"].stdout)["problems"]}
    assert (tmp_path / "site" / "bao-cao").is_dir()
    produced = [p for p in (tmp_path / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")]
    produced += [tmp_path / f"bao-cao.{f}" for f in ("md",)] + [tmp_path / "x.json", tmp_path / "x.csv"]
    for path in produced:
        text = path.read_text(encoding="utf-8-sig")
        assert not CONTROL_CHARS.search(text.replace("\n", "").replace("\t", "").replace("\r", "")), path
    from docx import Document
    from openpyxl import load_workbook

    Document(str(tmp_path / "bao-cao.docx"))
    load_workbook(tmp_path / "bao-cao.xlsx")
    for xlsx in (tmp_path / "site" / "bao-cao").glob("*.xlsx"):
        load_workbook(xlsx)
