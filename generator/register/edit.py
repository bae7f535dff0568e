"""Commands that write into the register, and say so: `nhiemvu fix` and `nhiemvu new`.

`fix` is the one command that rewrites register files, and only their text quality: it
normalises text to Unicode NFC and removes leading, trailing and doubled spaces in one-line
values (R6), editing the file text in place so comments and layout stay as the clerk wrote
them. A file is written only if it still parses to the same data apart from the cleaned
strings; anything it cannot fix safely is left for the clerk and reported.

`new` writes a valid skeleton document file, checked by the same rules before it is written,
and never overwrites a file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.register.check import check_register
from generator.register.load import find_repo_root, load_register_files, read_register_files
from generator.register.loader_codes import problem
from generator.register.model import document_relpath
from generator.register.problems import Problem
from generator.register.schema import iso_hint
from generator.register.status import today_for
from generator.register.yamlsrc import parse_yaml, texts_of, without_controls

# -- fix: text quality (R6) ---------------------------------------------------------------------

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
    text_without, controls = without_controls(text, clean_text)
    normalized = unicodedata.normalize("NFC", text_without)  # YAML syntax is ASCII: safe on the whole file
    value, _, problems = parse_yaml(normalized.encode("utf-8"), file)
    if value is None or problems:
        return text, 0, [(0, "tệp có lỗi cú pháp; sửa lỗi đó trước")]
    lines = normalized.split("\n")
    fixed = controls + (
        0
        if normalized == text_without
        else sum(
            1
            for s in texts_of(parse_yaml(text_without.encode("utf-8"), file)[0])
            if not unicodedata.is_normalized("NFC", s[0])
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
        keys = [clean_text(k) if isinstance(k, str) else k for k in before]
        return keys == [clean_text(k) if isinstance(k, str) else k for k in after] and all(
            _same_but_text(b, a) for b, a in zip(before.values(), after.values(), strict=True)
        )
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


# -- new: a skeleton document -------------------------------------------------------------------

MODELINE = "# yaml-language-server: $schema=../../../generator/schemas/document.schema.json\n"


def _scalar(value) -> str:
    """One YAML scalar, quoted only when YAML would read it as something else."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def render(fields: dict, issued: dt.date) -> str:
    lines = [
        MODELINE.rstrip("\n"),
        f"number: {_scalar(fields['number'].strip())}",
        f"title: {_scalar(' '.join(fields['title'].split()))}",
        f"issued: {issued.isoformat()}",
        f"signer: {_scalar(fields['signer'].strip().upper())}",
        f"submitted_by: {_scalar(fields['submitted_by'].strip().upper()) if fields.get('submitted_by') else 'null'}",
        f"urgency: {fields.get('urgency') or 'normal'}",
        "secrecy: none",
        "tasks:",
        "  - id: 1",
        f"    content: {_scalar(' '.join(fields['content'].split()))}",
        f"    assignee: {_scalar(fields['assignee'].strip().upper())}",
        f"    monitor: {_scalar(fields['monitor'].strip().upper())}",
        f"    classification: {_scalar(fields['classification'].strip())}",
    ]
    if fields.get("deadline"):
        lines.append(f"    deadline: {fields['deadline']}")
    lines.append("    progress: []")
    return "\n".join(lines) + "\n"


def _parse_date(text: str, what: str, file: str) -> tuple[dt.date | None, list[Problem]]:
    try:
        return dt.date.fromisoformat(text.strip()), []
    except ValueError:
        iso = iso_hint(text)
        return None, [
            problem(
                "date-format",
                file,
                0,
                0,
                f"{what} «{text}» không phải ngày dạng YYYY-MM-DD.",
                f"Viết {iso}." if iso else "Ví dụ: 2026-03-25.",
            )
        ]


def create_document(register_dir: Path, fields: dict) -> tuple[Path | None, list[Problem]]:
    """Write documents/<year>/<slug>.yaml if it passes the checker; never overwrite a file."""
    register_dir = Path(register_dir)
    repo_root = find_repo_root(register_dir)
    issued, problems = _parse_date(fields["issued"], "Ngày ban hành", "--issued")
    if fields.get("deadline"):
        deadline, more = _parse_date(fields["deadline"], "Thời hạn", "--deadline")
        problems += more
        if deadline:
            fields["deadline"] = deadline.isoformat()
    if problems:
        return None, problems
    rel = document_relpath(fields["number"].strip(), issued.year)
    target = register_dir / rel
    prefix = (
        register_dir.resolve().relative_to(repo_root).as_posix()
        if register_dir.resolve().is_relative_to(repo_root)
        else register_dir.name
    )
    key = f"{prefix}/{rel}"
    if target.exists():
        return None, [
            problem(
                "file-exists",
                key,
                0,
                0,
                f"Đã có tệp {rel} cho văn bản {fields['number']} năm {issued.year}.",
                "Mở tệp đó để thêm nhiệm vụ; mỗi văn bản chỉ có một tệp.",
            )
        ]
    text = render(fields, issued)
    files, _ = read_register_files(register_dir, repo_root)
    files[key] = text.encode("utf-8")
    register, load_problems = load_register_files(files, register_prefix=prefix)
    result = check_register(register, load_problems, today_for(register.settings))
    mine = [p for p in result.problems if p.file == key and p.severity == "error"]
    if mine:
        return None, mine
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return target, []
