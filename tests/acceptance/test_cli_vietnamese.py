"""Click's own texts are Vietnamese for every command: usage lines, help headings, errors."""

from __future__ import annotations

import ast
from pathlib import Path

import click
import pytest
from registerkit import run_cli, run_nhiemvu

from generator.cli import main
from generator.cli.vi_click import MESSAGES, PLURALS

ENGLISH = ("Usage:", "Options:", "Commands:", "Error:", "Missing option", "Invalid value", "No such option", "Try '")


def commands(group=main, path=()):
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


@pytest.mark.parametrize("path", [(), *commands()], ids=lambda p: " ".join(p) or "nhiemvu")
def test_every_help_page_is_vietnamese(path, tmp_path):
    result = run_cli([*path, "--help"], cwd=tmp_path)
    assert result.exit_code == 0
    out = result.stdout
    first = out.splitlines()[0]  # CliRunner names the program «main»; the console script «nhiemvu»
    assert first.startswith("Cách dùng: ") and f"{' '.join(path)} [TÙY CHỌN]".lstrip() in first
    assert "\nTùy chọn:\n" in out and "Hiện hướng dẫn này rồi thoát." in out
    assert not any(word in out for word in ENGLISH)
    assert " TEXT" not in out and " INTEGER" not in out and "DIRECTORY" not in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["report", "monthly"], "Lỗi: Thiếu tùy chọn '--month'."),
        (["check", "--format", "xml"], "Lỗi: Giá trị không hợp lệ cho '--format': 'xml' không phải một trong"),
        (["check", "--formt", "json"], "Lỗi: Không có tùy chọn '--formt'. Có phải ý bạn là '--format'?"),
        (["chek"], "Lỗi: Không có lệnh 'chek'. Có phải ý bạn là 'check'?"),
        (["check", "--as-of"], "Lỗi: Tùy chọn '--as-of' cần giá trị đi kèm."),
        (["serve", "--port", "x"], "'x' không phải số nguyên hợp lệ."),
        (["diff"], "Lỗi: Thiếu tham số 'BASE'."),
        (["check", "--output", "a"], "Lỗi: Không có tùy chọn '--output'."),
    ],
)
def test_wrong_calls_are_explained_in_vietnamese(args, expected, tmp_path):
    result = run_cli(args, cwd=tmp_path)
    assert result.exit_code == 2
    assert expected in result.stderr
    if args != ["check", "--as-of"]:  # click knows no command yet when an option lacks its value
        assert "Cách dùng: " in result.stderr and "--help» để biết cách dùng." in result.stderr
    assert not any(word in result.stderr for word in ENGLISH)


def test_the_installed_command_too(tmp_path):
    """The console script clerks run (a fresh process: the catalogue is installed on import)."""
    result = run_nhiemvu(["new", "--urgency", "rất khẩn"], cwd=tmp_path)
    assert result.returncode == 2
    assert "Lỗi: Giá trị không hợp lệ cho '--urgency': 'rất khẩn' không phải một trong" in result.stderr
    version = run_nhiemvu(["--version"], cwd=tmp_path)
    assert version.stdout.startswith("nhiemvu, phiên bản ")


def click_message_ids() -> tuple[set[str], set[tuple[str, str]]]:
    """Every text the installed click marks for translation: `_("…")` and `ngettext("…", "…", n)`."""
    singles, plurals = set(), set()
    for path in sorted(Path(click.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if node.func.id == "_" and texts:
                singles.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) >= 2:
                plurals.add((texts[0], texts[1]))
    return singles, plurals


# Texts a clerk cannot meet: mistakes in a program's own option declarations, shell completion,
# the external editor, colours, Windows console errors, deprecation notices of commands we do not
# deprecate, and click's internal placeholders.
NOT_FOR_CLERKS = {
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}",
    "Couldn't detect Bash version, shell completion is not supported.",
    "Shell completion is not supported for Bash versions older than 4.4.",
    "{editor}: Editing failed",
    "{editor}: Editing failed: {e}",
    "Unknown color {colour!r}",
    "Windows error: {error}",
    "Unknown standard stream '{name}'",
    "?",
    "d",
}


def test_every_text_of_the_installed_click_is_translated():
    """A click upgrade that adds a text fails here until the catalogue has it."""
    singles, plurals = click_message_ids()
    assert len(singles) > 40  # the scan itself works
    assert sorted(singles - set(MESSAGES) - NOT_FOR_CLERKS) == []
    assert sorted(plurals - set(PLURALS)) == []
