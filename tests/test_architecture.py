"""The layout shows the architecture, and this test keeps it so: every import of every module of
generator/ is parsed, and the dependency direction cli → site → reports → history → register →
(vi, errors, schemas) may not be broken; only history/ imports Git, only cli/ imports click, and
no two modules import each other, even through others."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from registerkit import REPO

PACKAGE = REPO / "generator"
LAYERS = {"base": 0, "register": 1, "history": 2, "reports": 3, "site": 4, "cli": 5}
ONLY = {"git": "history", "click": "cli"}  # third-party package -> the one layer allowed to import it


def module_name(path: Path) -> str:
    rel = path.relative_to(REPO).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def layer_of(module: str) -> str:
    if module == "generator.__main__":
        return "cli"  # `python -m generator` is the command line
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in LAYERS:
        return parts[1]
    return "base"  # generator, generator.vi, generator.errors


def imports_of(path: Path) -> set[str]:
    """Absolute names of the modules imported anywhere in the file (top level or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                raise AssertionError(f"{path}: relative import (use the absolute generator.… name)")
            found.add(node.module or "")
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
GRAPH = {
    name: {m for m in imports_of(path) if m in MODULES and m != name and m != "generator"}
    for name, path in MODULES.items()
}


def test_the_scan_sees_the_whole_package():
    assert len(MODULES) > 40
    assert {layer_of(m) for m in MODULES} == set(LAYERS)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_downwards(module):
    own = LAYERS[layer_of(module)]
    upward = sorted(m for m in GRAPH[module] if LAYERS[layer_of(m)] > own)
    assert upward == [], f"{module} ({layer_of(module)}) imports a higher layer"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_git_and_click_stay_in_their_layer(module):
    for package, layer in ONLY.items():
        uses = any(m == package or m.startswith(package + ".") for m in imports_of(MODULES[module]))
        if uses:
            assert layer_of(module) == layer, f"{module} imports {package}: only generator/{layer}/ may"


def test_no_import_cycles():
    """Depth-first search over the module graph; a back edge is a cycle."""
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if node not in state:
            visit(node)
    assert cycles == []


def test_nothing_in_the_repository_points_outside_it():
    """The brief the project was built from is not part of the product: no file names it."""
    outside = ("../shared", "shared/docs", "contract.md", "requirements.md")
    tracked = [p for p in REPO.rglob("*") if p.is_file() and not _ignored(p)]
    offenders = sorted(
        str(p.relative_to(REPO))
        for p in tracked
        if p.suffix in (".py", ".md", ".j2", ".yml", ".yaml", ".json", ".toml", ".cjs", ".mjs", ".sh", "")
        and any(word in p.read_text(encoding="utf-8", errors="replace") for word in outside)
    )
    assert offenders == []


def _ignored(path: Path) -> bool:
    parts = path.relative_to(REPO).parts
    return (
        any(
            p in (".git", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "site", "build")
            or p.endswith(".egg-info")
            for p in parts
        )
        or path.name == "test_architecture.py"
    )


def test_the_command_table_names_every_command_where_it_is_defined():
    """`nhiemvu` imports a command's module only when it runs: the table must be right."""
    import importlib

    cli_main = importlib.import_module("generator.cli.main")  # the module, not the group it defines
    for module in sorted(m for m in MODULES if m.startswith("generator.cli.")):
        importlib.import_module(module)
    defined = {name: command.callback.__module__.rsplit(".", 1)[1] for name, command in cli_main.main.commands.items()}
    assert defined == cli_main.COMMANDS
