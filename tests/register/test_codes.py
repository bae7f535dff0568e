"""The error-code catalog documents every code a user can meet, with examples that are right."""

from __future__ import annotations

import ast

import pytest
from registerkit import REPO

import generator.history.rules  # noqa: F401  (history codes join the catalog)
from generator.register.rules import catalog
from generator.register.yamlsrc import parse_yaml

CATALOG = {r.code: r for r in catalog()}

# Codes emitted somewhere in generator/ that the catalog does not list yet: none (the intake
# codes and file-exists are catalogued now). Keep it empty; the test below fails as soon as one
# of them is catalogued, so that this list only shrinks.
NOT_YET_CATALOGUED: set[str] = set()
# Rules whose page has a title and examples but no explanation yet: none. Keep it empty; the test
# below fails for any rule added without an explanation.
NO_EXPLANATION_YET: set[str] = set()


def emitted_codes() -> dict[str, set[str]]:
    """Codes passed as a literal to problem(...), Problem(...), _problem(...), _report(...) in generator/."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "generator").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            first = node.args[0]
            if (
                name in ("problem", "Problem", "_problem", "_report")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
            ):
                found.setdefault(first.value, set()).add(path.relative_to(REPO).as_posix())
    return found


def test_every_emitted_code_is_in_the_catalog():
    emitted = emitted_codes()
    assert len(emitted) > 20  # the scan itself works
    missing = {c: sorted(files) for c, files in emitted.items() if c not in CATALOG and c not in NOT_YET_CATALOGUED}
    assert missing == {}


def test_known_gaps_are_still_gaps():
    assert sorted(NOT_YET_CATALOGUED & set(CATALOG)) == [], "catalogued now: remove from NOT_YET_CATALOGUED"
    explained = sorted(c for c in NO_EXPLANATION_YET if CATALOG.get(c) and CATALOG[c].doc.strip())
    assert explained == [], "explained now: remove from NO_EXPLANATION_YET"


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_every_rule_has_a_title_examples_and_an_explanation(code):
    info = CATALOG[code]
    assert info.title.strip() and not info.title.endswith(":")
    assert info.passing.strip(), "no «Đúng:» example"
    assert info.failing.strip(), "no «Sai:» example"
    assert info.passing != info.failing
    assert info.severity in ("error", "warning")
    if code not in NO_EXPLANATION_YET:
        assert info.doc.strip()


@pytest.mark.parametrize("code", ["yaml-syntax", "duplicate-key", "yaml-tag", "anchor-alias", "invalid-date"])
def test_parser_examples_do_what_they_say(code):
    """The examples of codes found by the parser itself are complete YAML: run them."""
    info = CATALOG[code]
    assert [p.code for p in parse_yaml(info.passing.encode("utf-8"), "vi-du.yaml")[2]] == []
    assert code in [p.code for p in parse_yaml(info.failing.encode("utf-8"), "vi-du.yaml")[2]]


def test_rule_cases_exist_for_every_code():
    cases = REPO / "tests/data/rules"
    assert sorted(p.name for p in cases.iterdir() if (p / "expect.yaml").is_file()) == sorted(CATALOG)


def test_catalog_order_is_stable():
    assert [r.code for r in catalog()] == [r.code for r in catalog()]
    assert len(CATALOG) == len(catalog())
