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
from pathlib import Path

import pytest
import yaml
from registerkit import DATA, git, make_register, run_cli

import generator.history.rules  # noqa: F401  (history codes join the catalog, whatever ran before)
from generator.register.load import load_register
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
        args = ["check", "--register", "register", "--format", "json"]
        if exp.get("as_of"):
            args += ["--as-of", exp["as_of"].isoformat()]
        if exp.get("since"):
            args += ["--since", exp["since"]]
        if exp.get("unreadable", {}).get(which):
            problems, exit_code = _check_without_privilege(root, args)
            return problems, exp, exit_code
        result = run_cli(args, cwd=root)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1, 3), result.output
        return json.loads(result.stdout)["problems"], exp, result.exit_code
    finally:
        if "_socket" in exp:
            exp["_socket"].close()


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
