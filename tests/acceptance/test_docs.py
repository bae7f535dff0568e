"""The documentation inside the repository is complete and true: every schema key is documented,
every command is in the command reference, the generated parts are fresh, every requirement cited
anywhere exists, the examples of the format page form a valid register, and every relative link
of README.md and docs/*.md leads to a file of the repository.

When a test here fails after a command, an option or a schema key was added, regenerate with
`python -m generator.cli.docgen --write` and commit docs/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from registerkit import REPO, run_cli

from generator.cli import main
from generator.cli.docgen import command_reference, docgen
from generator.cli.main import all_commands
from generator.site.guide import SCHEMA_FILES, refresh_schema_blocks, schema_block_kinds

DOCS = REPO / "docs"
FORMAT = DOCS / "dinh-dang-so.md"
REQUIREMENTS = DOCS / "yeu-cau.md"
COMMANDS = DOCS / "lenh.md"
SCHEMAS = REPO / "generator" / "schemas"
REGENERATE = "run: python -m generator.cli.docgen --write"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


# -- the register format: every key of every schema ---------------------------------------------


def schema_paths(schema: dict) -> list[str]:
    """Every key at any depth, written as the format page writes it (`tasks[].progress[].date`).
    Walked here on its own, not with the generator's walker, so that a bug there cannot hide a key."""

    def resolve(node: dict) -> dict:
        while "$ref" in node:
            target = schema
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def walk(node: dict, prefix: str) -> list[str]:
        node = resolve(node)
        found = []
        for name, child in node.get("properties", {}).items():
            found.append(prefix + name)
            child = resolve(child)
            found += walk(child, prefix + name + ".") if "properties" in child else []
            if "items" in child:
                found += walk(child["items"], prefix + name + "[].")
        return found

    top = resolve(schema)
    return walk(top, "") if "properties" in top else walk(top.get("items", {}), "")


def undocumented_keys(page: str) -> list[str]:
    missing = []
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        for key in schema_paths(json.loads(read(path))):
            if f"`{key}`" not in page:
                missing.append(f"{path.name}: {key}")
    return missing


def test_every_schema_key_at_any_depth_is_documented():
    assert undocumented_keys(read(FORMAT)) == [], REGENERATE


def test_the_key_check_sees_a_missing_key():
    """The check above can fail: a page without one nested key is caught."""
    page = read(FORMAT).replace("`tasks[].progress[].delay_reason`", "")
    assert undocumented_keys(page) == ["document.schema.json: tasks[].progress[].delay_reason"]
    assert len(schema_paths(json.loads(read(SCHEMAS / "document.schema.json")))) > 25


def test_every_file_of_the_register_has_its_key_tables():
    kinds = [kind for kind, _file in SCHEMA_FILES]
    assert sorted(kinds) == sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))
    assert schema_block_kinds(read(FORMAT)) == kinds
    for _kind, file in SCHEMA_FILES:
        assert file in read(FORMAT)


def test_key_tables_match_the_schemas():
    page = read(FORMAT)
    assert refresh_schema_blocks(page) == page, REGENERATE


def test_every_allowed_value_has_a_vietnamese_meaning():
    page = read(FORMAT)
    for path in sorted(SCHEMAS.glob("*.schema.json")):
        for node in _nodes(json.loads(read(path))):
            if "enum" in node:
                meanings = node.get("enumDescriptions", [])
                assert len(meanings) == len(node["enum"]), f"{path.name}: {node['enum']} lacks enumDescriptions"
                for value, meaning in zip(node["enum"], meanings, strict=True):
                    assert f"| `{value}` | " in page and meaning.split(".")[0][:40] in page


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def test_the_format_page_explains_identity_computed_values_and_exit_statuses():
    text = " ".join(read(FORMAT).split())
    for words in (
        "`<YYYY>/<slug>#<n>`",
        "«03/CT-UBND (2026) #2»",
        "`documents/2026/45-QD-UBND.yaml`",
        "chỉ được thêm vào cuối",
        "từ 15:00 thứ Sáu đến 15:00 thứ Sáu tuần sau, theo giờ Việt Nam",
        "done_on_time ÷ (done_on_time + done_late + overdue)",
        "bằng hoặc sau ngày hạn đang áp dụng được ấn định",
    ):
        assert words in text
    table = re.findall(r"^\| `(\d)` \|", read(FORMAT), flags=re.M)
    assert {"0", "1", "2", "3"} <= set(table)


