"""Safe YAML reading that keeps the line and column of every key and value.

PyYAML's C parser composes the node tree (fast); we then build plain Python values
ourselves so that we can record positions, refuse duplicate keys (PyYAML keeps the last
one silently) and refuse anchors and aliases (the "billion laughs" bomb). Dicts and lists
come back as `LocDict` / `LocList`: ordinary dicts and lists that also carry the marks of
their items.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from dataclasses import dataclass
from sys import intern

import yaml

from generator.register.loader_codes import problem
from generator.register.problems import Fix, Problem
from generator.vi import CONTROL_CHARS, char_name, has_control, printable, truncate

MAX_FILE_BYTES = 1_000_000
# Levels of lists and mappings a file may nest. A register file needs five (document → tasks →
# task → progress → entry); libyaml stops at 1,000, but building values that deep overflows
# Python's stack long before, so deeper files are refused with their own code.
MAX_DEPTH = 20
MAX_CONTROL_PROBLEMS = 5  # characters named one by one in a file; the rest are counted

try:  # the C parser with no implicit typing: we resolve plain scalars ourselves (faster, and
    # only the types a register uses: null, bool, int, float, date)
    _Base = yaml.CBaseLoader
except AttributeError:  # pragma: no cover
    _Base = yaml.BaseLoader


class _Loader(_Base):
    """The parser calls resolve(kind, value, implicit) once per node to get a default tag.

    We never use the default tag of a collection and resolve scalars ourselves, so any
    callable returning the string tag will do; a bound str.format runs in C and ignores
    its arguments, which saves a Python call per node (a tenth of the parse time).
    """

    resolve = "tag:yaml.org,2002:str".format


_constructor = yaml.constructor.SafeConstructor()

T_NULL = "tag:yaml.org,2002:null"
T_BOOL = "tag:yaml.org,2002:bool"
T_INT = "tag:yaml.org,2002:int"
T_FLOAT = "tag:yaml.org,2002:float"
T_STR = "tag:yaml.org,2002:str"
T_TIMESTAMP = "tag:yaml.org,2002:timestamp"
T_MAP = "tag:yaml.org,2002:map"
T_SEQ = "tag:yaml.org,2002:seq"

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_DATE_LIKE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$")
# YAML 1.1 implicit types, as PyYAML's SafeLoader resolves them (yaml/resolver.py).
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {v: True for v in ("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")}
_BOOLS.update({v: False for v in ("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")})
_INT = re.compile(
    r"""^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$""",
    re.X,
)
_FLOAT = re.compile(
    r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.X,
)
_TIMESTAMP = re.compile(
    r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
    |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?
    (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
    re.X,
)
_FIRST = frozenset("0123456789-+.~nNtTfFyYoO")
_NUMERIC_FIRST = frozenset("0123456789-+.")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DECIMAL = re.compile(r"^-?(?:0|[1-9][0-9]*)$")  # the one integer form a register uses
_DIGITS = re.compile(r"^[-+]?[0-9_]+$")  # leading zeros, a plus sign or underscores: meant as decimal


class LocDict(dict):
    """A dict that also knows where each key and value stood: marks[key] = (kl, kc, vl, vc)."""

    __slots__ = ("marks", "line", "column", "texts")


class LocList(list):
    """A list that also knows where each item stood: marks[i] = (line, column)."""

    __slots__ = ("marks", "line", "column", "texts")


@dataclass(frozen=True, slots=True)
class Invalid:
    """A scalar that could not become a value (a date that does not exist, an unknown tag).

    The problem has already been reported; later checks skip it instead of reporting again.
    """

    raw: str


@dataclass(frozen=True, slots=True)
class OddInteger(Invalid):
    """An integer in one of YAML 1.1's surprising forms: what YAML reads (`number`) and what the
    clerk most likely meant (`meant`: the digits read as decimal, else YAML's value)."""

    number: int
    meant: int


@dataclass(slots=True)
class Positions:
    """Looks up the line and column of a value by its path, e.g. ("tasks", 0, "deadline")."""

    root: object

    def of(self, path: tuple) -> tuple[int, int]:
        """Position of the value at `path`, or of its nearest ancestor that exists."""
        node, best = self.root, (getattr(self.root, "line", 1), getattr(self.root, "column", 1))
        for step in path:
            if isinstance(node, LocDict) and step in node:
                mark = node.marks[step]
                best, node = (mark[2], mark[3]), node[step]
            elif isinstance(node, LocList) and isinstance(step, int) and 0 <= step < len(node):
                best, node = node.marks[step], node[step]
            else:
                break
        return best

    def key_of(self, path: tuple) -> tuple[int, int]:
        """Position of the key that holds the value at `path` (the line a reader looks at)."""
        if not path:
            return self.of(path)
        parent = self._get(path[:-1])
        if isinstance(parent, LocDict) and path[-1] in parent:
            mark = parent.marks[path[-1]]
            return mark[0], mark[1]
        return self.of(path)

    def line_of(self, path: tuple) -> int:
        return self.key_of(path)[0]

    def _get(self, path: tuple):
        node = self.root
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return None
        return node


def _problem(code: str, file: str, line: int, col: int, message: str, hint: str = "", fix=()) -> Problem:
    return problem(code, file, line, col, message, hint, fix)


def too_large(file: str, size: int, limit: int = MAX_FILE_BYTES) -> Problem:
    return _problem(
        "file-too-large",
        file,
        0,
        0,
        f"Tệp quá lớn ({size:,} byte), giới hạn là {limit:,} byte.".replace(",", "."),
        "Tách văn bản thành nhiều tệp nhỏ hơn hoặc kiểm tra xem tệp có bị dán nhầm nội dung không.",
    )


def _precheck(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Size, byte-order mark, encoding and tab indentation, before YAML sees the text."""
    if len(data) > MAX_FILE_BYTES:
        return None, [too_large(file, len(data))]
    if data.startswith(_BOMS):
        return None, [
            _problem(
                "bom",
                file,
                1,
                1,
                "Tệp bắt đầu bằng dấu BOM (byte-order mark).",
                "Lưu lại tệp dạng UTF-8 không BOM (trong VS Code: «Save with Encoding» → «UTF-8»).",
                [Fix("resave")] if data.startswith(_BOMS[0]) else [],
            )
        ]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            _problem(
                "not-utf8",
                file,
                line,
                col,
                "Tệp không phải mã UTF-8 (có thể là TCVN3, VNI hoặc Windows-1258).",
                "Mở tệp và lưu lại với mã hóa UTF-8; nếu văn bản được dán từ Word cũ, hãy chuyển mã "
                "bằng Unikey (công cụ chuyển mã) sang Unicode.",
            )
        ]
    problems = []
    if "\t" in text:
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            stripped = line.lstrip(" \t")
            indent = line[: len(line) - len(stripped)]
            if "\t" in indent:
                width = _indent_for(lines, number - 1)
                new = " " * width + stripped
                problems.append(
                    _problem(
                        "tab-indent",
                        file,
                        number,
                        indent.index("\t") + 1,
                        "Dòng thụt lề bằng phím Tab.",
                        f"YAML chỉ cho thụt lề bằng dấu cách: xóa các Tab đầu dòng {number} và thụt {width} dấu cách, "
                        f"thành «{new.strip()}» thẳng cột với các dòng cùng cấp.",
                        [Fix("line", new, line=number)],
                    )
                )
    return text, problems


def _indent_for(lines: list[str], index: int) -> int:
    """How many spaces a tab-indented line needs, from the line above it (the usual layouts: a
    key under «key:», a key of the same list item, another item of the same list)."""
    this = lines[index].lstrip(" \t")
    for above in reversed(lines[:index]):
        body = above.lstrip(" \t")
        if not body.strip() or body.startswith("#") or "\t" in above[: len(above) - len(body)]:
            continue
        indent = len(above) - len(body)
        if body.rstrip().endswith(":"):
            return indent + 2
        if body.startswith("- "):
            return indent if this.startswith("- ") else indent + 2
        return indent
    return 0


MAX_ANCHOR_PROBLEMS = 5  # a "billion laughs" file has hundreds of aliases: name a few, count the rest


def _anchor_problems(text: str, file: str) -> list[Problem]:
    """Anchors (&x) and aliases (*x): only looked for when those characters appear at all."""
    problems = []
    more = 0
    events = [e for e in yaml.parse(text, Loader=_Loader) if getattr(e, "anchor", None) is not None]
    values = _anchored_values(text, events)
    for event in events:
        anchor = event.anchor
        if len(problems) >= MAX_ANCHOR_PROBLEMS:
            more += 1
            continue
        mark = event.start_mark
        what = "bí danh (alias)" if isinstance(event, yaml.AliasEvent) else "neo (anchor)"
        value = values.get(anchor)
        if value is None:
            hint, fix = "Viết đầy đủ giá trị tại mỗi chỗ cần dùng thay cho &tên / *tên.", []
        else:
            places = [e for e in events if e.anchor == anchor]
            hint = (
                f"Viết đầy đủ giá trị «{value}» thay cho «&{anchor}» và cho mỗi «*{anchor}» "
                f"(dòng {', '.join(str(e.start_mark.line + 1) for e in places)})."
            )
            fix = [Fix("replace", value, line=e.start_mark.line + 1, column=e.start_mark.column + 1) for e in places]
        problems.append(
            _problem(
                "anchor-alias",
                file,
                mark.line + 1,
                mark.column + 1,
                f"Sổ theo dõi không dùng {what} YAML «{anchor}».",
                hint,
                fix,
            )
        )
    if more:
        last = problems[-1]
        problems[-1] = dataclasses.replace(
            last,
            message=last.message + f" Còn {more} neo/bí danh khác trong tệp.",
        )
    return problems


def _anchored_values(text: str, events: list) -> dict[str, str]:
    """anchor → its value as written without the anchor, for anchors on a one-line scalar."""
    out = {}
    for event in events:
        if isinstance(event, yaml.ScalarEvent):
            raw = text[event.start_mark.index : event.end_mark.index]
            value = re.sub(r"^&\S+\s+", "", raw)
            if value and "\n" not in value and not value.startswith(("!", "&")):
                out[event.anchor] = value
    return out


# PyYAML's messages, said in Vietnamese (the original follows in brackets for experts).
_SYNTAX_VI = (
    (
        "mapping values are not allowed",
        "có dấu «:» ở chỗ không được phép — giá trị có dấu hai chấm phải đặt trong ngoặc kép",
    ),
    ("could not find expected ':'", "thiếu dấu «:» sau tên khóa, hoặc dòng trước chưa đóng ngoặc kép"),
    ("did not find expected key", "thụt lề không đều hoặc thiếu dấu «-» ở đầu mục"),
    ("did not find expected '-' indicator", "thụt lề không đều giữa các mục của danh sách"),
    ("did not find expected ',' or ']'", "danh sách […] chưa đóng dấu «]» hoặc thiếu dấu phẩy"),
    ("did not find expected ',' or '}'", "nhóm {…} chưa đóng dấu «}» hoặc thiếu dấu phẩy"),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng: thiếu ngoặc kép hoặc ngoặc đóng"),
    ("expected a single document in the stream", "tệp chỉ được có một phần: xóa dòng «---» thừa"),
    ("but found another document", "tệp chỉ được có một phần: xóa dòng «---» thừa"),
    ("found unknown escape character", "ký tự «\\» trong ngoặc kép không hợp lệ: dùng ngoặc đơn hoặc viết «\\\\»"),
    (
        "found character that cannot start any token",
        "có ký tự không được đứng đầu giá trị (như «@», «`», «%»): đặt giá trị trong ngoặc kép",
    ),
    ("found character '\\t' that cannot start any token", "có phím Tab: thay bằng dấu cách"),
    ("expected <block end>, but found", "thụt lề không đều: các khóa cùng cấp phải thẳng cột"),
    ("expected <document start>", "dòng đầu tiên có nội dung thừa; tên khóa phải viết sát lề trái"),
    ("found undefined alias", "dùng bí danh «*…» không có: viết đầy đủ giá trị"),
    ("found duplicate anchor", "neo «&…» trùng tên"),
)


def _vietnamese(detail: str) -> str:
    for english, vietnamese in _SYNTAX_VI:
        if english in detail:
            return f"{vietnamese} [{detail}]"
    return detail


_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[A-Za-z_][A-Za-z0-9_]*): +(?P<value>[^\s\"'\[{|>].*?)\s*$")


def _syntax_problem(exc: yaml.YAMLError, file: str, text: str = "") -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    detail = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if context:
        detail = f"{context}; {detail}"
    hint = (
        "Kiểm tra thụt lề (mỗi cấp 2 dấu cách), dấu hai chấm sau tên khóa, dấu «-» đầu mỗi mục; "
        "đặt giá trị có dấu «:» hoặc «#» trong ngoặc kép."
    )
    fix = []
    lines = text.split("\n") if not any(c in text for c in "\r\x85\u2028\u2029") else []  # YAML's own line breaks
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    found = _KEY_VALUE.match(source) if "mapping values are not allowed" in detail else None
    if found and ": " in found["value"]:
        value = found["value"]
        new = f'{found["lead"]}{found["key"]}: "' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        hint = f"Giá trị có dấu «:» phải đặt trong ngoặc kép: sửa dòng {line} thành «{new.strip()}»."
        fix = [Fix("line", new, line=line)]
    return _problem("yaml-syntax", file, line, col, f"Lỗi cú pháp YAML: {_vietnamese(detail)}.", hint, fix)


def parse_yaml(data: bytes, file: str) -> tuple[object, Positions, list[Problem]]:
    """Parse one file. On any refusal the value is None and the problems say why.

    Control characters are reported and left out of the values (the rest of the file is still
    read), so nothing downstream — pages, workbooks, terminals — ever receives them.
    """
    text, problems = _precheck(data, file)
    if text is None or problems:
        return None, Positions(None), problems
    text, controls = _raw_controls(text, file)
    if "&" in text or "*" in text:
        try:
            problems = _anchor_problems(text, file)
        except yaml.YAMLError as exc:
            return None, Positions(None), [*controls, _syntax_problem(exc, file, text)]
        if problems:
            return None, Positions(None), controls + problems
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        return None, Positions(None), [*controls, _syntax_problem(exc, file, text)]
    except RecursionError:  # the pure-Python parser, without libyaml's own nesting limit
        return None, Positions(None), [*controls, _too_deep(file, 0, 0)]
    if node is None:
        return None, Positions(None), controls
    builder = _Builder(file, text)
    try:
        value = builder.build(node)
    except _TooDeep as deep:
        return None, Positions(None), [*controls, _too_deep(file, deep.mark.line + 1, deep.mark.column + 1)]
    if isinstance(value, LocDict | LocList):  # a list file too (agencies.yaml): `nhiemvu fix` reads them
        value.texts = builder.texts
    return value, Positions(value), controls + builder.problems


class _TooDeep(Exception):
    def __init__(self, mark) -> None:
        self.mark = mark


def _too_deep(file: str, line: int, col: int) -> Problem:
    return _problem(
        "nesting-too-deep",
        file,
        line,
        col,
        f"Tệp lồng quá {MAX_DEPTH} cấp danh sách hoặc nhóm «khóa: giá trị»; sổ theo dõi chỉ cần vài cấp.",
        "Xóa các dấu «[», «{» hoặc «- » thừa từ dòng này (thường do dán nhầm), để mỗi giá trị chỉ lồng "
        "đúng như mẫu văn bản.",
    )


def _raw_controls(text: str, file: str) -> tuple[str, list[Problem]]:
    """Control characters typed (or pasted) into the file itself: reported with their line and
    column, then removed so that YAML reads the rest. A carriage return ends lines (CRLF): kept."""
    if not has_control(text):
        return text, []
    found = [m for m in CONTROL_CHARS.finditer(text) if m.group() != "\r"]
    if not found:
        return text, []
    problems = []
    for match in found[:MAX_CONTROL_PROBLEMS]:
        start = match.start()
        line = text.count("\n", 0, start) + 1
        col = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(_control_problem(file, line, col, match.group(), quoted=False))
    if len(found) > MAX_CONTROL_PROBLEMS:
        last = problems[-1]
        more = len(found) - MAX_CONTROL_PROBLEMS
        problems[-1] = dataclasses.replace(last, message=last.message + f" Còn {more} ký tự như vậy trong tệp.")
    return CONTROL_CHARS.sub(_keep_carriage_return, text), problems


def _keep_carriage_return(match: re.Match) -> str:
    char = match.group()
    return char if char == "\r" else printable(char)


# The command that cleans a file, as typed for a register in register/ (the checker names the
# register's own folder when it is elsewhere: see check.register_commands).
FIX_COMMAND = "nhiemvu fix"


def _control_problem(file: str, line: int, col: int, char: str, *, quoted: bool, value: str = "") -> Problem:
    where = f"Chữ «{truncate(printable(value), 50)}» có" if value else "Tệp có"
    how = " (viết dạng thoát «\\…» trong ngoặc kép)" if quoted else ""
    return _problem(
        "control-character",
        file,
        line,
        col,
        f"{where} ký tự điều khiển ẩn {char_name(char)}{how}.",
        f"Chạy «{FIX_COMMAND}» để xóa tự động"
        + (", hoặc xóa đoạn «\\…» đó trong ngoặc kép." if quoted else ", hoặc xóa ký tự đó (thường lẫn vào khi dán)."),
        [Fix("command", FIX_COMMAND)],
    )


def without_controls(text: str, clean=lambda value: value) -> tuple[str, int]:
    """The file text with every control character gone (see CONTROL_CHARS), and how many places
    changed: typed ones are removed from the text, and a double-quoted value whose escapes make
    one («"\\v"», «"\\u202e"») is written again without them, through `clean`. For `nhiemvu fix`;
    the text must otherwise parse (else it is returned as it is)."""
    raw = [m for m in CONTROL_CHARS.finditer(text) if m.group() != "\r"]
    text = CONTROL_CHARS.sub(_keep_carriage_return, text) if raw else text
    changed = len(raw)
    if "\\" not in text:
        return text, changed
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return text, changed
    spans = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if node.__class__ is yaml.ScalarNode:
            if node.style == '"' and CONTROL_CHARS.search(node.value):
                spans.append((node.start_mark.index, node.end_mark.index, node.value))
        elif node.__class__ is yaml.MappingNode:
            stack.extend(part for pair in node.value for part in pair)
        else:
            stack.extend(node.value)
    for start, end, value in sorted(spans, reverse=True):
        # a JSON string is a YAML double-quoted scalar whose only escapes are \" \\ \n \t
        text = text[:start] + json.dumps(clean(printable(value)), ensure_ascii=False) + text[end:]
    return text, changed + len(spans)


def texts_of(value) -> list[tuple[str, int, int]]:
    """Every string value of a parsed file with its line and column, collected while parsing."""
    return getattr(value, "texts", None) or []


class _Builder:
    def __init__(self, file: str, text: str = ""):
        self.file = file
        self.text = text
        self.depth = 0  # lists and mappings open around the node being built
        self.escapes = "\\" in text  # only a double-quoted escape can still make a control character
        self.problems: list[Problem] = []
        self.texts: list[tuple[str, int, int]] = []  # (value, line, column) of every string

    def _clean(self, node, value: str) -> str:
        """A double-quoted string's value without the control characters its escapes made."""
        if not self.escapes or node.style != '"' or not has_control(value):
            return value
        match = CONTROL_CHARS.search(value)
        mark = node.start_mark
        self.problems.append(
            _control_problem(self.file, mark.line + 1, mark.column + 1, match.group(), quoted=True, value=value)
        )
        return printable(value)

    def build(self, node):
        cls = node.__class__
        if cls is yaml.ScalarNode:
            return self._scalar(node)
        if self.depth == MAX_DEPTH:
            raise _TooDeep(node.start_mark)  # the builder is dropped: no need to unwind depth
        self.depth += 1
        if cls is yaml.MappingNode:
            out = self._mapping(node) if node.tag in _PLAIN_COLLECTION else self._bad_tag(node)
        elif node.tag not in _PLAIN_COLLECTION:
            out = self._bad_tag(node)
        else:
            out = LocList()
            marks = []
            append, mark_append = out.append, marks.append
            for item in node.value:
                append(self.build(item))
                m = item.start_mark
                mark_append((m.line + 1, m.column + 1))
            out.marks = marks
            out.line, out.column = node.start_mark.line + 1, node.start_mark.column + 1
        self.depth -= 1
        return out

    def _mapping(self, node):
        out = LocDict()
        marks = {}
        texts = self.texts
        scalar_node = yaml.ScalarNode
        for key_node, value_node in node.value:
            km, vm = key_node.start_mark, value_node.start_mark
            if key_node.__class__ is not scalar_node:
                self.problems.append(
                    _problem(
                        "yaml-syntax",
                        self.file,
                        km.line + 1,
                        km.column + 1,
                        "Tên khóa phải là một chữ đơn giản.",
                        "Viết khóa dạng «ten_khoa: giá trị».",
                    )
                )
                continue
            key = intern(self._clean(key_node, key_node.value))  # one copy of «content» for 10,000 tasks
            if key in marks:
                self.problems.append(
                    _problem(
                        "duplicate-key",
                        self.file,
                        km.line + 1,
                        km.column + 1,
                        f"Khóa «{key}» xuất hiện hai lần (lần đầu ở dòng {marks[key][0]}).",
                        f"Xóa «{key}» ở dòng {km.line + 1} (lần ghi thứ hai); nếu chính dòng này mới đúng thì xóa "
                        f"dòng {marks[key][0]} thay vào đó.",
                        [Fix("delete", line=km.line + 1, column=km.column + 1)],
                    )
                )
                continue
            vline, vcol = vm.line + 1, vm.column + 1
            if value_node.__class__ is scalar_node and value_node.tag == T_STR:
                # the common case inline: a plain word or a quoted string
                text = value_node.value
                if value_node.style or (text and text[0] not in _FIRST):
                    text = self._clean(value_node, text)
                    texts.append((text, vline, vcol))
                    out[key] = text
                else:
                    out[key] = self._scalar(value_node)
            else:
                out[key] = self.build(value_node)
            marks[key] = (km.line + 1, km.column + 1, vline, vcol)
        out.marks = marks
        out.line, out.column = node.start_mark.line + 1, node.start_mark.column + 1
        return out

    def _scalar(self, node):
        value = node.value
        tag = node.tag
        if tag != T_STR:
            return self._tagged(node)
        if not node.style and (not value or value[0] in _FIRST):  # plain: None (Python) or "" (C)
            resolved = self._resolve_plain(node, value)
            if resolved is not _STR:
                return resolved
        value = self._clean(node, value)
        mark = node.start_mark
        self.texts.append((value, mark.line + 1, mark.column + 1))
        return value

    def _resolve_plain(self, node, value):
        """A plain scalar's YAML 1.1 type, as SafeLoader would give it."""
        index = node.start_mark.index
        if index < len(self.text) and self.text[index] == "!":
            return _STR  # explicitly tagged «!!str 5»: the parser gave it the plain string tag
        if value in _NULLS:
            return None
        if value in _BOOLS:
            return _BOOLS[value]
        if value[0] not in _NUMERIC_FIRST:
            return _STR
        if len(value) == 10 and _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return self._unreadable(node, True)
        try:
            if _INT.match(value):
                return self._integer(node)
            if _TIMESTAMP.match(value):
                return _constructor.construct_yaml_timestamp(node)
            if _FLOAT.match(value):
                return _constructor.construct_yaml_float(node)
        except (ValueError, OverflowError):
            return self._unreadable(node, _DATE_LIKE.match(value) is not None)
        return _STR

    def _integer(self, node):
        """An integer written as plain decimal digits; YAML 1.1's other forms (1:00 is 60, 010 is
        8, 0x2, 0b10, 1_000, +1) become an OddInteger, which the schema check refuses with the
        right advice for the key (a number there, or quotes around a time like 15:00)."""
        value = node.value.strip()
        number = _constructor.construct_yaml_int(node)
        if _DECIMAL.match(value):
            return number
        meant = int(value.replace("_", "")) if _DIGITS.match(value) else number
        return OddInteger(value, number, meant)

    def _unreadable(self, node, date_like: bool):
        mark = node.start_mark
        if date_like:
            self.problems.append(
                _problem(
                    "invalid-date",
                    self.file,
                    mark.line + 1,
                    mark.column + 1,
                    f"Ngày «{node.value}» không có trên lịch.",
                    "Kiểm tra lại ngày và tháng (ví dụ tháng 2 chỉ có 28 hoặc 29 ngày); viết dạng YYYY-MM-DD.",
                )
            )
        else:
            self.problems.append(
                _problem(
                    "wrong-type",
                    self.file,
                    mark.line + 1,
                    mark.column + 1,
                    f"Không đọc được giá trị «{node.value}».",
                    "Đặt giá trị trong ngoặc kép nếu đó là chữ.",
                )
            )
        return Invalid(node.value)

    def _tagged(self, node):
        """An explicitly tagged scalar (!!int 5): only the standard safe tags are accepted."""
        tag = node.tag
        try:
            if tag == T_NULL:
                return None
            if tag == T_INT:
                return self._integer(node)
            if tag == T_BOOL:
                return _constructor.construct_yaml_bool(node)
            if tag == T_TIMESTAMP:
                return _constructor.construct_yaml_timestamp(node)
            if tag == T_FLOAT:
                return _constructor.construct_yaml_float(node)
        except (ValueError, OverflowError, KeyError):
            return self._unreadable(node, tag == T_TIMESTAMP and _DATE_LIKE.match(node.value) is not None)
        return self._bad_tag(node)

    def _bad_tag(self, node):
        """Any other tag (!x, !!python/…), on a scalar, a list or a mapping: refused, not ignored."""
        mark = node.start_mark
        raw = self.text[mark.index : node.end_mark.index] if isinstance(node, yaml.ScalarNode) else ""
        value = re.sub(r"^!\S*\s+", "", raw)
        if value and value != raw and "\n" not in value:
            hint = f"Xóa phần bắt đầu bằng «!» trước giá trị: viết «{value}»."
            fix = [Fix("replace", value, line=mark.line + 1, column=mark.column + 1)]
        else:
            hint, fix = "Xóa phần bắt đầu bằng «!» trước giá trị.", []
        self.problems.append(
            _problem(
                "yaml-tag",
                self.file,
                mark.line + 1,
                mark.column + 1,
                f"Thẻ YAML «{node.tag}» không được dùng trong sổ theo dõi.",
                hint,
                fix,
            )
        )
        return Invalid(node.value if isinstance(node.value, str) else "")


_STR = object()
# Tags of an untagged list or mapping: our resolver gives every node the str tag (see _Loader).
_PLAIN_COLLECTION = frozenset((T_STR, T_MAP, T_SEQ))


def is_date(value) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def scalar_text(value) -> str:
    """How a clerk writes `value` in a register file: plain when YAML reads the plain text back
    as the same string, in double quotes otherwise (a hint's suggested value, typed as shown)."""
    if is_date(value):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = (
        text
        and text == text.strip()
        and "\n" not in text
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and text[0] not in "!&*{}[]|>'\"%@`#,?-:"
        and _resolve_plain_text(text) == text
    )
    if plain:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _resolve_plain_text(text: str):
    """What YAML makes of `text` written plain (None when it is not a plain string)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None
