"""Git history that cannot be read as usual never breaks a command: a commit whose author name
holds bytes that are not UTF-8, or whose dates Python cannot represent (years past 9999, before
1970, not a number at all), is read or skipped with a note by `build`, `remind`, `check --since`
and `diff`, whichever side of the change it sits on. And a change that rewrites what the
register said — a force-pushed base, a completion dated before the base that turns «quá hạn»
into «đúng hạn» — is said so.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from registerkit import GIT_ENV, git, make_register, run_cli

DOC = "register/documents/2026/45-QD-UBND.yaml"

# (what the commit record says after «author»/«committer», whether a normal pass can read it)
ODD_COMMITS = {
    "name-not-utf8": (b"V\xffn th\xc6 HCTC <vt@example.gov.vn> 1775000000 +0700", True),
    "name-with-escape": (b"V\x1b[31mn th\x07 <vt@example.gov.vn> 1775000000 +0700", True),
    "year-5000000": (b"Van thu <vt@example.gov.vn> 99999999999999 +0000", False),
    "year-10000": (b"Van thu <vt@example.gov.vn> 253402300800 +0000", False),
    "year-2**64": (b"Van thu <vt@example.gov.vn> 18446744073709551615 +0000", False),
    "before-1970": (b"Van thu <vt@example.gov.vn> -5000000000 +0000", False),
    "not-a-number": (b"Van thu <vt@example.gov.vn> yesterday +0700", False),
    "zone-absurd": (b"Van thu <vt@example.gov.vn> 1775000000 +9999", True),
    "no-date": (b"Van thu <vt@example.gov.vn>", False),
}


def _odd_commit(root, who: bytes) -> str:
    """A commit on top of HEAD, written by hand (git itself would refuse these records), that
    changes a document; HEAD then points at it."""
    _append(root, "    progress:\n      - date: 2026-04-20\n        status: in_progress\n")
    git(root, "add", "-A")
    tree = git(root, "write-tree").strip()
    parent = git(root, "rev-parse", "HEAD").strip()
    record = b"tree %s\nparent %s\nauthor %s\ncommitter %s\n\nC\xe1p nh\xe2t \xff\n" % (
        tree.encode(),
        parent.encode(),
        who,
        who,
    )
    sha = (
        subprocess.run(
            ["git", "-C", str(root), "hash-object", "-t", "commit", "-w", "--literally", "--stdin"],
            input=record,
            capture_output=True,
            check=True,
            env={**os.environ, **GIT_ENV},
        )
        .stdout.decode()
        .strip()
    )
    git(root, "update-ref", "refs/heads/main", sha)
    return sha


def _append(root, text: str) -> None:
    """Append to the document (its last task is task 2): a change the ledger allows."""
    with open(root / DOC, "a", encoding="utf-8") as handle:
        handle.write(text)


def _ok(result, *, exits=(0,)) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code in exits, result.output
    return result.output


@pytest.mark.parametrize("case", sorted(ODD_COMMITS))
def test_an_unreadable_commit_is_read_or_skipped_with_a_note_by_every_command(tmp_path, case):
    who, readable = ODD_COMMITS[case]
    make_register(tmp_path)
    base = git(tmp_path, "rev-parse", "HEAD").strip()
    odd = _odd_commit(tmp_path, who)
    _append(tmp_path, "      - date: 2026-04-27\n        status: in_progress\n        note: Tuần sau.\n")
    git(tmp_path, "commit", "-qam", "Sau commit lạ")
    skipped = "Bỏ qua 1 commit không đọc được"
    reg = ["--register", "register", "--as-of", "2026-11-30"]

    outputs = [
        _ok(run_cli(["build", *reg, "--site-dir", str(tmp_path / "site")], cwd=tmp_path)),
        _ok(run_cli(["remind", *reg], cwd=tmp_path)),
        _ok(run_cli(["check", *reg, "--since", base], cwd=tmp_path)),
        _ok(run_cli(["check", *reg, "--since", odd], cwd=tmp_path)),
        _ok(run_cli(["check", *reg, "--since", "HEAD~1", "--format", "json"], cwd=tmp_path)),
    ]
    for output in outputs:
        assert (skipped in output) is not readable, output
        assert "\x1b" not in output and "\ufffd\ufffd" not in output
    for args in (["diff", base, odd], ["diff", odd, "HEAD"], ["diff", odd], ["diff", base]):
        out = _ok(run_cli([*args, "--register", "register", "--as-of", "2026-11-30"], cwd=tmp_path))
        assert out.startswith("<!-- nhiemvu-diff -->")
    for args in (["build", "--from-history", "--site-dir", str(tmp_path / "site2")], ["export", "--from-history"]):
        _ok(run_cli([*args, *reg, *(["--format", "json"] if "export" in args else [])], cwd=tmp_path))


def test_a_commit_dated_far_ahead_by_git_itself_is_read_or_skipped(tmp_path):
    """The dates git accepts from GIT_COMMITTER_DATE, at their extremes."""
    make_register(tmp_path)
    base = git(tmp_path, "rev-parse", "HEAD").strip()
    for when in ("@99999999999 +0000", "@4102444800 +1400", "@0 -1200"):
        doc = tmp_path / DOC
        doc.write_text(doc.read_text(encoding="utf-8") + "#\n", encoding="utf-8")
        env = {**os.environ, **GIT_ENV, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
        subprocess.run(["git", "-C", str(tmp_path), "commit", "-qam", when], check=True, env=env)
    for args in (
        ["build", "--site-dir", str(tmp_path / "site")],
        ["remind"],
        ["check", "--since", base],
        ["diff", base, "HEAD"],
    ):
        _ok(run_cli([*args, "--register", "register", "--as-of", "2026-11-30"], cwd=tmp_path))


# -- what a change rewrites ------------------------------------------------------------------


def test_a_force_pushed_base_is_said_so(tmp_path):
    make_register(tmp_path)
    doc = tmp_path / DOC
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("88/BC-STC", "88/BC-STC\n        note: Đã báo cáo."), encoding="utf-8")
    git(tmp_path, "commit", "-qam", "Bản sẽ bị viết lại")
    old_main = git(tmp_path, "rev-parse", "HEAD").strip()
    git(tmp_path, "reset", "-q", "--hard", "HEAD~1")
    git(tmp_path, "commit", "-q", "--allow-empty", "-m", "Lịch sử khác")
    result = run_cli(["check", "--register", "register", "--since", old_main, "--format", "json"], cwd=tmp_path)
    problems = json.loads(result.stdout)["problems"]
    assert ("history-base-not-ancestor", "register") in [(p["code"], p["file"]) for p in problems]
    # what the rewrite lost looks like an edit of the ledger; the warning says why
    assert "history-progress-changed" in [p["code"] for p in problems]
    ancestor = run_cli(["check", "--register", "register", "--since", "HEAD~1", "--format", "json"], cwd=tmp_path)
    assert "history-base-not-ancestor" not in ancestor.stdout


def test_diff_says_which_tasks_turn_from_late_to_on_time(tmp_path):
    make_register(tmp_path)  # committed 2026-03-02; task 1 due 2026-04-15 and done 2026-04-10
    doc = tmp_path / DOC
    text = doc.read_text(encoding="utf-8")
    doc.write_text(
        text.replace("      - date: 2026-04-10\n        status: done\n        report: 88/BC-STC\n", ""),
        encoding="utf-8",
    )
    doc.write_text(doc.read_text(encoding="utf-8").replace("    progress:\n", "    progress: []\n"), encoding="utf-8")
    when = "2026-05-04T09:00:00+07:00"
    env = {**os.environ, **GIT_ENV, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qam", "Chưa xong"], check=True, env=env)
    doc.write_text(text, encoding="utf-8")  # done «2026-04-10», written only now
    out = run_cli(["diff", "HEAD", "--register", "register", "--as-of", "2026-05-06"], cwd=tmp_path).stdout
    assert "### Từ quá hạn thành đúng hạn" in out
    row = next(line for line in out.splitlines() if "Quá hạn chưa hoàn thành → Hoàn thành đúng hạn" in line)
    assert row.startswith("| 45/QĐ-UBND (2026) \\#1 |") and "10/04/2026" in row
    assert "history-backdated-progress" in out
