"""Input that used to stall, crash or mislead, by class: each test runs every member of its class
through the real loader and checker (`nhiemvu check` through CliRunner), and a hint, followed
literally, must clear the problem.

Classes: control characters, deep nesting, YAML 1.1 number forms, non-ASCII digits in document
numbers, dates outside the register's range, special and oversized files, files under
documents/ and intake/ that are not register files, wrong time zones.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from registerkit import make_register, run_cli

from generator.register.model import document_relpath
from generator.register.yamlsrc import MAX_DEPTH, parse_yaml

AS_OF = ["--as-of", "2026-04-20"]
DOC = "register/documents/2026/45-QD-UBND.yaml"
INTAKE = (
    "number: 215/TTr-SNNMT\ntitle: Đề nghị phê duyệt phương án\nsender: STC\nreceived: 2026-02-13\n"
    "lead: regulation\nmonitor: TH\n"
)


def check(root: Path, *extra: str) -> tuple[list[dict], int]:
    result = run_cli(["check", "--register", "register", "--format", "json", *AS_OF, *extra], cwd=root)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return json.loads(result.stdout)["problems"], result.exit_code


def codes(problems: list[dict]) -> list[str]:
    return [p["code"] for p in problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- control characters ------------------------------------------------------------------------

# (escape as written in a double-quoted YAML string, the character it makes)
CONTROLS = [
    ("\\v", "\v"),
    ("\\0", "\0"),
    ("\\x1b", "\x1b"),
    ("\\a", "\a"),
    ("\\f", "\f"),
    ("\\r", "\r"),
    ("\\x7f", "\x7f"),
    ("\\x85", "\x85"),
    ("\\x9b", "\x9b"),
    ("\\u2028", "\u2028"),
    ("\\u2029", "\u2029"),
    ("\\u202e", "\u202e"),
    ("\\u2066", "\u2066"),
    ("\\u200b", "\u200b"),
    ("\\u200f", "\u200f"),
    ("\\xad", "\xad"),
    ("\\ufeff", "\ufeff"),
    ("\\e", "\x1b"),
    ("\\N", "\x85"),
    ("\\L", "\u2028"),
    ("\\P", "\u2029"),
    ("\\uffff", "\uffff"),
    ("\\U000e0041", "\U000e0041"),
]
# Where a value can stand: (file, text to replace, replacement with {} for the escape)
PLACES = [
    (DOC, "content: Rà soát, báo cáo", 'content: "Rà soát{}, báo cáo'),
    (DOC, "title: Về việc triển khai", 'title: "Về{} việc" #'),
    ("register/agencies.yaml", "name: Sở Tài chính", 'name: "Sở{} Tài chính"'),
    ("register/register.yaml", "office: Văn phòng", 'office: "Văn{} phòng'),
    (DOC, "    report: 88/BC-STC", '    "report{}": 88/BC-STC'),
]


def _quoted_fix(text: str, old: str, new: str) -> str:
    """Replace `old` and close the double quote the replacement opened at the line's end."""
    start = text.index(old)
    end = text.index("\n", start)
    line = text[start:end].replace(old, new, 1)
    if line.count('"') % 2:
        line += '"'
    return text[:start] + line + text[end:]


@pytest.mark.parametrize(("escape", "char"), CONTROLS, ids=[e for e, _ in CONTROLS])
def test_control_characters_written_as_escapes_are_errors_at_their_line_and_fix_removes_them(tmp_path, escape, char):
    make_register(tmp_path, git_repo=False)
    for rel, old, new in PLACES:
        path = tmp_path / rel
        path.write_text(_quoted_fix(path.read_text(encoding="utf-8"), old, new.format(escape)), encoding="utf-8")
    problems, exit_code = check(tmp_path)
    found = [p for p in problems if p["code"] == "control-character"]
    assert exit_code == 1
    assert {(p["file"], p["line"]) for p in found} == {
        (DOC, 2),
        (DOC, 10),
        (DOC, 19),
        ("register/agencies.yaml", 2),
        ("register/register.yaml", 1),
    }
    assert all("nhiemvu fix" in p["hint"] and char not in p["message"] for p in found)
    # the values read have no control character left, whatever else is wrong with them
    assert not any(char in p["message"] or char in p["hint"] for p in problems)

    result = run_cli(["fix", "--register", "register"], cwd=tmp_path)
    assert result.exit_code == 0, result.output
    problems, exit_code = check(tmp_path)
    assert problems == [] and exit_code == 0
    for rel, *_ in PLACES:
        assert char not in (tmp_path / rel).read_text(encoding="utf-8")


