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
from generator.register.yamlsrc import parse_yaml, texts_of

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


# -- new: a skeleton document -------------------------------------------------------------------

MODELINE = "# yaml-language-server: $schema=../../../generator/schemas/document.schema.json\n"


# Text YAML writes plain whatever its words: it starts with a letter (so with no indicator and
# as no number or date), holds letters, digits, spaces and common punctuation only, and is none
# of YAML 1.1's words for true, false and null. Anything else goes through PyYAML (`_scalar`).
_PLAIN = re.compile(
    r"^(?![Yy]es$|YES$|[Nn]o$|NO$|[Tt]rue$|TRUE$|[Ff]alse$|FALSE$|[Oo]n$|ON$|[Oo]ff$|OFF$|[Nn]ull$|NULL$)"
    r"[^\W\d_](?:[^\W_]|[ .,;()/%'\"+\-–…“”‘’_])*(?<! )$"
)


def _scalar(value) -> str:
    """One YAML scalar, quoted only when YAML would read it as something else."""
    if isinstance(value, str) and _PLAIN.match(value):
        return value  # what PyYAML would write, without its emitter (ten times faster: import writes thousands)
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def render(fields: dict, issued: dt.date) -> str:
    task = {
        "id": 1,
        "content": " ".join(fields["content"].split()),
        "assignee": fields["assignee"].strip().upper(),
        "monitor": fields["monitor"].strip().upper(),
        "classification": fields["classification"].strip(),
    }
    if fields.get("deadline"):
        task["deadline"] = dt.date.fromisoformat(str(fields["deadline"]))
    task["progress"] = []
    doc = {
        "number": fields["number"].strip(),
        "title": " ".join(fields["title"].split()),
        "issued": issued,
        "signer": fields["signer"].strip().upper(),
        "submitted_by": fields["submitted_by"].strip().upper() if fields.get("submitted_by") else None,
        "urgency": fields.get("urgency") or "normal",
        "secrecy": "none",
        "tasks": [task],
    }
    return render_document(doc)


# The key order of the shipped files (and of the contract's example).
DOCUMENT_KEYS = ("number", "title", "issued", "signer", "submitted_by", "urgency", "secrecy", "tasks")
TASK_KEYS = (
    "id",
    "content",
    "assignee",
    "coordinators",
    "monitor",
    "classification",
    "deadline",
    "extensions",
    "progress",
)
EXTENSION_KEYS = ("deadline", "document", "date")
PROGRESS_KEYS = ("date", "status", "note", "delay_reason", "report", "recommendation")


def _value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    return _scalar(value)


def _mapping_lines(item: dict, keys: tuple[str, ...], indent: str) -> list[str]:
    """A list item («- key: value» then the other keys under it), keys in the contract's order."""
    lines = []
    for key in [k for k in keys if k in item] + [k for k in item if k not in keys]:
        lead = f"{indent}- " if not lines else f"{indent}  "
        lines.append(f"{lead}{key}: {_value(item[key])}")
    return lines


def render_document(doc: dict) -> str:
    """The text of a document file, exactly as the shipped files are written: the schema modeline,
    keys in the contract's order, one task after the other, `coordinators` as a flow list
    (`[SNNMT, SXD]`), extensions and progress entries as block lists, an empty list as `[]`.
    Values are plain YAML scalars, quoted only where YAML would read them as something else.
    Shared by `nhiemvu new` and `nhiemvu import`; `doc` holds plain values (dates as dates)."""
    lines = [MODELINE.rstrip("\n")]
    for key in [k for k in DOCUMENT_KEYS if k in doc] + [k for k in doc if k not in DOCUMENT_KEYS]:
        if key != "tasks":
            lines.append(f"{key}: {_value(doc[key])}")
            continue
        lines.append("tasks:" if doc["tasks"] else "tasks: []")
        for task in doc["tasks"]:
            first = True
            for name in [k for k in TASK_KEYS if k in task] + [k for k in task if k not in TASK_KEYS]:
                lead = "  - " if first else "    "
                first = False
                value = task[name]
                if name == "coordinators":
                    lines.append(f"{lead}coordinators: [{', '.join(_scalar(c) for c in value)}]")
                elif name in ("extensions", "progress"):
                    if not value:
                        lines.append(f"{lead}{name}: []")
                        continue
                    lines.append(f"{lead}{name}:")
                    keys = EXTENSION_KEYS if name == "extensions" else PROGRESS_KEYS
                    for item in value:
                        lines += _mapping_lines(item, keys, "      ")
                else:
                    lines.append(f"{lead}{name}: {_value(value)}")
    return "\n".join(lines) + "\n"


