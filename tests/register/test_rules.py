"""Every code of the rule catalog, on small real registers: a passing and a failing one each.

tests/data/rules/<code>/pass/ and fail/ hold files (paths under register/) copied over the base
register; expect.yaml says where the failing case must be reported and at which --as-of date.
The checker is the real one: `nhiemvu check --format json` through CliRunner.

Cases that cannot be stored as files are made here, driven by expect.yaml: `pad` (a file grown
to an exact size with a YAML comment), `symlink`, `socket` (a Unix socket where a file should be),
`unreadable` (a file without read permission; as root, the check runs in a subprocess without the
capabilities that let root read anything),
`remove` (a file deleted) and `register` (a --register directory that does not exist).
History codes (`since` in expect.yaml) are checked on a change committed on top of the base
register (plus before/ when the history needs more than the base), with `check --since`
(`unrelated_base`: compared instead with a parentless copy of the base, as a force-push leaves).
Codes only `nhiemvu new` emits (`new` in expect.yaml: its arguments) are checked by running
`nhiemvu new --register register ARGS` on the case's register instead of `check`; the problems
are read back from the text it prints (`file:line:column: lỗi [code] message` / `    → hint`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hintfix import apply_fixes
from registerkit import DATA, git, make_register, run_cli

import generator.history.rules  # noqa: F401  (history codes join the catalog, whatever ran before)
from generator.register.load import load_register
from generator.register.problems import Fix
from generator.register.rules import catalog

RULES = DATA / "rules"
CODES = sorted(r.code for r in catalog())


def _expect(code: str) -> dict:
    return yaml.safe_load((RULES / code / "expect.yaml").read_text(encoding="utf-8"))


def _build(tmp_path: Path, code: str, which: str) -> tuple[Path, dict]:
    """The register of one case, with the generated parts of expect.yaml applied."""
    exp = _expect(code)
    root = tmp_path / which
    if exp.get("since"):
        # History rules: base (+ before/) is the first commit, the case is the change on top.
        register = make_register(root, overlays=[RULES / code / "before"])
        for rel in exp.get("remove", {}).get(which, []):
            (root / rel).unlink()
        # copyfile, not copy2: a copied file keeping its source's mtime and size looks unchanged
        # to Git's stat cache on a fresh clone, and the change would not be committed
        shutil.copytree(RULES / code / which, root, dirs_exist_ok=True, copy_function=shutil.copyfile)
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Thay đổi cần kiểm tra")
        if which in exp.get("unrelated_base", []):
            # the base's register in a commit with no parent: what a force-push leaves behind
            exp["since"] = git(root, "commit-tree", "HEAD~1^{tree}", "-m", "Lịch sử viết lại").strip()
        return register, exp
    register = make_register(
        root, overlays=[RULES / code / which], remove=exp.get("remove", {}).get(which, []), git_repo=False
    )
    size = exp.get("pad", {}).get(which)
    if size:
        path = root / exp["file"]
        data = path.read_bytes()
        path.write_bytes(data + b"#" + b"x" * (size - len(data) - 2) + b"\n")
        assert path.stat().st_size == size
    for link, target in exp.get("symlink", {}).get(which, {}).items():
        os.symlink(target, root / link)
    sock = exp.get("socket", {}).get(which)
    if sock:
        server = socket.socket(socket.AF_UNIX)
        cwd = Path.cwd()
        os.chdir((root / sock).parent)
        try:
            server.bind(Path(sock).name)
        finally:
            os.chdir(cwd)
        exp["_socket"] = server
    locked = exp.get("unreadable", {}).get(which)
    if locked:
        (root / locked).chmod(0)
    return register, exp


# Root reads any file whatever its permissions; without these two capabilities it cannot.
AS_ORDINARY_USER = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _check_without_privilege(root: Path, args: list[str]) -> tuple[list[dict], int]:
    """`nhiemvu check` in a subprocess that cannot read what its permissions forbid."""
    prefix = AS_ORDINARY_USER if os.geteuid() == 0 else []
    result = subprocess.run(
        [*prefix, sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode in (0, 1, 3), result.stderr
    return json.loads(result.stdout)["problems"], result.returncode


def _problems(tmp_path: Path, code: str, which: str) -> tuple[list[dict], dict, int]:
    register, exp = _build(tmp_path, code, which)
    root = register.parent
    try:
        target = exp.get("register", {}).get(which)
        if target:
            # The CLI refuses a missing directory as wrong usage (exit 2); the loader's code
            # is what `load_register` callers (build, history) meet.
            _reg, found = load_register(root / target, repo_root=root)
            return [p.as_dict() for p in found], exp, 1
        if exp.get("new"):
            problems, exit_code = _new_problems(root, exp["new"])
            return problems, exp, exit_code
        problems, exit_code = _check(root, exp, which)
        return problems, exp, exit_code
    finally:
        if "_socket" in exp:
            exp["_socket"].close()


def _check(root: Path, exp: dict, which: str = "") -> tuple[list[dict], int]:
    """`nhiemvu check --format json` on a case's register, with the case's --as-of and --since."""
    args = ["check", "--register", "register", "--format", "json"]
    if exp.get("as_of"):
        args += ["--as-of", exp["as_of"].isoformat()]
    if exp.get("since"):
        args += ["--since", exp["since"]]
    if exp.get("unreadable", {}).get(which):
        return _check_without_privilege(root, args)
    result = run_cli(args, cwd=root)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 3), result.output
    return json.loads(result.stdout)["problems"], result.exit_code


# One problem as generator.output.as_text prints it (line and column only when known).
_TEXT_PROBLEM = re.compile(
    r"^(?P<file>[^:]+)(?::(?P<line>\d+))?(?::(?P<column>\d+))?: "
    r"(?P<severity>lỗi|cảnh báo) \[(?P<code>[^\]]+)\] (?P<message>.*)$"
)
_SEVERITY = {"lỗi": "error", "cảnh báo": "warning"}


def _new_problems(root: Path, args: list) -> tuple[list[dict], int]:
    """`nhiemvu new` on the case's register; its printed problems as `check --format json` gives them."""
    result = run_cli(["new", "--register", "register", *args], cwd=root)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1), result.output
    problems: list[dict] = []
    for line in result.stderr.splitlines():
        found = _TEXT_PROBLEM.match(line)
        if found:
            problems.append(
                {
                    **found.groupdict(),
                    "line": int(found["line"] or 0),
                    "column": int(found["column"] or 0),
                    "severity": _SEVERITY[found["severity"]],
                    "hint": "",
                }
            )
        elif line.startswith("    → ") and problems:
            problems[-1]["hint"] = line.removeprefix("    → ")
    assert problems or result.exit_code == 0, result.output
    return problems, result.exit_code


