"""generator.yamlsrc: safe YAML with the line and column of every key and value.

The files under tests/data/loader/ are whole documents as a clerk would write them, each
broken in one way; `valid-419.yaml` is the same document unbroken.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
import yaml
from registerkit import DATA

from generator.register.yamlsrc import MAX_FILE_BYTES, Invalid, LocDict, LocList, parse_yaml

LOADER = DATA / "loader"


def parse(name: str):
    return parse_yaml((LOADER / name).read_bytes(), f"register/documents/2017/{name}")


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_valid_file_gives_plain_values_with_positions():
    value, pos, problems = parse("valid-419.yaml")
    assert problems == []
    assert isinstance(value, LocDict) and isinstance(value["tasks"], LocList)
    assert value["issued"] == dt.date(2017, 9, 8)
    assert value["tasks"][1]["coordinators"] == ["SNV"]
    # Same values as PyYAML's own safe loader: our builder adds positions, nothing else.
    assert value == yaml.safe_load((LOADER / "valid-419.yaml").read_text(encoding="utf-8"))
    assert pos.line_of(("issued",)) == 3
    assert pos.line_of(("tasks", 1, "deadline")) == 19
    assert pos.key_of(("tasks", 1, "deadline")) == (19, 5)
    assert pos.of(("tasks", 1, "deadline")) == (19, 15)
    assert pos.of(("tasks", 1, "progress", 0)) == (21, 9)
    # A path that does not exist points at its nearest ancestor that does.
    assert pos.of(("tasks", 1, "extensions", 3)) == pos.of(("tasks", 1))


def test_text_with_ampersand_and_star_is_not_an_anchor():
    value, _pos, problems = parse_yaml("content: Sở A & Sở B *phối hợp*\n".encode(), "x.yaml")
    assert problems == [] and value == {"content": "Sở A & Sở B *phối hợp*"}


@pytest.mark.parametrize(
    ("name", "code", "line", "column"),
    [
        ("syntax-error.yaml", "yaml-syntax", 13, 4),
        ("duplicate-key.yaml", "duplicate-key", 20, 5),
        ("bom.yaml", "bom", 1, 1),
        ("utf16.yaml", "bom", 1, 1),
        ("windows-1258.yaml", "not-utf8", 2, 9),
        ("tab-indent.yaml", "tab-indent", 21, 1),
        ("anchor-alias.yaml", "anchor-alias", 11, 14),
        ("invalid-date.yaml", "invalid-date", 19, 15),
    ],
)
def test_refusals_have_their_own_code_and_place(name, code, line, column):
    _value, _pos, problems = parse(name)
    assert code in codes(problems)
    first = next(p for p in problems if p.code == code)
    assert (first.line, first.column) == (line, column)
    assert first.file == f"register/documents/2017/{name}"
    assert first.severity == "error" and first.message and first.hint


def test_duplicate_key_names_the_first_line():
    _value, _pos, problems = parse("duplicate-key.yaml")
    assert "dòng 19" in problems[0].message
    # PyYAML alone would have kept the second value silently.
    assert yaml.safe_load((LOADER / "duplicate-key.yaml").read_text())["tasks"][1]["deadline"] == dt.date(2017, 10, 30)


def test_alias_is_reported_as_well_as_the_anchor():
    _value, _pos, problems = parse("anchor-alias.yaml")
    assert [(p.code, p.line) for p in problems] == [("anchor-alias", 11), ("anchor-alias", 17)]
    assert "alias" in problems[1].message


def test_invalid_dates_become_invalid_markers_not_crashes():
    value, _pos, problems = parse("invalid-date.yaml")
    assert codes(problems) == ["invalid-date", "invalid-date"]
    assert value["tasks"][1]["deadline"] == Invalid("2017-02-30")
    assert "2017-02-30" in problems[0].message


def test_billion_laughs_is_refused_without_expansion():
    """Run in a fresh interpreter with a time limit: an expanding parser would never return."""
    script = (
        "import sys; from generator.register.yamlsrc import parse_yaml;"
        f"v, _, p = parse_yaml(open({str(LOADER / 'billion-laughs.yaml')!r}, 'rb').read(), 'b.yaml');"
        "print(v is None, len(p), {x.code for x in p}, 'Còn 95 neo/bí danh khác' in p[-1].message)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=20, check=True).stdout
    # 100 anchors and aliases: five are named, the last of those counts the rest
    assert out.strip() == "True 5 {'anchor-alias'} True"


def test_size_limit_is_exact():
    body = b"number: 45/QD-UBND\n"
    at_limit = body + b"#" * (MAX_FILE_BYTES - len(body) - 1) + b"\n"
    assert len(at_limit) == MAX_FILE_BYTES
    assert codes(parse_yaml(at_limit, "a.yaml")[2]) == []
    over = at_limit + b"\n"
    value, _pos, problems = parse_yaml(over, "a.yaml")
    assert value is None and codes(problems) == ["file-too-large"]
    assert "1.000.001" in problems[0].message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("deadline: !ngay 2026-04-15\n", "yaml-tag"),
        ("x: !!python/object/apply:os.system ['true']\n", "yaml-tag"),
        ("id: 0x1G\n", None),  # a plain string: the schema says what is wrong with it
        ("{a: 1}: b\n", "yaml-syntax"),  # a mapping used as a key
    ],
)
def test_tags_and_odd_keys(text, code):
    _value, _pos, problems = parse_yaml(text.encode(), "x.yaml")
    assert codes(problems) == ([code] if code else [])


def test_empty_file_is_no_value_and_no_problem():
    assert parse_yaml(b"", "x.yaml")[0] is None
    assert parse_yaml("# chỉ có ghi chú\n".encode(), "x.yaml")[2] == []


def test_datetime_is_kept_for_the_schema_to_refuse():
    value, _pos, problems = parse_yaml(b"issued: 2017-09-08 08:30:00\n", "x.yaml")
    assert problems == [] and isinstance(value["issued"], dt.datetime)


def test_tab_inside_a_value_is_not_indentation():
    _value, _pos, problems = parse_yaml(b'note: "a\tb"\n', "x.yaml")
    assert problems == []