def append_progress(text: str, file: str, task_index: int, entries: list[dict]) -> str | None:
    """The file text with `entries` added at the end of the `progress` list of the task at
    `task_index`, comments and layout kept; None when the file's layout does not allow it safely
    (a flow-style list, a file that does not parse). The result is parsed again and must hold
    exactly the old data plus the new entries."""
    value, positions, problems = parse_yaml(text.encode("utf-8"), file)
    if value is None or problems or not isinstance(value, dict):
        return None
    tasks = value.get("tasks")
    if not isinstance(tasks, list) or not 0 <= task_index < len(tasks) or not isinstance(tasks[task_index], dict):
        return None
    task = tasks[task_index]
    lines = text.split("\n")
    start = tasks.marks[task_index][0]  # 1-based line of the task's first key
    end = tasks.marks[task_index + 1][0] - 1 if task_index + 1 < len(tasks) else len(lines)
    key_col = task.marks[next(iter(task))][1]  # column of the task's keys
    progress = task.get("progress")
    if progress is None and "progress" not in task:
        where = _last_content_line(lines, start, end)
        new_lines = [" " * (key_col - 1) + "progress:"]
        indent = " " * (key_col + 1)
    elif isinstance(progress, list):
        key_line, key_column, _, _ = task.marks["progress"]
        source = lines[key_line - 1]
        if not progress:
            head, sep, rest = source.partition(":")
            if rest.strip() != "[]":
                return None
            lines[key_line - 1] = head + sep
            where = key_line
            indent = " " * (key_column + 1)
        else:
            first_line, first_col = progress.marks[0]
            if lines[first_line - 1][first_col - 3 : first_col - 1] != "- ":
                return None  # a flow list [ {…} ]: not edited by hand here
            indent = " " * (first_col - 3)
            later = [task.marks[k][0] for k in task if task.marks[k][0] > key_line]
            stop = min(later) - 1 if later else end
            where = _last_content_line(lines, key_line, stop)
        new_lines = []
    else:
        return None
    for entry in entries:
        new_lines += _mapping_lines(entry, PROGRESS_KEYS, indent)
    lines[where:where] = new_lines
    result = "\n".join(lines)
    after, _, after_problems = parse_yaml(result.encode("utf-8"), file)
    expected = dict(value)
    expected_tasks = [dict(t) if isinstance(t, dict) else t for t in tasks]
    expected_tasks[task_index] = dict(task, progress=list(progress or []) + [dict(e) for e in entries])
    expected["tasks"] = expected_tasks
    if after_problems or after != expected:
        return None
    return result


def _last_content_line(lines: list[str], start: int, end: int) -> int:
    """The last line from `start` to `end` (1-based, inclusive) that holds data, not a blank
    line or a comment: new lines go right after it."""
    for number in range(min(end, len(lines)), start - 1, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return start


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


# -- writing files that pass the checker (import, reconcile --apply) -----------------------------


@dataclass(slots=True)
class Checked:
    """What `write_checked` did: files written (their old and new text; old is "" for a new
    file), and files refused with the errors the checker found in them."""

    written: list[tuple[str, str, str]]
    refused: dict[str, list[Problem]]


def write_checked(
    register_dir: Path, changes: dict[str, str], as_of: dt.date | None = None, *, dry_run: bool = False
) -> Checked:
    """Write `changes` ({path under the register directory: new text}) into the register, each
    file only if the whole register, with every change applied, has no error in that file.

    A path that does not exist yet is created and never overwrites a file that appears in the
    meantime; an existing file is replaced atomically. With `dry_run` nothing is written."""
    register_dir = Path(register_dir)
    repo_root = find_repo_root(register_dir)
    prefix = (
        register_dir.resolve().relative_to(repo_root).as_posix()
        if register_dir.resolve().is_relative_to(repo_root)
        else register_dir.name
    )
    files, _ = read_register_files(register_dir, repo_root)
    before = {rel: files.get(f"{prefix}/{rel}", b"").decode("utf-8", "replace") for rel in changes}
    existing = {rel for rel in changes if f"{prefix}/{rel}" in files or (register_dir / rel).exists()}
    for rel, text in changes.items():
        files[f"{prefix}/{rel}"] = text.encode("utf-8")
    register, load_problems = load_register_files(files, register_prefix=prefix)
    result = check_register(register, load_problems, as_of or today_for(register.settings))
    refused: dict[str, list[Problem]] = {}
    for p in result.problems:
        rel = p.file[len(prefix) + 1 :] if p.file.startswith(prefix + "/") else p.file
        if p.severity == "error" and rel in changes:
            refused.setdefault(rel, []).append(p)
    written = []
    for rel, text in sorted(changes.items()):
        if rel in refused:
            continue
        if not dry_run:
            _write(register_dir / rel, text, new=rel not in existing)
        written.append((rel, before[rel], text))
    return Checked(written, refused)


def _write(path: Path, text: str, *, new: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if new:
        with open(path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return
    tmp = path.with_name(path.name + ".nhiemvu.tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(path)