def test_every_catalog_code_has_cases():
    """A new rule without tests/data/rules/<code>/{pass,fail,expect.yaml} fails CI."""
    missing = [
        c
        for c in CODES
        if not (RULES / c / "expect.yaml").is_file()
        or not (RULES / c / "pass").is_dir()
        or not (RULES / c / "fail").is_dir()
    ]
    assert missing == []
    strays = sorted(p.name for p in RULES.iterdir() if p.is_dir() and p.name not in CODES)
    assert strays == [], "tests/data/rules has cases for codes that are not in the catalog"


@pytest.mark.parametrize("code", CODES)
def test_rule_passes(tmp_path, code):
    problems, _exp, exit_code = _problems(tmp_path, code, "pass")
    assert [p for p in problems if p["code"] == code] == []
    # The passing example is a clean register, not merely one without this code.
    assert [p for p in problems if p["severity"] == "error"] == []
    assert exit_code == 0


@pytest.mark.parametrize("code", CODES)
def test_rule_fails_at_the_right_place(tmp_path, code):
    problems, exp, exit_code = _problems(tmp_path, code, "fail")
    mine = [p for p in problems if p["code"] == code]
    assert mine, f"{code} not reported; got {[(p['code'], p['line']) for p in problems]}"
    where = [(p["file"], p["line"]) for p in mine]
    assert (exp["file"], exp["line"]) in where
    found = next(p for p in mine if (p["file"], p["line"]) == (exp["file"], exp["line"]))
    if "column" in exp:
        assert found["column"] == exp["column"]
    info = next(r for r in catalog() if r.code == code)
    assert found["severity"] == info.severity
    assert found["message"].strip() and found["hint"].strip(), "a clerk needs both what and how"
    if "hint_contains" in exp:
        assert exp["hint_contains"] in found["hint"]
    if "message_contains" in exp:
        assert exp["message_contains"] in found["message"]
    if info.severity == "error":
        assert exit_code == 1
    elif code == "overdue-unexplained":
        assert exit_code == 3


