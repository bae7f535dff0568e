"""Random input never makes a command raise, and every example ends within its deadline
(hypothesis, bounded so that the whole module runs in well under a minute).

- Random damage to valid register files: load + check in-process for each example, and the real
  command (CliRunner) for a share of them, exiting 0, 1 or 3.
- Random bytes, random YAML built from the register's keys, or YAML punctuation, in an existing or
  a new register file: check, export, report monthly, remind, diff and build on a real Git
  repository.
- Random workbooks and CSV files for the commands that read them (WORKBOOK_COMMANDS, the hook
  for readers that are added later).
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from registerkit import BASE, DATA, make_register, run_cli

from generator.register.check import check_register
from generator.register.load import load_register_files

SOURCES = {
    "register/documents/2026/45-QD-UBND.yaml": (BASE / "documents/2026/45-QD-UBND.yaml").read_bytes(),
    "register/documents/2026/12-CT-UBND.yaml": (
        DATA / "rules/extension-date/pass/register/documents/2026/12-CT-UBND.yaml"
    ).read_bytes(),
    "register/agencies.yaml": (BASE / "agencies.yaml").read_bytes(),
    "register/calendar.yaml": (BASE / "calendar.yaml").read_bytes(),
    "register/register.yaml": (BASE / "register.yaml").read_bytes(),
}
BASE_FILES = {f"register/{p.relative_to(BASE).as_posix()}": p.read_bytes() for p in BASE.rglob("*.yaml")}
ODD_VALUES = [
    None,
    "",
    " ",
    0,
    -1,
    10**30,
    1.5,
    True,
    [],
    {},
    [[]],
    {"a": None},
    "2026-02-30",
    "08/9/2017",
    dt.date(1900, 1, 1),
    dt.date(2999, 12, 31),
    "QC45_z",
    "Ｓở",
    "\u0301",
    "a" * 500,
    "=1+1",
    "- x",
    "#",
    "&a",
    "*a",
    "!x",
]


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, path + (i,))


def _get(node, path):
    for step in path:
        node = node[step]
    return node


@st.composite
def structural(draw, source: bytes) -> bytes:
    """Delete a key, change a value's type, or swap two values, then write YAML again."""
    data = yaml.safe_load(source)
    paths = [p for p in _paths(data) if p]
    for _ in range(draw(st.integers(1, 3))):
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = _get(data, path[:-1])
        action = draw(st.sampled_from(["delete", "replace", "swap"]))
        try:
            if action == "delete":
                del parent[path[-1]]
            elif action == "replace":
                parent[path[-1]] = draw(
                    st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=20), st.integers(), st.dates())
                )
            else:
                other = draw(st.sampled_from(paths))
                other_parent = _get(data, other[:-1])
                parent[path[-1]], other_parent[other[-1]] = other_parent[other[-1]], parent[path[-1]]
        except (KeyError, IndexError, TypeError):
            pass
        paths = [p for p in _paths(data) if p]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@st.composite
def textual(draw, source: bytes) -> bytes:
    """Truncate, insert garbage bytes or random text, or flip a byte."""
    data = bytearray(source)
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["truncate", "bytes", "text", "flip", "indent"]))
        if action == "truncate":
            del data[at:]
        elif action == "bytes":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "text":
            data[at:at] = draw(st.text(max_size=12)).encode("utf-8")
        elif action == "flip" and data:
            data[min(at, len(data) - 1)] ^= draw(st.integers(1, 255))
        elif action == "indent":
            data[at:at] = draw(st.sampled_from([b"\n  ", b"\n\t", b": ", b"- ", b"\n- ", b"{", b"]"]))
    return bytes(data)


damaged = st.sampled_from(sorted(SOURCES)).flatmap(
    lambda name: st.tuples(st.just(name), st.one_of(structural(SOURCES[name]), textual(SOURCES[name])))
)


@settings(max_examples=150, deadline=dt.timedelta(seconds=10), suppress_health_check=[HealthCheck.too_slow])
@given(case=damaged, as_of=st.dates(dt.date(2017, 1, 1), dt.date(2030, 12, 31)))
def test_checker_never_raises(case, as_of):
    name, data = case
    files = {**BASE_FILES, name: data}
    register, problems = load_register_files(files)
    result = check_register(register, problems, as_of)
    assert result.exit_code() in (0, 1, 3)
    for p in result.problems:
        assert p.message and p.severity in ("error", "warning") and p.line >= 0