@pytest.mark.parametrize("char", ["\u2028", "\u202e", "\u2066", "\u200b", "\xad", "\ufeff", "\x85", "\x0b", "\x00"])
def test_control_characters_typed_into_the_file_are_errors_too(tmp_path, char):
    make_register(tmp_path, git_repo=False)
    path = tmp_path / DOC
    path.write_bytes(path.read_bytes().replace("giải ngân".encode(), f"giải{char}ngân".encode(), 1))
    problems, exit_code = check(tmp_path)
    assert exit_code == 1
    assert [(p["code"], p["line"]) for p in problems] == [("control-character", 10)]
    assert run_cli(["fix", "--register", "register"], cwd=tmp_path).exit_code == 0
    assert check(tmp_path) == ([], 0)
    assert char.encode("utf-8") not in path.read_bytes()


def test_many_control_characters_are_named_a_few_times_then_counted(tmp_path):
    make_register(tmp_path, git_repo=False)
    path = tmp_path / DOC
    path.write_text(path.read_text(encoding="utf-8").replace("n", "n\u200b"), encoding="utf-8")
    problems, _ = check(tmp_path)
    found = [p for p in problems if p["code"] == "control-character"]
    assert len(found) == 5 and "Còn" in found[-1]["message"]


# -- deep nesting ----------------------------------------------------------------------------