def test_future_date_is_judged_against_today_not_a_past_as_of(tmp_path):
    """Viewing the register at a past date does not call today's entries "in the future"."""
    register = make_register(tmp_path, overlays=[RULES / "future-date" / "pass"], git_repo=False)
    doc = register / "documents/2026/12-CT-UBND.yaml"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "    progress:\n      - date: 2026-03-20\n        status: in_progress\n",
        encoding="utf-8",
    )
    early = run_cli(["check", "--register", "register", "--as-of", "2026-03-15", "--format", "json"], cwd=tmp_path)
    assert "future-date" not in {p["code"] for p in json.loads(early.stdout)["problems"]}
    tomorrow = dt.date.today() + dt.timedelta(days=400)
    doc.write_text(doc.read_text(encoding="utf-8").replace("2026-03-20", tomorrow.isoformat()), encoding="utf-8")
    now = run_cli(["check", "--register", "register", "--format", "json"], cwd=tmp_path)
    assert "future-date" in {p["code"] for p in json.loads(now.stdout)["problems"]}
    assert now.exit_code == 1


# Codes whose hint no program can follow, and why. Everything else proposes definite edits
# (`fix` in the JSON output) that the hint's words name verbatim; the test below applies them.
FACT = "the right value is a fact only the paper document or the clerk holds"
NOT_MECHANICAL = {
    # what to write is a fact the register cannot know
    "missing-value": FACT,
    "missing-key": FACT,
    "invalid-date": FACT,
    "deadline-before-issued": FACT,
    "progress-before-issued": FACT,
    "progress-order": FACT + " (a date typed wrong, or an entry written out of order)",
    "future-date": FACT,
    "extension-date": FACT,
    "extension-not-later": FACT,
    "cancel-without-note": FACT + " (the deciding document and the reason)",
    "report-required": FACT + " (the report's number)",
    "overdue-unexplained": FACT + " (the reason for the delay, or the extension's document)",
    "no-tasks": FACT + " (the tasks the document assigns)",
    "agency-not-valid": FACT + " (which agency took the task over)",
    "monitor-not-division": FACT + " (which division follows the task)",
    "intake-monitor": FACT + " (which division follows the item)",
    "signer-not-valid": FACT + " (who signed, or when)",
    "validity-range": FACT + " (which of the two dates is wrong)",
    "calendar-conflict": FACT + " (which of the two the Prime Minister's decision says)",
    "intake-date-order": FACT,
    "intake-field": FACT + " (the assignment document's number)",
    "history-classification-changed": FACT + " (why the task was reclassified)",
    "history-task-id-reused": FACT + " (the new task's content goes under a new id)",
    "history-task-removed": "restoring the task means copying its block back from the base version",
    "history-document-removed": "restoring the file, or removing a secret one, is the reviewer's call",
    "legacy-encoding": "converting needs the source encoding (TCVN3 or VNI) chosen in Unikey",
    "not-utf8": "which legacy encoding the bytes are in is a guess the clerk confirms by reading",
    "file-too-large": "what was pasted by mistake is for the clerk to see",
    "nesting-too-deep": "what was pasted by mistake is for the clerk to see",
    "date-out-of-range": FACT + " (the date the document gives)",
    "history-backdated-progress": FACT + " (the date the reviewer reads on the report)",
    # something to do outside the register, then record it
    "intake-overdue": "issue the assignment document first, then record its number and date",
    "intake-unreported": "report to the Office's leaders first, then record the date",
    "history-flash-late": "the entry was late; nothing in the file can change that",
    "missing-file": "the file's content (every agency, every signer) is for the office to write",
    "unreadable": "permissions are the machine administrator's",
    "history-base-not-ancestor": "bringing the branch up to date is done with Git, then checked again",
    # not about a register file
    "no-register": "a command-line option, not a file",
    "file-exists": "`nhiemvu new` refused: nothing in the register is wrong",
    # the secret register (R5)
    "book-entry-year": FACT + " (the row's date, or the year's book it belongs in)",
    "book-seq": FACT + " (the document's number)",
    "book-path": "which book (outgoing or incoming) and which year the file is is for the clerk to say",
    "handover-order": FACT + " (a hand-over's date)",
    "handover-incomplete": "a signature is given on paper by the person handing over or receiving",
    "public-document": "the document is to be entered in the public register, on another machine",
    "mixed-audiences": "which copy of the register leaves the repository is the Office's decision",
    "secret-register-online": "removing a remote or the workflows is done with Git by the machine's keeper",
    "history-secret-removed": "purging a file from Git history is done on the server, outside the register",
}