def _examples(page: str) -> dict[str, str]:
    """The YAML examples of the page that are whole files: those starting `# register/<path>`."""
    found = {}
    for block in re.findall(r"```yaml\n(.*?)```", page, flags=re.S):
        first = block.split("\n", 1)[0]
        if first.startswith("# register/"):
            found[first.removeprefix("# ")] = block
    return found


def test_the_examples_of_the_format_page_form_a_valid_register(tmp_path):
    examples = _examples(read(FORMAT))
    assert sorted(examples) == [
        "register/agencies.yaml",
        "register/calendar.yaml",
        "register/documents/2026/45-QD-UBND.yaml",
        "register/intake/2026/215-TTr-SNNMT.yaml",
        "register/register.yaml",
        "register/signers.yaml",
    ]
    for rel, text in examples.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    result = run_cli(["check", "--register", "register", "--as-of", "2026-06-30", "--format", "json"], cwd=tmp_path)
    assert json.loads(result.stdout)["problems"] == []
    assert result.exit_code == 0
    exported = run_cli(["export", "--register", "register", "--as-of", "2026-06-30", "--format", "json"], cwd=tmp_path)
    tasks = {t["id"]: t for t in json.loads(exported.stdout)["tasks"]}
    # what the page says of its own example: done late against the extended deadline
    assert tasks["2026/45-QD-UBND#1"]["deadline_in_force"] == "2026-05-15"
    assert tasks["2026/45-QD-UBND#1"]["timeliness"] == "late"
    assert tasks["2026/45-QD-UBND#2"]["timeliness"] == "no_deadline"


# -- the command reference --------------------------------------------------------------------


def _all_commands(group, prefix="nhiemvu") -> list[str]:
    names = []
    subs = all_commands() if group is main else group.commands
    for name, command in sorted(subs.items()):
        if command.hidden:
            continue
        names.append(f"{prefix} {name}")
        if hasattr(command, "commands"):
            names += _all_commands(command, f"{prefix} {name}")
    return names


def test_every_command_of_main_is_documented():
    """As sqlite-utils' test_docs does: a command missing from docs/lenh.md fails."""
    page = read(COMMANDS)
    commands = _all_commands(main)
    assert len(commands) >= 10 and "nhiemvu report monthly" in commands
    headings = re.findall(r"^## (nhiemvu .+)$", page, flags=re.M)
    assert sorted(headings) == sorted(commands), REGENERATE


def test_every_option_of_every_command_is_documented():
    page = read(COMMANDS)
    for name in _all_commands(main):
        section = page.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        command = all_commands()[name.split()[1]]
        for part in name.split()[2:]:
            command = command.commands[part]
        for param in command.params:
            for opt in param.opts if param.param_type_name == "option" else []:
                assert f"`{opt}`" in section, f"{name}: {opt}"


def test_the_command_reference_is_fresh():
    assert read(COMMANDS) == command_reference(), "docs/lenh.md is stale; " + REGENERATE