@settings(
    max_examples=25,
    deadline=dt.timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=damaged)
def test_command_never_raises(tmp_path_factory, case):
    name, data = case
    root = tmp_path_factory.mktemp("prop")
    for rel, content in {**BASE_FILES, name: data}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(content)
    for fmt in ("text", "json"):
        result = run_cli(["check", "--register", "register", "--as-of", "2026-05-01", "--format", fmt], cwd=root)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert result.exit_code in (0, 1, 3), result.output


# -- random bytes and random YAML through every command -----------------------------------------
#
# A register file (an existing one replaced, or a new one) gets random bytes, random YAML built
# from the register's own keys, or random YAML-ish punctuation; then the real commands run on the
# working tree of a real Git repository. None may raise, and each example has a deadline.

REGISTER_KEYS = [
    "number",
    "title",
    "issued",
    "signer",
    "submitted_by",
    "urgency",
    "secrecy",
    "tasks",
    "id",
    "content",
    "assignee",
    "coordinators",
    "monitor",
    "classification",
    "deadline",
    "extensions",
    "document",
    "date",
    "progress",
    "status",
    "note",
    "delay_reason",
    "report",
    "recommendation",
    "code",
    "name",
    "kind",
    "valid_from",
    "valid_to",
    "timezone",
    "audience",
    "office",
    "days_off",
    "working_days",
    "reason",
    "sender",
    "received",
    "lead",
    "assignment",
    "assignment_date",
    "reported",
    "weekly_update",
]
PLACES = sorted(BASE_FILES) + [
    "register/documents/2026/99-QD-UBND.yaml",
    "register/documents/2026/99-QD-UBND.yml",
    "register/intake/2026/01-TTr-STC.yaml",
    "register/intake/2026/ghi-chu.txt",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=24),
    st.dates(),
    st.sampled_from(ODD_VALUES),
)
yaml_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(REGISTER_KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=40,
)


def _dump(value) -> bytes:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False).encode("utf-8")


# Text a clerk could type, in any script: letters, marks, numbers, punctuation, symbols, words
# separated by one space (so that most examples pass the checker and reach every writer).
LEGACY_LOOKING = "©¸µ¶·¹¨¾»¼½Æ®¤¥¦§ª«¬ÇËÌÑ×ØÙÛÕÏÉÈÚÜÂÄÅÁÀÃÖÔÓÒ"  # what the legacy-encoding rule looks for
word = st.text(
    st.characters(
        blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"), blacklist_characters=LEGACY_LOOKING
    ),
    min_size=1,
    max_size=12,
)
words = st.lists(word, min_size=1, max_size=6).map(lambda w: unicodedata.normalize("NFC", " ".join(w)))


# Characters pasted text carries that no reader sees (the YAML dump writes them as escapes).
INVISIBLE = st.sampled_from(["\v", "\0", "\x1b", "\x08", "\f", "\x85", "\u2028", "\u202e", "\u2066", "\ufeff"])