def _found(problems: list[dict], exp: dict, code: str) -> dict:
    return next(p for p in problems if p["code"] == code and (p["file"], p["line"]) == (exp["file"], exp["line"]))


@pytest.mark.parametrize("code", CODES)
def test_hint_followed_literally_ends_the_problem(tmp_path, code):
    """Apply exactly the edits the hint names (its `fix`) to the failing case and check again:
    the problem is gone and no other problem appeared."""
    problems, exp, _exit = _problems(tmp_path, code, "fail")
    found = _found(problems, exp, code)
    if code in NOT_MECHANICAL:
        assert not found.get("fix"), f"{code} has a fix now: take it off NOT_MECHANICAL"
        return
    assert found["fix"], f"{code}: the hint proposes no definite edit ({found['hint']})"
    for edit in found["fix"]:
        assert Fix(**edit).shown() in found["hint"], (edit, found["hint"])
        assert not Path(edit["file"]).is_absolute() and ".." not in Path(edit["file"]).parts
    root = tmp_path / "fail"
    apply_fixes(root, found["fix"])
    after, _exit = _check(root, exp)
    before_counts = Counter(p["code"] for p in problems)
    after_counts = Counter(p["code"] for p in after)
    assert after_counts[code] < before_counts[code], [p for p in after if p["code"] == code]
    worse = {c: n for c, n in after_counts.items() if n > before_counts[c]}
    assert worse == {}, [(p["code"], p["file"], p["line"], p["message"]) for p in after if p["code"] in worse]


def test_not_mechanical_list_is_short_and_current():
    assert set(NOT_MECHANICAL) <= set(CODES)
    assert len(NOT_MECHANICAL) * 2 < len(CODES)


@pytest.mark.parametrize("as_of_days", [None, -400, 30])
def test_future_date_is_an_error_whatever_as_of_says(tmp_path, as_of_days):
    """An entry dated after today is typed wrong, whether the register is viewed today, at a past
    date (it used to be skipped) or at a future one (it used to be measured against that)."""
    register = make_register(tmp_path, overlays=[RULES / "future-date" / "pass"], git_repo=False)
    doc = register / "documents/2026/12-CT-UBND.yaml"
    soon = dt.date.today() + dt.timedelta(days=10)
    doc.write_text(
        doc.read_text(encoding="utf-8") + f"      - date: {soon.isoformat()}\n        status: in_progress\n",
        encoding="utf-8",
    )
    args = ["check", "--register", "register", "--format", "json"]
    if as_of_days is not None:
        args += ["--as-of", (dt.date.today() + dt.timedelta(days=as_of_days)).isoformat()]
    result = run_cli(args, cwd=tmp_path)
    found = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "future-date"]
    assert len(found) == 1 and "sau hôm nay" in found[0]["message"], result.output
    assert result.exit_code == 1