SHAPES = {
    "flow-list": lambda n: "x: " + "[" * n + "1" + "]" * n,
    "flow-map": lambda n: "x: " + "{a: " * n + "1" + "}" * n,
    "block-list": lambda n: "x:\n" + "- " * n + "1",
    "block-map": lambda n: "x:\n" + "".join("  " * i + "a:\n" for i in range(n)) + "  " * n + "1",
    "mixed": lambda n: "x: " + "[{a: " * (n // 2) + "1" + "}]" * (n // 2),
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("depth", [MAX_DEPTH + 2, 50, 333, 600, 999, 1001, 5000])
def test_deep_nesting_is_refused_with_its_own_code_never_a_recursion_error(shape, depth):
    value, _pos, problems = parse_yaml(SHAPES[shape](depth).encode(), "register/documents/2026/x.yaml")
    assert value is None
    assert [p.code for p in problems] in (["nesting-too-deep"], ["yaml-syntax"], ["file-too-large"])
    assert problems[0].hint and (problems[0].line >= 1 or problems[0].code == "file-too-large")


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_nesting_a_register_needs_is_read(shape):
    value, _pos, problems = parse_yaml(SHAPES[shape](MAX_DEPTH - 2).encode(), "x.yaml")
    assert problems == [] and value is not None


def test_a_deeply_nested_document_is_an_error_at_its_line_and_history_reads_past_it(tmp_path):
    make_register(tmp_path)
    edit(tmp_path / DOC, "coordinators: [SNV]", "coordinators: " + "[" * 600 + "SNV" + "]" * 600)
    problems, exit_code = check(tmp_path)
    assert exit_code == 1 and ("nesting-too-deep", 12) in [(p["code"], p["line"]) for p in problems]
    # committed, the history pass (which parses every version of every document) reads past it
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qam", "x"], check=True, env=_git_env())
    result = run_cli(["remind", "--register", "register", *AS_OF], cwd=tmp_path)
    assert result.exit_code == 0 and "Traceback" not in result.output


def _git_env() -> dict:
    from registerkit import GIT_ENV

    return {**os.environ, **GIT_ENV}


# -- numbers -----------------------------------------------------------------------------------

# (as written, what the hint must suggest)
INTEGER_FORMS = [
    ("1:00", "60"),
    ("0x2", "2"),
    ("0X2", None),  # not YAML 1.1: a word
    ("0o7", "7"),
    ("0b10", "2"),
    ("010", "10"),
    ("007", "7"),
    ("1_000", "1000"),
    ("+1", "1"),
    ("1e3", "1000"),
    ("1.0", "1"),
    ("1:30:00", "5400"),
    ("!!int 0x10", "16"),
    ("'3'", "3"),
    ("٣", "3"),
    ("３", "3"),
]


@pytest.mark.parametrize(("written", "meant"), INTEGER_FORMS, ids=[w for w, _ in INTEGER_FORMS])
def test_task_ids_in_other_number_forms_are_refused_and_the_hint_fixes_them(tmp_path, written, meant):
    make_register(tmp_path, git_repo=False)
    edit(tmp_path / DOC, "  - id: 2", f"  - id: {written}")
    problems, exit_code = check(tmp_path)
    found = [p for p in problems if p["line"] == 20]
    assert exit_code == 1 and found, problems
    assert found[0]["code"] in ("integer-format", "wrong-type")
    suggestion = re.search(r"«([^»]+)»", found[0]["hint"])
    if meant is not None:
        assert suggestion and suggestion[1] == meant, found[0]["hint"]
    value = suggestion[1] if suggestion else "2"
    edit(tmp_path / DOC, f"  - id: {written}", f"  - id: {value}")
    problems, _ = check(tmp_path)
    assert [p for p in problems if p["line"] == 20 and p["code"] in ("integer-format", "wrong-type")] == []


def test_a_time_written_without_quotes_gets_the_advice_to_quote_it(tmp_path):
    make_register(tmp_path, git_repo=False)
    edit(tmp_path / "register/register.yaml", 'before: "15:00"', "before: 15:00")
    problems, exit_code = check(tmp_path)
    assert exit_code == 1
    [found] = problems
    assert found["code"] == "wrong-type" and '"15:00"' in found["hint"]
    edit(tmp_path / "register/register.yaml", "before: 15:00", "before: " + found["hint"].split(": ", 1)[1].rstrip("."))
    assert check(tmp_path) == ([], 0)


@pytest.mark.parametrize(
    "number",
    [
        "٤٥/QĐ-UBND",
        "۴۵/QĐ-UBND",
        "४५/QĐ-UBND",
        "４５/QĐ-UBND",
        "𝟒𝟓/QĐ-UBND",
        "45／QĐ-UBND",
        "45/ＱĐ-ＵＢＮＤ",
        "4٥/QĐ-UBND",
    ],
)
def test_document_numbers_with_unusual_digits_are_refused_and_the_hint_fixes_them(tmp_path, number):
    make_register(tmp_path, git_repo=False)
    edit(tmp_path / DOC, "number: 45/QĐ-UBND", f"number: {number}")
    problems, exit_code = check(tmp_path)
    found = [p for p in problems if p["code"] == "number-format"]
    assert exit_code == 1 and found and found[0]["line"] == 1
    written = re.match(r"Viết (\S+) ", found[0]["hint"])[1]
    assert written == "45/QĐ-UBND"
    edit(tmp_path / DOC, f"number: {number}", f"number: {written}")
    assert (tmp_path / "register" / document_relpath(written, 2026)).is_file()
    assert check(tmp_path) == ([], 0)


# -- dates -------------------------------------------------------------------------------------

# (file, text, replacement): a date beyond the register's range in every kind of date field
FAR_DATES = [
    (DOC, "issued: 2026-03-02", "issued: 0001-01-01"),
    (DOC, "deadline: 2026-04-15", "deadline: 9999-12-31"),
    (DOC, "      - date: 2026-04-10", "      - date: 9999-12-31"),
    (
        DOC,
        "classification: QC45_a",
        "classification: QC45_a\n    extensions:\n"
        "      - {deadline: 9999-12-31, document: 520/UBND-TH, date: 2026-04-01}",
    ),
    ("register/calendar.yaml", "days_off:", "days_off:\n  - {date: 9999-12-31, reason: Nghỉ}"),
    ("register/agencies.yaml", "  valid_to: 2025-06-30", "  valid_to: 9999-12-31"),
    ("register/agencies.yaml", "  valid_from: 2025-07-01", "  valid_from: 0001-01-01"),
    ("register/signers.yaml", "  valid_from: 2025-07-01", '  valid_from: "1899-12-31"'),
    ("register/intake/2200/215-TTr-SNNMT.yaml", "received: 2026-02-13", "received: 2200-01-01"),
]


FAR_IDS = [f"{r.rsplit('/')[-1]}:{n.split(':')[0].strip()}" for r, _o, n in FAR_DATES]


@pytest.mark.parametrize(("rel", "old", "new"), FAR_DATES, ids=FAR_IDS)
def test_dates_outside_the_range_are_refused_and_nothing_crashes(tmp_path, rel, old, new):
    make_register(tmp_path, git_repo=False)
    path = tmp_path / rel
    if not path.exists():
        path.parent.mkdir(parents=True)
        path.write_text(INTAKE, encoding="utf-8")
    edit(path, old, new)
    problems, exit_code = check(tmp_path)
    assert exit_code == 1
    far = [p["file"] for p in problems if p["code"] == "date-out-of-range"]
    assert far and set(far) == {rel}
    for args in (
        ["report", "monthly", "--month", "2026-04"],
        ["export", "--format", "json"],
        ["remind", "--kind", "overdue", *AS_OF],
        ["remind", "--kind", "monthly", *AS_OF],
    ):
        result = run_cli([*args, "--register", "register"], cwd=tmp_path)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, (args, result.output)


def test_dates_at_the_edges_of_the_range_are_computed(tmp_path):
    """1900-01-01 and 2199-12-31 are accepted, and working days, weeks and months around them
    are computed (intake deadlines three working days after a receipt on the last days)."""
    make_register(tmp_path)
    edit(tmp_path / DOC, "deadline: 2026-04-15", "deadline: 2199-12-31")
    intake = tmp_path / "register/intake/2199/215-TTr-SNNMT.yaml"
    intake.parent.mkdir(parents=True)
    intake.write_text(INTAKE.replace("2026-02-13", "2199-12-30").replace("regulation", "none"), encoding="utf-8")
    calendar = tmp_path / "register/calendar.yaml"
    calendar.write_text("days_off:\n  - {date: 1900-01-01, reason: Nghỉ}\n", encoding="utf-8")
    for as_of in ("2199-12-31", "1900-01-01"):
        result = run_cli(["check", "--register", "register", "--as-of", as_of], cwd=tmp_path)
        assert result.exit_code in (0, 1, 3) and "date-out-of-range" not in result.output, result.output
        for args in (["remind"], ["remind", "--kind", "overdue"], ["export", "--format", "csv"]):
            result = run_cli([*args, "--register", "register", "--as-of", as_of], cwd=tmp_path)
            assert (
                "Traceback" not in result.output
                and result.exception is None
                or isinstance(result.exception, SystemExit)
            ), result.output
    result = run_cli(["report", "monthly", "--register", "register", "--month", "2199-12"], cwd=tmp_path)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output


# -- special and oversized files ----------------------------------------------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _socket(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX)
    cwd = Path.cwd()
    os.chdir(path.parent)
    try:
        server.bind(path.name)
    finally:
        os.chdir(cwd)
    return server


def _device(path: Path) -> None:
    os.mknod(path, 0o666 | __import__("stat").S_IFCHR, os.makedev(1, 3))  # what /dev/null is


def _sparse(path: Path) -> None:
    with open(path, "wb") as handle:
        handle.truncate(20 * 1024**3)  # 20 GB of nothing: read whole, it would take minutes


SPECIAL = {"fifo": _fifo, "socket": _socket, "device": _device, "sparse": _sparse}
WHERE = ["register/documents/2026/99-QD-UBND.yaml", "register/intake/2026/99-TTr-STC.yaml", "register/calendar.yaml"]


def _check_in_subprocess(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command in a subprocess, so that a hang fails the test instead of blocking it."""
    command = [sys.executable, "-m", "generator", *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.parametrize("where", WHERE)
@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_special_and_huge_files_are_refused_without_being_read(tmp_path, kind, where):
    make_register(tmp_path, git_repo=False)
    path = tmp_path / where
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    try:
        handle = SPECIAL[kind](path)
    except PermissionError:
        pytest.skip("this machine does not allow creating device nodes")
    try:
        result = _check_in_subprocess(tmp_path, "check", "--register", "register", "--format", "json", *AS_OF)
        assert result.returncode == 1, result.stderr
        problems = json.loads(result.stdout)["problems"]
        expected = "file-too-large" if kind == "sparse" else "special-file"
        assert (expected, where) in [(p["code"], p["file"]) for p in problems]
        # every other reader of register files: fix, new, serve's change detection
        fixed = _check_in_subprocess(tmp_path, "fix", "--register", "register", "--dry-run")
        assert fixed.returncode == 0, fixed.stderr
        from generator.site.serve import fingerprint

        assert any(name.endswith(Path(where).name) for name, *_ in fingerprint(tmp_path / "register"))
    finally:
        if handle is not None:
            handle.close()


# -- files that are not register files under documents/ and intake/ ------------------------------

# (name in documents/2026/ or intake/2026/, what the hint tells to do: rename to / delete / move)
NOT_REGISTER_FILES = [
    ("45-QD-UBND.YAML", "rename"),
    ("45-QD-UBND.Yaml", "rename"),
    ("45-QD-UBND.yml", "rename"),
    ("45-QD-UBND.yaml.txt", "rename"),
    ("45-QD-UBND.json", "rename"),
    ("45-QD-UBND.txt", "rename"),
    ("45-QD-UBND", "rename"),
    ("45-QD-UBND.yaml~", "delete"),
    ("45-QD-UBND.yaml.bak", "delete"),
    (".45-QD-UBND.yaml.swp", "delete"),
    ("#45-QD-UBND.yaml#", "delete"),
    (".DS_Store", "delete"),
    ("Thumbs.db", "delete"),
    ("README.md", "move"),
    ("45-QD-UBND.pdf", "move"),
    (".an/45-QD-UBND.yaml", "rename"),
]


@pytest.mark.parametrize("folder", ["documents", "intake"])
@pytest.mark.parametrize(("name", "action"), NOT_REGISTER_FILES, ids=[n for n, _ in NOT_REGISTER_FILES])
def test_a_file_that_is_not_a_register_file_is_an_error_and_the_hint_fixes_it(tmp_path, folder, name, action):
    make_register(tmp_path, git_repo=False)
    content = (tmp_path / DOC).read_text(encoding="utf-8") if folder == "documents" else INTAKE
    if folder == "documents":
        (tmp_path / DOC).unlink()  # the document saved under a wrong name: its tasks would vanish
    path = tmp_path / "register" / folder / "2026" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    problems, exit_code = check(tmp_path)
    rel = f"register/{folder}/2026/{name}"
    found = [p for p in problems if p["file"] == rel]
    assert exit_code == 1 and found, problems
    assert found[0]["code"] == ("misplaced-file" if folder == "documents" else "intake-path")
    hint = found[0]["hint"]
    if action == "rename" and "git mv" in hint:  # a document whose number and date say where it belongs
        source, target = re.search(r"git mv (\S+) (\S+)$", hint).groups()
        assert source == rel and found[0]["fix"] == [
            {"action": "move", "text": target, "file": rel, "line": 0, "column": 0}
        ]
        path.rename(tmp_path / target)
    elif action == "rename":
        target = re.search(r"Đổi tên tệp thành «([^»]+)»", hint)[1]
        path.rename(tmp_path / "register" / target)
    elif action == "delete":
        assert "xóa tệp này" in hint
        path.unlink()
        if folder == "documents":
            (tmp_path / DOC).write_text(content, encoding="utf-8")
    else:
        assert "ra ngoài thư mục register/" in hint
        path.rename(tmp_path / Path(name).name)
        if folder == "documents":
            (tmp_path / DOC).write_text(content, encoding="utf-8")
    assert [p for p in check(tmp_path)[0] if p["severity"] == "error"] == []


def test_an_empty_folder_placeholder_is_allowed(tmp_path):
    make_register(tmp_path, git_repo=False)
    for folder in ("documents/2027", "intake/2026"):
        (tmp_path / "register" / folder).mkdir(parents=True)
        (tmp_path / "register" / folder / ".gitkeep").write_bytes(b"")
    assert check(tmp_path) == ([], 0)


def test_files_that_are_not_register_files_are_refused_in_git_history_too(tmp_path):
    """The register read from a commit (--from-history) sees the same files as the working tree."""
    make_register(tmp_path)
    (tmp_path / DOC).rename(tmp_path / "register/documents/2026/45-QD-UBND.YAML")
    subprocess.run(["git", "-C", str(tmp_path), "add", "-A"], check=True, env=_git_env())
    subprocess.run(["git", "-C", str(tmp_path), "commit", "-qm", "đổi tên"], check=True, env=_git_env())
    problems, exit_code = check(tmp_path, "--from-history")
    assert exit_code == 1
    assert ("misplaced-file", "register/documents/2026/45-QD-UBND.YAML") in [(p["code"], p["file"]) for p in problems]


# -- time zones --------------------------------------------------------------------------------

WRONG_ZONES = [
    "Asia/Hanoi_City",
    "asia/ho_chi_minh",
    "Asia/Ho Chi Minh",
    "UTC+7",
    "GMT+07:00",
    "../../etc/x",
    "/etc/localtime",
    "Asia/../../../../etc/passwd",
    "localtime",
    "posixrules",
    "posix/Asia/Ho_Chi_Minh",
    "zone.tab",
    '"Asia/Ho_Chi_Minh\\t"',
    "x" * 300,
]


@pytest.mark.parametrize("zone", WRONG_ZONES, ids=[z[:30] for z in WRONG_ZONES])
def test_a_wrong_time_zone_is_an_error_at_its_line_and_every_command_still_runs(tmp_path, zone):
    make_register(tmp_path, git_repo=False)
    edit(tmp_path / "register/register.yaml", "timezone: Asia/Ho_Chi_Minh", f"timezone: {zone}")
    problems, exit_code = check(tmp_path)
    assert exit_code == 1
    assert ("unknown-timezone", 3) in [(p["code"], p["line"]) for p in problems if p["severity"] == "error"]
    for args in (["remind", *AS_OF], ["remind", "--kind", "overdue"], ["report", "monthly", "--month", "2026-04"]):
        result = run_cli([*args, "--register", "register"], cwd=tmp_path)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, (args, result.output)