@st.composite
def with_invisible(draw, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    return text[:at] + draw(INVISIBLE) + text[at:]


@st.composite
def document_with_random_text(draw, invisible: bool = True) -> bytes:
    """The base document, valid, with random text as its title, a task's content and a note;
    sometimes with an invisible character in one of them (then the checker must refuse it)."""
    data = yaml.safe_load((BASE / "documents/2026/45-QD-UBND.yaml").read_bytes())
    texts = [draw(words) for _ in range(3)]
    if invisible and draw(st.booleans()):
        which = draw(st.integers(0, 2))
        texts[which] = draw(with_invisible(texts[which]))
    data["title"], data["tasks"][1]["content"], data["tasks"][0]["progress"][0]["note"] = texts
    return _dump(data)


random_content = st.one_of(
    st.binary(max_size=3000),
    yaml_values.map(_dump),
    st.text(alphabet="[]{}:-#&*!|>'\",?%@`\\\n\t 0123456789abc:.", max_size=400).map(str.encode),
    damaged.map(lambda case: case[1]),
)
DOC = "register/documents/2026/45-QD-UBND.yaml"
random_file = st.one_of(
    st.tuples(st.sampled_from(PLACES), random_content), document_with_random_text().map(lambda data: (DOC, data))
)
COMMANDS = [
    (["check", "--format", "json"], (0, 1, 3)),
    (["export", "--format", "json"], (0, 1)),
    (["export", "--format", "csv"], (0, 1)),
    (["report", "monthly", "--month", "2026-04", "--output-dir", "bao-cao"], (0, 1)),
    (["remind", "--kind", "overdue"], (0,)),
    (["diff", "HEAD"], (0,)),
]


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    """The base register, committed: each example works on a copy of it."""
    root = tmp_path_factory.mktemp("property-repo")
    make_register(root)
    return root


def _example(repository: Path, tmp_path_factory, place: str, content: bytes) -> Path:
    root = tmp_path_factory.mktemp("example")
    shutil.copytree(repository, root, dirs_exist_ok=True, symlinks=True)
    path = root / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return root


def _never_raises(result, allowed) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    assert result.exit_code in allowed, result.output


@settings(
    max_examples=30,
    deadline=dt.timedelta(seconds=30),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(file=random_file)
def test_random_files_never_break_a_command(repository, tmp_path_factory, file):
    root = _example(repository, tmp_path_factory, *file)
    for args, allowed in COMMANDS:
        _never_raises(run_cli([*args, "--register", "register", "--as-of", "2026-05-01"], cwd=root), allowed)


@settings(
    max_examples=2,
    deadline=dt.timedelta(seconds=60),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(content=document_with_random_text(invisible=False))
def test_random_text_never_breaks_the_site_build(repository, tmp_path_factory, content):
    root = _example(repository, tmp_path_factory, DOC, content)
    args = ["build", "--register", "register", "--as-of", "2026-05-01", "--site-dir", str(root / "site")]
    _never_raises(run_cli(args, cwd=root), (0, 1))


# -- random workbooks -------------------------------------------------------------------------
#
# Hook for the commands that read an agency's workbook or CSV: each entry is the command's
# arguments before the file, and the exit statuses it may end with. `reconcile` is here; when
# `import` lands on main, add it (and any other workbook reader) to WORKBOOK_COMMANDS.

WORKBOOK_COMMANDS = [
    (["reconcile", "--agency", "STC"], (0, 1)),
]
HEADER = ["Số, ký hiệu văn bản", "Nội dung nhiệm vụ", "Trạng thái", "Ngày hoàn thành"]  # a table reconcile reads
cells = st.one_of(
    st.none(), st.integers(-(10**12), 10**12), st.floats(allow_nan=False), st.text(max_size=20), st.dates()
)


@st.composite
def random_workbook(draw) -> tuple[str, bytes]:
    """(suffix, bytes): a small random .xlsx, a random CSV, or random bytes named like either."""
    kind = draw(st.sampled_from(["xlsx", "csv", "bytes-xlsx", "bytes-csv"]))
    if kind == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        if draw(st.booleans()):
            sheet.append(HEADER)
        for row in draw(st.lists(st.lists(cells, max_size=6), max_size=8)):
            sheet.append([_cell_value(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        return ".xlsx", out.getvalue()
    if kind == "csv":
        rows = draw(st.lists(st.lists(st.text(max_size=15), max_size=6), max_size=8))
        if draw(st.booleans()):
            rows.insert(0, HEADER)
        return ".csv", "\n".join(",".join(row) for row in rows).encode(draw(st.sampled_from(["utf-8", "utf-16"])))
    return ("." + kind.split("-")[1]), draw(st.binary(max_size=2000))


def _cell_value(value):
    if isinstance(value, str):
        return "".join(c for c in value if c.isprintable())
    return value


@settings(
    max_examples=25,
    deadline=dt.timedelta(seconds=20),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(workbook=random_workbook(), command=st.sampled_from(WORKBOOK_COMMANDS))
def test_random_workbooks_never_break_a_command(repository, tmp_path_factory, workbook, command):
    suffix, data = workbook
    args, allowed = command
    path = tmp_path_factory.mktemp("workbook") / f"bao-cao{suffix}"
    path.write_bytes(data)
    result = run_cli([*args, str(path), "--register", "register", "--as-of", "2026-05-01"], cwd=repository)
    _never_raises(result, allowed)
