"""`nhiemvu fix`: the one command that rewrites register files, and only their text quality.

It normalises text to Unicode NFC and removes leading, trailing and doubled spaces in
one-line values (R6), editing the file text in place so comments and layout stay as the
clerk wrote them. A file is written only if it still parses to the same data apart from
the cleaned strings; anything it cannot fix safely is left for the clerk and reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from generator.register.load import find_repo_root, read_register_files
from generator.register.yamlsrc import parse_yaml, texts_of

_SPACES = re.compile(r"[ \t]+")


def clean_text(value: str) -> str:
    """NFC, single spaces, no spaces at either end (line breaks in block text are kept)."""
    value = unicodedata.normalize("NFC", value)
    lines = [_SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return "\n".join(lines).strip("\n") + ("\n" if value.endswith("\n") and "\n" in value.rstrip("\n") else "")


@dataclass(slots=True)
class FixResult:
    file: str
    fixed: int  # values cleaned
    skipped: list[tuple[int, str]]  # (line, value) that could not be fixed safely
    written: bool


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def fix_text(text: str, file: str) -> tuple[str, int, list[tuple[int, str]]]:
    """The fixed file text, how many values were cleaned, and what was left alone."""
    normalized = unicodedata.normalize("NFC", text)  # YAML syntax is ASCII: safe on the whole file
    value, _, problems = parse_yaml(normalized.encode("utf-8"), file)
    if value is None or problems:
        return text, 0, [(0, "tệp có lỗi cú pháp; sửa lỗi đó trước")]
    lines = normalized.split("\n")
    fixed = (
        0
        if normalized == text
        else sum(
            1 for s in texts_of(parse_yaml(text.encode("utf-8"), file)[0]) if not unicodedata.is_normalized("NFC", s[0])
        )
    )
    skipped = []
    for raw, line, col in sorted(texts_of(value), key=lambda t: (t[1], -t[2])):
        clean = clean_text(raw)
        if clean == raw:
            continue
        source = lines[line - 1]
        start = col - 1
        if source[start : start + 1] in ("'", '"'):
            start += 1
        if (
            "\n" in raw
            or source[start : start + len(raw)] != raw
            or (source[col - 1 : col] == "'" and "'" in clean)
            or (source[col - 1 : col] == '"' and "\\" in raw)
        ):
            skipped.append((line, raw))
            continue
        lines[line - 1] = source[:start] + clean + source[start + len(raw) :]
        fixed += 1
    return "\n".join(lines), fixed, skipped


def _same_but_text(before, after) -> bool:
    """Same structure and non-text values; strings equal once cleaned."""
    if isinstance(before, str) and isinstance(after, str):
        return clean_text(before) == after or clean_text(before) == clean_text(after)
    if isinstance(before, dict) and isinstance(after, dict):
        return list(before) == list(after) and all(_same_but_text(before[k], after[k]) for k in before)
    if isinstance(before, list) and isinstance(after, list):
        return len(before) == len(after) and all(_same_but_text(a, b) for a, b in zip(before, after, strict=True))
    return before == after


def fix_register(register_dir: Path, *, dry_run: bool = False) -> list[FixResult]:
    """Clean the text of every register file; write only files that changed and stay equivalent."""
    register_dir = Path(register_dir)
    repo_root = find_repo_root(register_dir)
    files, _ = read_register_files(register_dir, repo_root)
    results = []
    for rel, data in sorted(files.items()):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            results.append(FixResult(rel, 0, [(0, "tệp không phải UTF-8")], False))
            continue
        new_text, fixed, skipped = fix_text(text, rel)
        written = False
        if new_text != text:
            before, _, _ = parse_yaml(data, rel)
            after, _, problems = parse_yaml(new_text.encode("utf-8"), rel)
            if problems or not _same_but_text(before, after):
                results.append(FixResult(rel, 0, [(0, "không sửa tự động được an toàn; sửa tay")], False))
                continue
            if not dry_run:
                path = repo_root / rel
                tmp = path.with_name(path.name + ".nhiemvu-fix.tmp")
                tmp.write_text(new_text, encoding="utf-8", newline="")
                tmp.replace(path)
            written = True
        if fixed or skipped:
            results.append(FixResult(rel, fixed, skipped, written))
    return results
