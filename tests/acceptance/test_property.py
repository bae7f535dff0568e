"""Random damage to valid register files never makes the checker raise (hypothesis, bounded).

Every run ends with problems reported or a clean verdict: load + check in-process for each
example, and the real command (CliRunner) for a share of them, exiting 0, 1 or 3.
"""

from __future__ import annotations

import datetime as dt

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from registerkit import BASE, DATA, run_cli

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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
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
