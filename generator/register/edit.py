"""Commands that write into the register, and say so: `fix`, `new`, `add-task`, `progress`, `extend`.

`fix` is the one command that rewrites register files, and only their text quality: it
normalises text to Unicode NFC and removes leading, trailing and doubled spaces in one-line
values (R6), editing the file text in place so comments and layout stay as the clerk wrote
them. A file is written only if it still parses to the same data apart from the cleaned
strings; anything it cannot fix safely is left for the clerk and reported.

`new` writes a new document file; `add-task`, `progress` and `extend` append one entry to a list
of a document file by editing its text (comments and layout stay as written). Each is checked by
the real checker before anything is written, written atomically, and never overwrites a file.
Clerks may type a date as they write it (20/11/2026) and a name where a code is asked
(«Sở Tài chính»); the functions that read such answers are here too, free of any terminal.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import os
import re
import shlex
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import NhiemvuError, RegisterHasErrors, UsageError
from generator.register.check import check_register
from generator.register.load import SETTINGS_FILES, find_repo_root, load_register_files, read_register_files
from generator.register.loader_codes import problem
from generator.register.model import (
    AGENCY_KINDS,
    DEFAULT_ZONE,
    Document,
    Register,
    Task,
    document_relpath,
    slugify_number,
)
from generator.register.problems import Problem
from generator.register.rules.numbers import suggest_number
from generator.register.status import TaskState, task_state, today_for
from generator.register.yamlsrc import parse_yaml, texts_of, without_controls
from generator.vi import fmt_date

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


# -- reading what a clerk types: dates, names in place of codes, task ids ----------------------


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), single spaces: «Sở Tài chính» and «so tai  chinh» compare equal."""
    text = unicodedata.normalize("NFKD", str(text).replace("Đ", "D").replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


_ISO_LOOSE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_LOOSE = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_DMY_WORDS = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*,?\s*nam\s*(\d{4})$")
_TODAY_WORDS = ("hom nay", "today")
FIRST_YEAR, LAST_YEAR = 1900, 2199  # beyond these no directive document exists, and date arithmetic breaks


def parse_day_vi(text: str, today: dt.date | None = None) -> dt.date | None:
    """A date as clerks write it: `2026-11-20`, `20/11/2026`, `20-11-2026`, `20.11.2026`,
    «ngày 20 tháng 11 năm 2026», or «hôm nay» when `today` is given; None if it is no real date."""
    folded = fold(text)
    if today is not None and folded in _TODAY_WORDS:
        return today
    if match := _ISO_LOOSE.match(folded):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY_LOOSE.match(folded) or _DMY_WORDS.match(folded):
        day, month, year = (int(g) for g in match.groups())
    else:
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Named:
    """Something a clerk may name instead of typing its code: an agency, a signer, a value."""

    code: str
    name: str
    detail: str = ""  # a signer's title, an agency's kind, other words that find it

    def show(self) -> str:
        return f"{self.code} · {self.name}" + (f" ({self.detail})" if self.detail else "")


def agency_choices(register: Register, day: dt.date | None, *, divisions: bool = False) -> list[Named]:
    """Agencies active on `day` (any day when None); only the Office's divisions if `divisions`."""
    return [
        Named(a.code, a.name, AGENCY_KINDS.get(a.kind, a.kind))
        for a in sorted(register.agencies.values(), key=lambda a: a.code)
        if (day is None or a.valid_on(day)) and (not divisions or a.kind == "office_division")
    ]


def signer_choices(register: Register, day: dt.date | None) -> list[Named]:
    return [
        Named(s.code, s.name, s.title)
        for s in sorted(register.signers.values(), key=lambda s: s.code)
        if day is None or s.valid_on(day)
    ]


def enum_choices(labels: dict[str, str], extra: dict[str, str] | None = None) -> list[Named]:
    """The values of an enumeration with their Vietnamese labels (and other words that find them)."""
    return [Named(code, label, (extra or {}).get(code, "")) for code, label in labels.items()]


STATUS_WORDS = {"done": "hoàn thành xong", "cancelled": "hủy bỏ", "in_progress": "đang làm", "not_started": "chưa làm"}


_CODE_LIKE = re.compile(r"^[A-Z][A-Z0-9_]*$")


def match_named(query: str, choices: list[Named]) -> list[Named]:
    """What `query` may mean among `choices`: the one whose code it is (any case); for a query
    written like a code (`XA_`), the codes it begins; else those whose name it is (folding case
    and diacritics); else those whose words start with each word typed («tài chính»), keeping
    the diacritics typed when that finds something («Sở» is not «Sơn»), else without them."""
    query = query.strip()
    if not query:
        return []
    exact = [c for c in choices if c.code.upper() == query.upper()]
    if exact:
        return exact
    if _CODE_LIKE.match(query):  # typed as a code (upper case, no space): only codes can mean it
        return [c for c in choices if c.code.startswith(query)]
    wanted = fold(query)
    named = [c for c in choices if fold(c.name) == wanted]
    if named:
        return named
    if _lower(query) != wanted:  # typed with diacritics: «Sở» means Sở, not Sơn
        found = _words_match(_lower(query), choices, _lower)
        if found:
            return found
    return _words_match(wanted, choices, fold)


def _lower(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def _words_match(query: str, choices: list[Named], norm) -> list[Named]:
    """Choices where every word of `query` begins a word of the name (or the detail, or the code)."""
    words = query.split()

    def hit(choice: Named) -> bool:
        hay = norm(f"{choice.name} {choice.detail}").split() + [choice.code.lower()]
        return all(any(h.startswith(w) for h in hay) for w in words)

    return [c for c in choices if hit(c)]


_CLASS_LOOSE = re.compile(r"^(?:qc)?(4[25])([a-d])$")


def match_classification(text: str) -> list[str]:
    """`QC45_a`, `qc45a`, `45a`, or a bare letter `a` (then both regulations are possible)."""
    compact = re.sub(r"[\s_\-.]", "", fold(text))
    if match := _CLASS_LOOSE.match(compact):
        return [f"QC{match[1]}_{match[2]}"]
    if compact in ("a", "b", "c", "d"):
        return [f"QC45_{compact}", f"QC42_{compact}"]
    return []


# -- finding a document and a task from what was typed ------------------------------------------


@dataclass(frozen=True, slots=True)
class TaskRef:
    document: str  # what names the document: a number, «number (year)», a key «2026/03-CT-UBND», a path
    task_id: int


_TASK_SUFFIX = re.compile(r"^(.*?)\s*#\s*(\d+)\s*$")
_WITH_YEAR = re.compile(r"^(.*?)\s*\(\s*(\d{4})\s*\)$")
_KEY = re.compile(r"^(\d{4})/([A-Za-z0-9._-]+)$")


def parse_task_ref(text: str) -> TaskRef:
    """`2026/03-CT-UBND#2`, «03/CT-UBND (2026) #2» or «03/CT-UBND#2» (when only one year has it)."""
    match = _TASK_SUFFIX.match(text.strip())
    if not match or not match[1]:
        raise UsageError(
            f"«{text}» không phải mã nhiệm vụ.",
            "Viết mã văn bản rồi dấu # và số nhiệm vụ, ví dụ 2026/03-CT-UBND#2 hoặc «03/CT-UBND (2026) #2».",
        )
    return TaskRef(match[1], int(match[2]))


def locate_document(register_dir: Path, text: str) -> Path:
    """The document file that `text` names: a path to it, its key `2026/03-CT-UBND`, its number
    with the year «03/CT-UBND (2026)», or its number alone when only one year has that number."""
    register_dir = Path(register_dir)
    documents = (register_dir / "documents").resolve()
    text = unicodedata.normalize("NFC", text.strip())
    if text.endswith((".yaml", ".yml")):
        for base in (Path.cwd(), register_dir):
            path = (base / text).resolve()
            if path.is_file():
                if not path.is_relative_to(documents) or (base / text).is_symlink():
                    raise UsageError(
                        f"Tệp «{text}» không nằm trong thư mục văn bản của sổ ({register_dir / 'documents'}).",
                        "Chỉ thêm vào tệp văn bản của sổ: register/documents/<năm>/<số-ký-hiệu>.yaml.",
                    )
                return path
        raise UsageError(
            f"Không có tệp «{text}».", "Kiểm tra đường dẫn, hoặc ghi số ký hiệu văn bản, ví dụ 03/CT-UBND."
        )
    if (match := _KEY.match(text)) and (documents / match[1] / f"{match[2]}.yaml").is_file():
        return _inside(documents / match[1] / f"{match[2]}.yaml", documents)
    year = None
    if match := _WITH_YEAR.match(text):
        text, year = match[1], match[2]
    slug = slugify_number(text)
    found = sorted(documents.glob(f"{year or '[0-9][0-9][0-9][0-9]'}/{slug}.yaml"))
    if len(found) == 1:
        return _inside(found[0], documents)
    if found:
        keys = ", ".join(f"{p.parent.name}/{p.stem}" for p in found)
        raise UsageError(
            f"Có {len(found)} văn bản số {text} ở các năm khác nhau: {keys}.",
            f"Ghi kèm năm, ví dụ «{text} ({found[-1].parent.name})» hoặc {found[-1].parent.name}/{slug}.",
        )
    known = [f"{p.parent.name}/{p.stem}" for p in documents.glob("[0-9][0-9][0-9][0-9]/*.yaml")]
    close = difflib.get_close_matches(f"{year}/{slug}" if year else slug, known if year else [k[5:] for k in known])
    where = f" năm {year}" if year else ""
    raise UsageError(
        f"Không tìm thấy văn bản «{text}»{where} trong sổ (tệp documents/{year or '<năm>'}/{slug}.yaml).",
        (f"Có phải ý bạn là {', '.join(close)}? " if close else "")
        + "Ghi đúng số, ký hiệu như trong văn bản, ví dụ 03/CT-UBND (2026), hoặc tạo văn bản bằng «nhiemvu new».",
    )


def _inside(path: Path, documents: Path) -> Path:
    """`path`, refused when it is a link or leads out of the documents folder (the loader refuses
    symbolic links too: a path taken from the register stays inside it)."""
    if path.is_symlink() or not path.resolve().is_relative_to(documents):
        raise UsageError(f"«{path}» là liên kết tượng trưng, không phải tệp văn bản.", "Thay liên kết bằng tệp thật.")
    return path.resolve()


@dataclass(slots=True)
class OpenDocument:
    """One document file with what the checker needs around it (the register's settings files)."""

    path: Path
    key: str  # the file's path relative to the repository root, as problems name it
    text: str
    files: dict[str, bytes]  # register.yaml, agencies.yaml, signers.yaml, calendar.yaml and this file
    prefix: str
    register: Register
    document: Document
    today: dt.date

    def task(self, task_id: int) -> Task:
        for task in self.document.tasks:
            if task.id == task_id:
                return task
        ids = ", ".join(str(t.id) for t in self.document.tasks) or "chưa có nhiệm vụ nào"
        raise UsageError(
            f"Văn bản {self.document.number} ({self.document.issued.year}) không có nhiệm vụ số {task_id}.",
            f"Các nhiệm vụ của văn bản: {ids}.",
        )

    def state(self, task: Task) -> TaskState:
        return task_state(task, self.document, self.today)


def _register_prefix(register_dir: Path, repo_root: Path) -> str:
    resolved = register_dir.resolve()
    return resolved.relative_to(repo_root).as_posix() if resolved.is_relative_to(repo_root) else register_dir.name


def _settings_files(register_dir: Path, prefix: str) -> dict[str, bytes]:
    return {
        f"{prefix}/{name}": (register_dir / name).read_bytes()
        for name in SETTINGS_FILES
        if (register_dir / name).is_file()
    }


def settings_register(register_dir: Path) -> Register:
    """The register's settings, agencies, signers and calendar without its documents: what the
    questions of `new` need (reading ten thousand tasks to ask for a code would be slow)."""
    register_dir = Path(register_dir)
    prefix = _register_prefix(register_dir, find_repo_root(register_dir))
    register, _ = load_register_files(_settings_files(register_dir, prefix), register_prefix=prefix)
    return register


def open_document(register_dir: Path, path: Path) -> OpenDocument:
    """Read one document file with the register's settings files; refuse a file that cannot be read."""
    register_dir = Path(register_dir)
    repo_root = find_repo_root(register_dir)
    prefix = _register_prefix(register_dir, repo_root)
    key = f"{prefix}/{path.resolve().relative_to(register_dir.resolve()).as_posix()}"
    data = path.read_bytes()
    files = {**_settings_files(register_dir, prefix), key: data}
    register, problems = load_register_files(files, register_prefix=prefix)
    document = next((d for d in register.documents if d.file == key), None)
    if document is None:
        raise RegisterHasErrors(
            f"Tệp {key} có lỗi nên chưa thêm được gì vào đó.",
            "Sửa các lỗi trên (xem «nhiemvu check») rồi chạy lại.",
            [p for p in problems if p.file == key] or problems,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:  # the loader has refused it already; kept for safety
        raise RegisterHasErrors(f"Tệp {key} không phải UTF-8.", "Lưu lại tệp dạng UTF-8.") from None
    return OpenDocument(path, key, text, files, prefix, register, document, today_for(register.settings))


# -- appending to a list in the file's own text ---------------------------------------------------
#
# The commands below only ever add an entry at the end of a list (progress, extensions, tasks).
# They edit the text, never re-dump the YAML: every comment, blank line, quote and flow list the
# clerk wrote stays byte for byte, and the diff shows only the new lines. The result is parsed
# again and must equal the old data plus the new entry, or nothing is written.

PROGRESS_KEYS = ("date", "status", "note", "delay_reason", "report", "recommendation")
EXTENSION_KEYS = ("deadline", "document", "date")
TASK_KEYS = ("id", "content", "assignee", "coordinators", "monitor", "classification", "deadline")
_EMPTY_VALUES = ("", "~", "null", "Null", "NULL")


class EditRefused(NhiemvuError):
    """The file is written in a way the command cannot extend safely; the clerk edits it by hand."""


def _compose(text: str):
    return yaml.compose(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))


def _is_empty_scalar(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and not node.style and node.value in _EMPTY_VALUES


def _end_line(node, lines: list[str]) -> int:
    """The 0-based line of the last character of `node` (blank lines a block scalar keeps are skipped)."""
    end = node.end_mark
    line = end.line if end.column > 0 else end.line - 1
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1
    return max(line, node.start_mark.line)


def _last_line(node, lines: list[str]) -> int:
    if isinstance(node, yaml.ScalarNode) or node.flow_style:
        return _end_line(node, lines)
    if isinstance(node, yaml.SequenceNode):
        return max((_last_line(item, lines) for item in node.value), default=node.start_mark.line)
    last = node.start_mark.line
    for key, value in node.value:
        # an empty value's mark stands at the next token, maybe lines below: its key is what ends it
        last = max(last, _end_line(key, lines) if _is_empty_scalar(value) else _last_line(value, lines))
    return last


def _pair(mapping, key: str):
    for k, v in mapping.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


def _node_at(root, path: tuple):
    node = root
    for step in path:
        if isinstance(step, int) and isinstance(node, yaml.SequenceNode) and 0 <= step < len(node.value):
            node = node.value[step]
        elif isinstance(step, str) and isinstance(node, yaml.MappingNode) and (pair := _pair(node, step)):
            node = pair[1]
        else:
            return None
    return node


def yaml_value(value) -> str:
    """One value as YAML writes it on one line: quoted only when YAML would read it otherwise."""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    return _scalar(value)


def entry_lines(entry: dict, dash: int, indent: int) -> list[str]:
    """A mapping as a block list item: `- key: value` at column `dash`, the other keys at `indent`."""
    out = []
    for i, (key, value) in enumerate(entry.items()):
        lead = " " * dash + "- " + " " * (indent - dash - 2) if i == 0 else " " * indent
        out.append(f"{lead}{key}: {yaml_value(value)}")
    return out


def _flow_item(entry: dict, dash: int) -> list[str]:
    return [" " * dash + "- {" + ", ".join(f"{k}: {yaml_value(v)}" for k, v in entry.items()) + "}"]


def append_entry(text: str, parent: tuple, key: str, entry: dict, *, before: tuple[str, ...] = ()) -> tuple[str, int]:
    """`text` with `entry` added at the end of the list `key` of the mapping at `parent`, and the
    1-based line where the new entry starts. A missing list is created (before the first of the
    keys `before` that exists, else after the mapping's last line); `key: []` becomes a block list."""
    lines = text.split("\n")
    cr = "\r" if lines and lines[0].endswith("\r") else ""
    mapping = _node_at(_compose(text), parent)
    if not isinstance(mapping, yaml.MappingNode) or mapping.flow_style:
        raise EditRefused("Không tìm thấy chỗ để thêm trong tệp (nhóm viết trên một dòng).", "Thêm mục này bằng tay.")
    pair = _pair(mapping, key)
    if pair and isinstance(pair[1], yaml.SequenceNode) and pair[1].value and not pair[1].flow_style:
        dash = pair[1].start_mark.column  # a block list starts at its first «-»
        last = pair[1].value[-1]
        if isinstance(last, yaml.MappingNode) and last.flow_style:
            new = _flow_item(entry, dash)
        else:
            new = entry_lines(entry, dash, last.start_mark.column if isinstance(last, yaml.MappingNode) else dash + 2)
        at = _last_line(pair[1], lines) + 1
    elif pair and (
        _is_empty_scalar(pair[1]) or (isinstance(pair[1], yaml.SequenceNode) and not pair[1].value)
    ):  # `key:`, `key: null` or `key: []`
        key_node, value = pair
        column = key_node.start_mark.column
        row = key_node.start_mark.line
        if (
            value.start_mark.line == row
            and value.end_mark.line == row
            and value.end_mark.column > value.start_mark.column
        ):
            line = lines[row].removesuffix("\r")
            start, end = value.start_mark.column, value.end_mark.column
            line = line[:start] + " " * (end - start) + line[end:]  # a comment after it keeps its column
            lines[row] = (line if line[end:].strip() else line.rstrip()) + cr
        new = entry_lines(entry, column + 2, column + 4)
        at = row + 1
    elif pair:
        raise EditRefused(
            f"Danh sách «{key}» trong tệp được viết trên một dòng (dạng [...]) nên không thêm tự động được.",
            f"Viết lại «{key}» thành danh sách nhiều dòng (mỗi mục bắt đầu bằng «- »), hoặc thêm mục này bằng tay.",
        )
    else:
        column = mapping.value[0][0].start_mark.column if mapping.value else mapping.start_mark.column
        new = [" " * column + f"{key}:"] + entry_lines(entry, column + 2, column + 4)
        later = [p[0] for p in mapping.value if isinstance(p[0], yaml.ScalarNode) and p[0].value in before]
        at = later[0].start_mark.line if later else _last_line(mapping, lines) + 1
    if lines[-1] != "":  # the file did not end with a line break: it does now
        lines[-1] += cr
        lines.append("")
    at = min(at, len(lines) - 1)
    start = at + (2 if new[0].rstrip().endswith(":") and not new[0].lstrip().startswith("-") else 1)
    lines[at:at] = [line + cr for line in new]
    return "\n".join(lines), start


def _with_entry(value, parent: tuple, key: str, entry: dict):
    """The parsed data as it must read after the append (a deep copy: the original is kept)."""
    value = copy.deepcopy(value)
    node = value
    for step in parent:
        node = node[step]
    items = node.get(key)
    node[key] = (list(items) if isinstance(items, list) else []) + [entry]
    return value


def _plain(value):
    """Parsed data as plain dicts and lists (the loader's LocDict/LocList carry positions)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# -- planning and writing an edit -----------------------------------------------------------------


@dataclass(slots=True)
class FileEdit:
    """One register file before and after a command's change, checked but not yet written."""

    path: Path
    key: str  # repo-relative, as problems and diffs name it
    before: str  # "" for a new file
    after: str
    what: str  # Vietnamese: what is added, for the closing message
    errors: list[Problem] = field(default_factory=list)  # new errors the checker finds: refused
    warnings: list[Problem] = field(default_factory=list)  # new warnings: shown, not refused
    fields: dict[int, str] = field(default_factory=dict)  # line of `after` → the key written on it
    line: int = 0  # where the new entry starts in `after`

    def diff(self) -> str:
        """Unified diff of the file, as `git diff` would show it."""
        old = self.before.splitlines(keepends=True)
        new = self.after.splitlines(keepends=True)
        lines = difflib.unified_diff(old, new, "/dev/null" if not self.before else f"a/{self.key}", f"b/{self.key}")
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    def refused_fields(self) -> list[str]:
        """The keys the checker's errors point at, so that a prompt can ask for them again."""
        found = []
        for p in self.errors:
            name = self.fields.get(p.line)
            if p.code in FIELD_OF_CODE:
                name = (
                    f"{name.rsplit('.', 1)[0]}.{FIELD_OF_CODE[p.code]}"
                    if name and "." in name
                    else FIELD_OF_CODE[p.code]
                )
            if name and name not in found:
                found.append(name)
        return found


# A rule that reports on one line about a value written on another: the value to ask again.
FIELD_OF_CODE = {"deadline-required": "deadline", "report-required": "report"}


def _problem_key(p: Problem) -> tuple:
    return (p.code, p.message)


def _check_files(files: dict[str, bytes], prefix: str, today: dt.date) -> list[Problem]:
    register, problems = load_register_files(files, register_prefix=prefix)
    return check_register(register, problems, today).problems


def _judge(edit: FileEdit, opened: OpenDocument) -> FileEdit:
    """Run the checker on the file as it would be: what it adds (not what was there) is the verdict.

    Only this document and the register's settings files are read: an entry appended to one
    document cannot change what the rules say about any other document."""
    before = _check_files(opened.files, opened.prefix, opened.today)
    after = _check_files({**opened.files, opened.key: edit.after.encode("utf-8")}, opened.prefix, opened.today)
    old = [_problem_key(p) for p in before if p.file == opened.key]
    for p in after:
        if p.file != opened.key:
            continue
        if _problem_key(p) in old:
            old.remove(_problem_key(p))
            continue
        (edit.errors if p.severity == "error" else edit.warnings).append(p)
    return edit


def _append(opened: OpenDocument, parent: tuple, key: str, entry: dict, what: str, before: tuple = ()) -> FileEdit:
    after, line = append_entry(opened.text, parent, key, entry, before=before)
    old_value, _, _ = parse_yaml(opened.text.encode("utf-8"), opened.key)
    new_value, _, problems = parse_yaml(after.encode("utf-8"), opened.key)
    if problems or _plain(new_value) != _plain(_with_entry(old_value, parent, key, entry)):
        raise EditRefused(
            f"Không thêm được {what} vào {opened.key} một cách an toàn (cách viết của tệp khác thường).",
            "Thêm mục này bằng tay theo «Hướng dẫn», rồi chạy «nhiemvu check».",
        )
    flow = after.split("\n")[line - 1].lstrip().startswith("- {")
    fields = {} if flow else {line + offset: name for offset, name in enumerate(entry)}
    edit = FileEdit(opened.path, opened.key, opened.text, after, what, fields=fields, line=line)
    return _judge(edit, opened)


def progress_entry(answers: dict) -> dict:
    """A progress entry in the order the register writes its keys, without empty values."""
    return {k: _clean_value(answers[k]) for k in PROGRESS_KEYS if answers.get(k) not in (None, "")}


def extension_entry(answers: dict) -> dict:
    return {k: _clean_value(answers[k]) for k in EXTENSION_KEYS if answers.get(k) not in (None, "")}


def task_entry(task_id: int, answers: dict) -> dict:
    entry = {"id": task_id}
    for k in TASK_KEYS[1:]:
        value = answers.get(k)
        if value in (None, "", []):
            continue
        entry[k] = [c.strip().upper() for c in value] if k == "coordinators" else _clean_value(value)
    for k in ("assignee", "monitor"):
        if isinstance(entry.get(k), str):
            entry[k] = entry[k].upper()
    return entry


def _clean_value(value):
    return " ".join(unicodedata.normalize("NFC", value).split()) if isinstance(value, str) else value


def plan_progress(opened: OpenDocument, task: Task, answers: dict) -> FileEdit:
    """A new progress entry at the end of the task's `progress`, checked, not written."""
    entry = progress_entry(answers)
    return _append(opened, ("tasks", task.index), "progress", entry, f"tiến độ ngày {fmt_date(entry['date'])}")


def plan_extension(opened: OpenDocument, task: Task, answers: dict) -> FileEdit:
    """A new extension at the end of the task's `extensions` (created before `progress`)."""
    entry = extension_entry(answers)
    return _append(
        opened,
        ("tasks", task.index),
        "extensions",
        entry,
        f"gia hạn đến {fmt_date(entry['deadline'])}",
        before=("progress",),
    )


def next_task_id(document: Document, used: set[int] = frozenset()) -> int:
    """One more than any id the document has, or ever had (`used`, from Git history): an id is never reused."""
    return max([t.id for t in document.tasks] + list(used) + [0]) + 1


def task_ids_in_text(text: str) -> set[int]:
    """Every task id of a document's text, even of tasks the loader left out for their errors."""
    value, _, _ = parse_yaml(text.encode("utf-8"), "x.yaml")
    tasks = value.get("tasks") if isinstance(value, dict) else None
    return {t["id"] for t in tasks or [] if isinstance(t, dict) and isinstance(t.get("id"), int)}


def plan_task(opened: OpenDocument, answers: dict, used: set[int] = frozenset()) -> FileEdit:
    """A new task at the end of the document's `tasks`, with the next free id."""
    task_id = next_task_id(opened.document, set(used) | task_ids_in_text(opened.text))
    entry = task_entry(task_id, answers)
    return _append(opened, (), "tasks", entry, f"nhiệm vụ {task_id}")


def write_edit(edit: FileEdit) -> None:
    """Write atomically (a temporary file renamed over the old one), and only if nobody changed
    the file since it was read; a new file is never written over an existing one."""
    path = edit.path
    if edit.before:
        if path.read_bytes().decode("utf-8", errors="replace") != edit.before:
            raise EditRefused(f"Tệp {edit.key} vừa bị thay đổi trong lúc lệnh chạy; chưa ghi gì.", "Chạy lại lệnh.")
    elif path.exists():
        raise NhiemvuError(f"Đã có tệp {edit.key}; lệnh không ghi đè.", "Mở tệp đó để thêm nhiệm vụ.")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.nhiemvu.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(edit.after)
        if edit.before:
            tmp.replace(path)
        else:
            _place_new(tmp, path, edit)
    finally:
        tmp.unlink(missing_ok=True)


def _place_new(tmp: Path, path: Path, edit: FileEdit) -> None:
    """Put a new file in place without ever replacing one that appeared meanwhile."""
    try:
        os.link(tmp, path)  # atomic, and fails if the name is taken
    except FileExistsError:
        raise NhiemvuError(f"Đã có tệp {edit.key}; lệnh không ghi đè.", "Mở tệp đó để thêm nhiệm vụ.") from None
    except OSError:  # a file system without hard links (some network shares)
        with open(path, "x", encoding="utf-8", newline="") as handle:
            handle.write(edit.after)


# -- new: a document file from answers --------------------------------------------------------------

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
    if isinstance(value, str) and _PLAIN.fullmatch(value):  # fullmatch: `$` alone allows a final newline
        return value  # what PyYAML would write, without its emitter (ten times faster: import writes thousands)
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


# The key order of the shipped files (and of the contract's example).
FILE_KEYS = ("number", "title", "issued", "signer", "submitted_by", "urgency", "secrecy", "tasks")
FILE_TASK_KEYS = (*TASK_KEYS, "extensions", "progress")
EXTENSION_KEYS = ("deadline", "document", "date")
PROGRESS_KEYS = ("date", "status", "note", "delay_reason", "report", "recommendation")


def _ordered(item: dict, keys: tuple[str, ...]) -> list[str]:
    return [k for k in keys if k in item] + [k for k in item if k not in keys]


def _value(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, dt.date):
        return value.isoformat()
    return _scalar(value)


def document_lines(doc: dict) -> tuple[list[str], dict[int, str]]:
    """The lines of a document file, and the key written on each (`tasks.2.deadline`)."""
    lines = [MODELINE.rstrip("\n")]
    fields: dict[int, str] = {}
    for key in _ordered(doc, FILE_KEYS):
        if key != "tasks":
            fields[len(lines) + 1] = key
            lines.append(f"{key}: {_value(doc[key])}")
            continue
        lines.append("tasks:" if doc["tasks"] else "tasks: []")
        for i, task in enumerate(doc["tasks"]):
            for j, name in enumerate(_ordered(task, FILE_TASK_KEYS)):
                lead = "  - " if j == 0 else "    "
                value = task[name]
                fields[len(lines) + 1] = f"tasks.{i}.{name}"
                if name == "coordinators":
                    lines.append(f"{lead}coordinators: [{', '.join(_scalar(c) for c in value)}]")
                elif name in ("extensions", "progress"):
                    lines.append(f"{lead}{name}:" if value else f"{lead}{name}: []")
                    keys = EXTENSION_KEYS if name == "extensions" else PROGRESS_KEYS
                    for item in value:
                        for k, key2 in enumerate(_ordered(item, keys)):
                            lines.append(f"{'      - ' if k == 0 else '        '}{key2}: {_value(item[key2])}")
                else:
                    lines.append(f"{lead}{name}: {_value(value)}")
    return lines, fields


def render_document(doc: dict) -> str:
    """The text of a document file, exactly as the shipped files are written: the schema modeline,
    keys in the contract's order, one task after the other, `coordinators` as a flow list
    (`[SNNMT, SXD]`), extensions and progress entries as block lists, an empty list as `[]`.
    Values are plain YAML scalars, quoted only where YAML would read them as something else.
    The one renderer of document files (`new`, `import`); `doc` holds plain values (dates as dates)."""
    return "\n".join(document_lines(doc)[0]) + "\n"


def document_text(answers: dict) -> tuple[str, dict[int, str]]:
    """A new document file, and the key written on each line (`tasks.2.deadline` for a task's).

    `progress` and `extensions` are written only when there is an entry: the guide tells clerks
    to add `progress:` under a task, and a `progress: []` already there would make that a
    duplicate key."""
    doc = {
        "number": _clean_value(answers.get("number")),
        "title": _clean_value(answers.get("title")),
        "issued": answers.get("issued"),
        "signer": answers["signer"].strip().upper(),
        "submitted_by": answers["submitted_by"].strip().upper() if answers.get("submitted_by") else None,
        "urgency": answers.get("urgency") or "normal",
        "secrecy": "none",
        "tasks": [task_entry(i + 1, task) for i, task in enumerate(answers.get("tasks") or [])],
    }
    lines, fields = document_lines(doc)
    return "\n".join(lines) + "\n", fields


def render(fields: dict, issued: dt.date) -> str:
    """The one-task form of `document_text` (flat answers, as the first version of `new` took)."""
    task = {k: fields.get(k) for k in ("content", "assignee", "monitor", "classification", "deadline")}
    return document_text({**fields, "issued": issued, "tasks": [task]})[0]


def date_or_problem(text, what: str, file: str) -> tuple[dt.date | None, list[Problem]]:
    """A date given to an option (`file` names the option), or the problem saying it is none."""
    if isinstance(text, dt.date):
        return text, []
    day = parse_day_vi(str(text))
    if day is not None:
        return day, []
    return None, [
        problem(
            "date-format",
            file,
            0,
            0,
            f"{what} «{text}» không phải một ngày có thật.",
            "Viết dạng YYYY-MM-DD (ví dụ 2026-03-25) hoặc ngày/tháng/năm (25/3/2026).",
        )
    ]


def plan_document(register_dir: Path, answers: dict) -> FileEdit:
    """The new file documents/<year>/<slug>.yaml and what the whole checker says of it (not written)."""
    register_dir = Path(register_dir)
    repo_root = find_repo_root(register_dir)
    prefix = _register_prefix(register_dir, repo_root)
    rel = document_relpath(answers["number"].strip(), answers["issued"].year)
    key = f"{prefix}/{rel}"
    text, fields = document_text(answers)
    edit = FileEdit(register_dir / rel, key, "", text, f"văn bản {answers['number'].strip()}", fields=fields)
    if edit.path.exists():
        edit.errors.append(
            problem(
                "file-exists",
                key,
                0,
                0,
                f"Đã có tệp {rel} cho văn bản {answers['number']} năm {answers['issued'].year}.",
                "Mở tệp đó để thêm nhiệm vụ (hoặc dùng «nhiemvu add-task»); mỗi văn bản chỉ có một tệp.",
            )
        )
        return edit
    files, _ = read_register_files(register_dir, repo_root)
    files[key] = text.encode("utf-8")
    register, load_problems = load_register_files(files, register_prefix=prefix)
    for p in check_register(register, load_problems, today_for(register.settings)).problems:
        if p.file == key or (p.code == "duplicate-number" and answers["number"].strip() in p.message):
            (edit.errors if p.severity == "error" else edit.warnings).append(_for_new(p, answers))
    return edit


def _for_new(found: Problem, answers: dict) -> Problem:
    """A problem of the file `new` has not written: no edit of that file applies (its `fix` is
    dropped); a number that can be written right is given back as the option to run again with."""
    hint = found.hint
    if found.code == "number-format":
        suggested = suggest_number(answers["number"])
        if suggested:
            hint = f"Chạy lại lệnh với --number {shlex.quote(suggested)}."
    return dataclasses.replace(found, hint=hint, fix=())


def create_document(register_dir: Path, fields: dict) -> tuple[Path | None, list[Problem]]:
    """Write documents/<year>/<slug>.yaml from flat answers if it passes the checker; never overwrite."""
    issued, problems = date_or_problem(fields["issued"], "Ngày ban hành", "--issued")
    task = {k: fields.get(k) for k in ("content", "assignee", "monitor", "classification", "deadline")}
    if fields.get("deadline"):
        task["deadline"], more = date_or_problem(fields["deadline"], "Thời hạn", "--deadline")
        problems += more
    if problems:
        return None, problems
    edit = plan_document(register_dir, {**fields, "issued": issued, "tasks": [task]})
    if edit.errors:
        return None, edit.errors
    write_edit(edit)
    return edit.path, []


# -- drafts: what was typed is never lost -----------------------------------------------------------

DRAFTS = ".nhiemvu/nhap"  # under the repository root; ignored by Git


def _draft_safe(value):
    if isinstance(value, dict):
        return {str(k): _draft_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_draft_safe(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def save_draft(register_dir: Path, command: str, answers: dict, target: str = "") -> Path:
    """Keep the answers typed so far in a YAML file the clerk can resume from (or copy from)."""
    repo_root = find_repo_root(Path(register_dir))
    folder = repo_root / DRAFTS
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir()) / "nhiemvu-nhap"
        folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(DEFAULT_ZONE).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{command}-{stamp}.yaml"
    n = 2
    while path.exists():
        path, n = folder / f"{command}-{stamp}-{n}.yaml", n + 1
    body = {"lenh": command, "doi_tuong": target, "tra_loi": _draft_safe(answers)}
    text = (
        f"# Bản nháp của «nhiemvu {command}»: các câu trả lời đã gõ, chưa ghi vào sổ.\n"
        f"# Tiếp tục: nhiemvu {command} --from-draft {path}\n"
    ) + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1_000_000)
    path.write_text(text, encoding="utf-8")
    return path


def load_draft(path: Path, command: str) -> tuple[dict, str]:
    """The answers and target of a draft saved by `save_draft` for the same command."""
    try:
        body = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise UsageError(f"Không đọc được bản nháp «{path}»: {exc}", "Kiểm tra đường dẫn tệp nháp.") from None
    if not isinstance(body, dict) or body.get("lenh") != command or not isinstance(body.get("tra_loi"), dict):
        raise UsageError(
            f"«{path}» không phải bản nháp của «nhiemvu {command}».", "Dùng tệp nháp mà lệnh này đã báo khi dừng."
        )
    return body["tra_loi"], str(body.get("doi_tuong") or "")


def append_progress(text: str, file: str, task_index: int, entries: list[dict]) -> str | None:
    """The file text with `entries` added at the end of the `progress` list of the task at
    `task_index` (as `nhiemvu progress` adds one), or None when the file is written in a way no
    entry can be added to safely (a list on one line): that file is left for the clerk."""
    for entry in entries:
        try:
            text, _ = append_entry(text, ("tasks", task_index), "progress", entry)
        except EditRefused:
            return None
    return text


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