def test_docgen_prints_the_reference_and_checks_freshness():
    printed = subprocess.run(
        [sys.executable, "-m", "generator.cli.docgen"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert printed.stdout == read(COMMANDS)
    check = CliRunner().invoke(docgen, ["--check"])
    assert check.exit_code == 0, check.output


def test_docgen_check_fails_on_a_stale_page(monkeypatch):
    """`--check` exits 1 when a generated page differs from what the code says."""
    import generator.cli.docgen as module

    monkeypatch.setattr(module, "command_reference", lambda: read(COMMANDS) + "\n## nhiemvu lenh-moi\n")
    result = CliRunner().invoke(docgen, ["--check"])
    assert result.exit_code == 1
    assert "lenh.md" in result.output


# -- requirements -----------------------------------------------------------------------------

CITATION = re.compile(r"(?<![\w/-])R(\d+)(?![\w-])")


def defined_requirements() -> set[str]:
    return set(re.findall(r'<a id="r(\d+)"></a>R\1 · ', read(REQUIREMENTS)))


def test_requirements_r1_to_r12_are_defined_with_their_source():
    text = read(REQUIREMENTS)
    assert defined_requirements() == {str(n) for n in range(1, 13)}
    sections = re.split(r"^### ", text, flags=re.M)[1:]
    assert len(sections) == 12
    for section in sections:
        assert "**Yêu cầu.**" in section and "**Căn cứ.**" in section and "**Trong `nhiemvu`.**" in section
    for source in (
        "419/VPUBND-HCTC ngày 08/9/2017",
        "45/2016/QĐ-UBND",
        "QC42",
        "30/2020/NĐ-CP",
        "29/2018/QH14",
        "117/2025/QH15",
        "Điều 112 Bộ luật Lao động 2019",
        "Điều 147–148 Bộ luật Dân sự",
        "Thông tư 32/2017/TT-BTTTT, Điều 18",
    ):
        assert source in " ".join(text.split()), source


def _cited(paths) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        for number in CITATION.findall(read(path)):
            found.setdefault(number, set()).add(path.relative_to(REPO).as_posix())
    return found


def test_every_requirement_cited_anywhere_exists():
    files = [
        p
        for base in ("generator", "site_templates", "docs")
        for p in sorted((REPO / base).rglob("*"))
        if p.is_file() and p.suffix in (".py", ".j2", ".json", ".md", ".yml", ".yaml")
    ]
    cited = _cited(files + [REPO / "README.md"])
    assert {"1", "4", "11"} <= set(cited)  # the scan itself works
    unknown = {n: sorted(where) for n, where in cited.items() if n not in defined_requirements()}
    assert unknown == {}


def test_the_rule_codes_named_by_the_requirements_exist():
    import generator.history.rules  # noqa: F401  (history codes join the catalog)
    from generator.register.rules import catalog

    codes = {c.code for c in catalog()}
    named = set(re.findall(r"`([a-z0-9]+(?:-[a-z0-9]+)+)`", read(REQUIREMENTS)))
    named = {n for n in named if not n.startswith(("nhiemvu", "--"))}
    assert len(named) > 40
    assert sorted(named - codes) == []


# -- links ------------------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} (.+)$", re.M)
EXPLICIT = re.compile(r'<a id="([^"]+)"></a>')


def anchors(text: str) -> set[str]:
    """Explicit `<a id>` anchors, and the slugs GitHub and MkDocs agree on (ASCII headings)."""
    found = set(EXPLICIT.findall(text))
    for heading in HEADING.findall(text):
        plain = EXPLICIT.sub("", heading).strip()
        if plain.isascii():
            slug = re.sub(r"[^a-z0-9 -]", "", plain.lower()).strip().replace(" ", "-")
            found.add(slug)
    return found


def broken_links(path: Path, text: str | None = None) -> list[str]:
    """Links of the Markdown file `path` (or of `text` as if it were that file) that lead nowhere."""
    text = read(path) if text is None else text
    bad = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target):
            continue  # https:, mailto:
        file, _, fragment = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        if not dest.exists() or not dest.is_relative_to(REPO):
            bad.append(f"{target} (no such file)")
        elif fragment and dest.suffix == ".md" and fragment not in anchors(read(dest)):
            bad.append(f"{target} (no such anchor)")
    return bad


@pytest.mark.parametrize("name", ["README.md", *sorted(p.name for p in DOCS.glob("*.md"))])
def test_every_relative_link_resolves_inside_the_repository(name):
    path = REPO / name if name == "README.md" else DOCS / name
    assert broken_links(path) == []


def test_the_link_check_sees_a_broken_link():
    text = "[a](yeu-cau.md#r40) [b](khong-co.md) [c](lenh.md#nhiemvu-check) [d](../../etc/passwd) [e](#r2)"
    assert broken_links(REQUIREMENTS, text) == [
        "yeu-cau.md#r40 (no such anchor)",
        "khong-co.md (no such file)",
        "../../etc/passwd (no such file)",
    ]


def test_the_readme_links_every_document():
    readme = read(REPO / "README.md")
    for name in ("dinh-dang-so.md", "yeu-cau.md", "kien-truc.md", "lenh.md"):
        assert f"(docs/{name})" in readme, name


def test_docs_are_vietnamese_in_nfc():
    for path in DOCS.glob("*.md"):
        text = read(path)
        assert unicodedata.normalize("NFC", text) == text, path.name
        assert "  \n" not in text and "\t" not in text, path.name
