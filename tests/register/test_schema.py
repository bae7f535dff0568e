"""The shipped JSON Schemas and the Python checker agree on every register file we have.

For each file of the shipped register and of every test register (tests/data/**/register/**,
rule cases included), `jsonschema` (Draft 2020-12 with format checking) must accept it exactly
when our checker reports none of the codes a schema can express. Files that cannot be parsed
at all (refused bytes, YAML syntax) are left out: there is no JSON to compare.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from registerkit import BASE, DATA, REPO

from generator.register.check import check_register
from generator.register.load import load_register_files
from generator.register.schema import Validator, _accepts, load_schema
from generator.register.yamlsrc import Invalid, parse_yaml

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER

SCHEMA_CODES = {
    "wrong-type",
    "missing-value",
    "missing-key",
    "unknown-key",
    "bad-value",
    "bad-format",
    "duplicate-item",
    "invalid-date",
    "date-format",
    "date-out-of-range",
    "integer-format",
    "deadline-required",
    "deadline-forbidden",
}
KINDS = {
    "register.yaml": "register",
    "agencies.yaml": "agencies",
    "signers.yaml": "signers",
    "calendar.yaml": "calendar",
}


def _register_files() -> list[tuple[Path, str, str]]:
    """(path, kind, path inside the register) of every register file we ship or test with."""
    roots = [REPO / "register"] + sorted(p for p in DATA.rglob("register") if p.is_dir())
    out = []
    for root in roots:
        for path in sorted(root.rglob("*.yaml")):
            inner = path.relative_to(root).as_posix()
            kind = KINDS.get(inner) or (
                "document" if inner.startswith("documents/") and inner.count("/") == 2 else None
            )
            if kind:
                out.append((path, kind, inner))
    return out


FILES = _register_files()


def as_json(value):
    """What a JSON-Schema-aware editor sees: plain JSON types, dates as ISO strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Invalid):
        return value.raw
    return value


def our_verdict(data: bytes, inner: str) -> list[tuple[str, int]]:
    """Schema-expressible problems of the real checker, the file placed in the base register."""
    files = {f"register/{p.relative_to(BASE).as_posix()}": p.read_bytes() for p in BASE.rglob("*.yaml")}
    if inner.startswith("documents/"):
        files = {k: v for k, v in files.items() if "/documents/" not in k}
    files[f"register/{inner}"] = data
    register, problems = load_register_files(files)
    result = check_register(register, problems, dt.date(2026, 4, 20), historical=True)
    return [(p.code, p.line) for p in result.problems if p.code in SCHEMA_CODES and p.file == f"register/{inner}"]


def test_the_shipped_register_is_among_the_files():
    assert any(str(p).startswith(str(REPO / "register")) for p, _k, _i in FILES)
    assert len(FILES) > 100


@pytest.mark.parametrize(("path", "kind", "inner"), FILES, ids=[p.relative_to(REPO).as_posix() for p, _k, _i in FILES])
def test_schema_and_checker_agree(path, kind, inner):
    data = path.read_bytes()
    value, _pos, refused = parse_yaml(data, inner)
    if value is None and refused:
        pytest.skip("not parseable: nothing to compare")
    validator = Draft202012Validator(load_schema(kind), format_checker=FORMAT_CHECKER)
    schema_errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(as_json(value))
    ]
    ours = our_verdict(data, inner)
    assert bool(schema_errors) == bool(ours), (schema_errors, ours)


def test_the_quick_check_never_accepts_what_the_walker_reports():
    """`validate` skips the Validator when the compiled check accepts a file: over every file we
    have, an accepted file is one the Validator finds nothing in (and leaves as it is)."""
    accepted = walked = 0
    for path, kind, inner in FILES:
        value, positions, refused = parse_yaml(path.read_bytes(), inner)
        if value is None:
            continue
        before, quick = repr(value), _accepts(kind)(value)
        result = Validator(load_schema(kind), inner, positions).run(value)
        clean = not result.problems and not result.bad_paths and repr(value) == before
        if quick:
            accepted += 1
            assert clean, (inner, [p.code for p in result.problems])
        else:
            walked += 1
    assert accepted > 100 and walked > 30, (accepted, walked)  # both ways taken


def test_schemas_are_valid_draft_2020_12():
    for kind in ("register", "agencies", "signers", "calendar", "document"):
        Draft202012Validator.check_schema(load_schema(kind))


@pytest.mark.parametrize(
    ("kind", "text", "code"),
    [
        ("document", "number: 1/CT-UBND\ntitle: T\nissued: 2026-02-30\nsigner: CT\ntasks: []\n", "invalid-date"),
        ("document", "number: 1/CT-UBND\ntitle: T\nissued: 08/9/2017\nsigner: CT\ntasks: []\n", "date-format"),
        ("agencies", "- {code: STC, name: Sở Tài chính, kind: so}\n", "bad-value"),
        ("agencies", "- {code: STC, name: Sở Tài chính, kind: department, email: stc}\n", "bad-format"),
        ("register", "office: VP\nprovince: ĐL\naudience: public\nmonthly_report_day: 31\n", "bad-value"),
        ("calendar", "days_off: [{date: 2026-01-02, reason: Nghỉ bù, extra: 1}]\n", "unknown-key"),
    ],
)
def test_small_cases_agree(kind, text, code):
    inner = {"document": "documents/2026/01-CT-UBND.yaml"}.get(kind, f"{kind}.yaml")
    value, _pos, _refused = parse_yaml(text.encode(), inner)
    validator = Draft202012Validator(load_schema(kind), format_checker=FORMAT_CHECKER)
    assert not validator.is_valid(as_json(value))
    assert code in {c for c, _line in our_verdict(text.encode(), inner)}


def test_extensions_on_a_task_without_deadline():
    text = json.dumps(
        {
            "number": "01/CT-UBND",
            "title": "T",
            "issued": "2026-03-02",
            "signer": "CT",
            "tasks": [
                {
                    "id": 1,
                    "content": "C",
                    "assignee": "STC",
                    "monitor": "TH",
                    "classification": "QC45_d",
                    "extensions": [{"deadline": "2026-05-15", "document": "520/UBND-TH", "date": "2026-04-10"}],
                }
            ],
        },
        ensure_ascii=False,
    )
    value, _pos, _refused = parse_yaml(text.encode(), "documents/2026/01-CT-UBND.yaml")
    schema_ok = Draft202012Validator(load_schema("document"), format_checker=FORMAT_CHECKER).is_valid(as_json(value))
    assert schema_ok == (not our_verdict(text.encode(), "documents/2026/01-CT-UBND.yaml"))
