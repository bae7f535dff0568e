"""Apply a problem's `fix` (the edits its hint asks for) to a register on disk, as a clerk who
follows the hint literally would: the test that every hint ends its problem uses this.

Each edit is a dict of `check --format json` (action, text, file, line, column); paths are
relative to the repository root, lines and columns 1-based. The edits are applied as text, so
the rest of the file stays as the clerk wrote it.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from registerkit import run_cli


def apply_fixes(root: Path, fixes: list[dict]) -> None:
    """File edits first (bottom of each file first, so earlier positions stay true), then renames,
    removals and commands."""
    edits = [f for f in fixes if f["action"] in ("replace", "line", "delete", "resave")]
    for fix in sorted(edits, key=lambda f: (f["file"], -f["line"], -f["column"])):
        path = root / fix["file"]
        if fix["action"] == "resave":
            path.write_bytes(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
            continue
        text = path.read_text(encoding="utf-8")
        path.write_text(_EDITS[fix["action"]](text, fix), encoding="utf-8")
    for fix in fixes:
        if fix["action"] == "move":
            target = root / fix["text"]
            assert not target.exists(), f"git mv would refuse: {fix['text']} exists"
            target.parent.mkdir(parents=True, exist_ok=True)
            (root / fix["file"]).rename(target)
        elif fix["action"] in ("remove", "unlink"):
            (root / fix["file"]).unlink()
        elif fix["action"] == "command":
            words = shlex.split(fix["text"])
            assert words[0] == "nhiemvu", fix["text"]
            result = run_cli(words[1:], cwd=root)
            assert result.exit_code == 0, result.output


def _replace(text: str, fix: dict) -> str:
    """The scalar (a value or a key) that starts at line:column becomes fix["text"]."""
    where = (fix["line"] - 1, fix["column"] - 1)
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.ScalarEvent | yaml.AliasEvent) and _at(event.start_mark) == where:
            return text[: event.start_mark.index] + fix["text"] + text[event.end_mark.index :]
    raise AssertionError(f"no value starts at {fix['line']}:{fix['column']} of {fix['file']}")


def _line(text: str, fix: dict) -> str:
    lines = text.split("\n")
    lines[fix["line"] - 1] = fix["text"]
    return "\n".join(lines)


def _delete(text: str, fix: dict) -> str:
    """The entry whose key starts at line:column, or the list item that starts there, goes."""
    where = (fix["line"] - 1, fix["column"] - 1)
    found = _find(yaml.compose(text, Loader=yaml.SafeLoader), where)
    assert found is not None, f"nothing starts at {fix['line']}:{fix['column']} of {fix['file']}"
    parent, spans, index = found
    start, end = spans[index]
    if parent.flow_style:
        if index > 0:
            return text[: spans[index - 1][1].index] + text[end.index :]
        if len(spans) > 1:
            return text[: start.index] + text[spans[1][0].index :]
        return text[: start.index] + text[end.index :]
    lines = text.split("\n")
    last = end.line - 1 if end.column == 0 else end.line
    return "\n".join(lines[: start.line] + lines[last + 1 :])


def _find(node, where):
    """(collection, [(start, end) of each entry], index of the entry starting at `where`)."""
    if isinstance(node, yaml.MappingNode):
        spans = [(k.start_mark, v.end_mark) for k, v in node.value]
        for index, (key, value) in enumerate(node.value):
            if _at(key.start_mark) == where:
                return node, spans, index
            found = _find(value, where)
            if found:
                return found
    elif isinstance(node, yaml.SequenceNode):
        spans = [(item.start_mark, item.end_mark) for item in node.value]
        for index, item in enumerate(node.value):
            if _at(item.start_mark) == where:
                return node, spans, index
            found = _find(item, where)
            if found:
                return found
    return None


def _at(mark) -> tuple[int, int]:
    return mark.line, mark.column


_EDITS = {"replace": _replace, "line": _line, "delete": _delete}
