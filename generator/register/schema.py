"""Structural validation driven by the shipped JSON Schemas.

The schemas in `generator/schemas/` are the single description of each file's shape: the
editor reads them to complete keys, and this module walks them to check a loaded file, with
Vietnamese messages and the line of each problem. Only the keywords listed in `_KNOWN`
are interpreted; `allOf`/`if`/`then` are left to the Python rules (a test checks that the
two agree with `jsonschema` itself).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from generator.register.loader_codes import problem
from generator.register.model import (
    AGENCY_KINDS,
    CLASSIFICATIONS,
    DAY_RANGE_VI,
    LEADS,
    SECRECY_LEVELS,
    STATUSES,
    URGENCIES,
    fold,
    in_day_range,
    letter_of,
)
from generator.register.problems import Fix, Problem
from generator.register.yamlsrc import Invalid, LocDict, LocList, OddInteger, Positions, is_date, scalar_text
from generator.vi import truncate

_TYPE_NAMES = {
    "object": "một nhóm khóa (mapping)",
    "array": "một danh sách (các dòng bắt đầu bằng «-»)",
    "string": "chữ",
    "integer": "số nguyên",
    "boolean": "true hoặc false",
    "null": "để trống (null)",
    "date": "ngày dạng YYYY-MM-DD",
}
# How to write a value of each expected type (every wrong-type problem says how to fix it).
_TYPE_HINTS = {
    "string": "Đặt giá trị trong ngoặc kép nếu muốn ghi chữ.",
    "array": "Viết dạng danh sách, ví dụ [STC, SNV], hoặc mỗi mục một dòng bắt đầu bằng «- ».",
    "object": "Viết các dòng «khóa: giá trị» thụt vào 2 dấu cách dưới dòng này.",
    "integer": "Viết một số nguyên, không có dấu chấm hay chữ, ví dụ 1.",
    "boolean": "Viết true (có) hoặc false (không).",
    "date": "Viết ngày dạng YYYY-MM-DD, ví dụ 2026-03-25.",
}
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
# The labels the site shows for each enumeration: what an allowed value means, in a hint.
_LABELS = (STATUSES, URGENCIES, SECRECY_LEVELS, CLASSIFICATIONS, AGENCY_KINDS, LEADS)
# A deadline written as a recurrence («hằng quý», «thường xuyên»…), once folded (`fold`).
_RECURRING = re.compile(r"\b(?:hang (?:ngay|tuan|thang|quy|nam)|thuong xuyen|dinh ky|lien tuc)\b")
# Small numbers written as words where a number belongs («id: một»).
_NUMBER_WORDS = {
    "mot": 1,
    "hai": 2,
    "ba": 3,
    "bon": 4,
    "tu": 4,
    "nam": 5,
    "sau": 6,
    "bay": 7,
    "tam": 8,
    "chin": 9,
    "muoi": 10,
}


def enum_meanings(schema: dict) -> dict[str, str]:
    """value → what it means, for an enumeration of the shipped schemas: the site's label of the
    value when it has one, else the first clause of the schema's own description of it."""
    values = [str(v) for v in schema.get("enum", ())]
    for labels in _LABELS:
        if set(values) <= set(labels):
            return {v: _lower_first(labels[v]) for v in values}
    described = schema.get("enumDescriptions") or []
    return {
        v: _lower_first(re.split(r"[.(:—;]", d, maxsplit=1)[0].strip()) for v, d in zip(values, described, strict=False)
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@cache
def load_schema(kind: str) -> dict:
    """The shipped schema of a file kind: register, agencies, signers, calendar, document."""
    text = resources.files("generator").joinpath("schemas", f"{kind}.schema.json").read_text("utf-8")
    return json.loads(text)


def _type_of(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if is_date(value):
        return "date"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, float):
        return "number"
    return type(value).__name__


def _show(value) -> str:
    if is_date(value):
        return value.isoformat()
    return truncate(str(value), 60)


def iso_hint(text: str) -> str | None:
    """`08/9/2017` → `2017-09-08`, when the text is a day/month/year date."""
    match = _DMY.match(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_CLASSES = {
    "object": {dict, LocDict},
    "array": {list, LocList},
    "string": {str},
    "integer": {int},
    "boolean": {bool},
    "null": {type(None)},
}
_VALUE_KEYWORDS = frozenset(("enum", "pattern", "minLength", "minimum", "maximum", "minItems", "uniqueItems"))
_PLANS: dict[int, tuple] = {}  # id(schema dict) → plan; schemas are loaded once and kept


def _iso_date(text: str) -> dt.date | None:
    if len(text) != 10:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _whole_number(value) -> int | None:
    """The integer a number written another way stands for (1.0, 1e3, 0o7), if it is one."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("_", "")
    try:
        return int(text, 0)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() and abs(number) < 1e15 else None


@dataclass(slots=True)
class Result:
    problems: list[Problem] = field(default_factory=list)
    bad_paths: list[tuple] = field(default_factory=list)


class Validator:
    """Walks one schema over one loaded file."""

    def __init__(self, schema: dict, file: str, positions: Positions):
        self.root = schema
        self.file = file
        self.pos = positions
        self.result = Result()
        self.value = None

    def run(self, value) -> Result:
        self.value = value  # the whole file: a hint may depend on a sibling value (a task's classification)
        self._check(value, self.root, ())
        return self.result

    def _report(self, code: str, path: tuple, message: str, hint: str = "", at_key: bool = False, fix=()):
        line, col = self.pos.key_of(path) if at_key else self.pos.of(path)
        self.result.problems.append(problem(code, self.file, line, col, message, hint, fix))
        self.result.bad_paths.append(path)

    def _resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local $ref is supported: {ref}")
            node = self.root
            for part in ref[2:].split("/"):
                node = node[part]
            schema = node
        return schema

    def _plan(self, schema: dict) -> tuple:
        """(resolved schema, classes that pass the type check as they are, more checks needed, schema)."""
        plan = _PLANS.get(id(schema))
        if plan is None:
            resolved = self._resolve(schema)
            types = resolved.get("type")
            allowed = {types} if isinstance(types, str) else set(types or ())
            direct = set()
            for name in allowed:
                direct |= _CLASSES.get(name, set())
            if resolved.get("format") == "date":
                direct.discard(str)
                direct.add(dt.date)
            more = bool(_VALUE_KEYWORDS & resolved.keys()) or bool(allowed & {"object", "array"})
            # the schema itself is kept in the entry so that its id can never be reused
            plan = _PLANS[id(schema)] = (resolved, frozenset(direct), more, schema)
        return plan

    def _check(self, value, schema: dict, path: tuple, parent=None, key=None) -> None:
        schema, direct, more, _ = self._plan(schema)
        if value.__class__ not in direct:
            if isinstance(value, OddInteger):
                self._odd_integer(value, schema, path)
                return
            if isinstance(value, Invalid):
                self.result.bad_paths.append(path)
                return
            if isinstance(value, str) and schema.get("format") == "date" and parent is not None:
                day = _iso_date(value)
                if day is not None:  # a quoted "2026-03-25": a date all the same
                    parent[key] = value = day
            if not self._check_type(value, schema, path):
                return
            if value.__class__ is dt.date:
                self._check_day(value, path)
                return
        if value.__class__ is dt.date:
            self._check_day(value, path)
            return
        if not more:
            return
        if "enum" in schema and value not in schema["enum"]:
            self._enum_problem(value, schema, path)
            return
        if isinstance(value, str):
            self._check_string(value, schema, path)
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int):
            self._check_number(value, schema, path)
        elif isinstance(value, dict):
            self._check_object(value, schema, path)
        elif isinstance(value, list):
            self._check_array(value, schema, path)

    def _check_day(self, day: dt.date, path: tuple) -> None:
        if not in_day_range(day):
            self._report(
                "date-out-of-range",
                path,
                f"Ngày {day.isoformat()} của «{self._name(path)}» nằm ngoài khoảng sổ theo dõi dùng được "
                f"({DAY_RANGE_VI}).",
                "Ghi đúng ngày trên văn bản, dạng YYYY-MM-DD"
                + (
                    "; nhiệm vụ không có thời hạn thì xóa dòng «deadline» và dùng phân loại c hoặc d."
                    if path and path[-1] == "deadline"
                    else "."
                ),
            )

    def _odd_integer(self, value: OddInteger, schema: dict, path: tuple) -> None:
        """`1:00`, `010`, `0x2`, `1_000`, `+1`: never what a clerk means by a number."""
        name = self._name(path)
        expected = schema.get("type")
        if expected == "integer" or (isinstance(expected, list) and "integer" in expected):
            self._report(
                "integer-format",
                path,
                f"Số «{value.raw}» của «{name}» không viết dạng thập phân thường: YAML đọc nó thành {value.number}.",
                f"Viết «{value.meant}» (chỉ chữ số 0–9, không có số 0 ở đầu, không có dấu «+», «_» hay «:»).",
                fix=[self._replace(path, str(value.meant))],
            )
        else:
            self._report(
                "wrong-type",
                path,
                f"«{name}» phải là chữ, không phải số «{value.raw}» (YAML đọc nó thành {value.number}).",
                f'Đặt giá trị trong ngoặc kép: "{value.raw}".',
            )

    def _name(self, path: tuple) -> str:
        for step in reversed(path):
            if isinstance(step, str):
                return step
        return "tệp"

    def _check_type(self, value, schema: dict, path: tuple) -> bool:
        expected = schema.get("type")
        if expected is None:
            return True
        allowed = [expected] if isinstance(expected, str) else list(expected)
        actual = _type_of(value)
        wants_date = schema.get("format") == "date"
        if actual == "date":
            if wants_date and "string" in allowed:
                return True
        elif actual in allowed:
            if actual == "string" and wants_date:
                return self._date_string(value, path)
            return True
        shown = [("date" if (t == "string" and wants_date) else t) for t in allowed]
        expected_text = " hoặc ".join(_TYPE_NAMES.get(t, t) for t in shown)
        name = self._name(path)
        if actual == "datetime":
            day = value.date().isoformat()
            self._report(
                "wrong-type",
                path,
                f"«{name}» chỉ ghi ngày, không ghi giờ: «{_show(value)}».",
                f"Viết {day}.",
                fix=[self._replace(path, day)],
            )
        elif actual == "null":
            self._report(
                "missing-value", path, f"«{name}» đang để trống.", f"Điền {expected_text}." + self._examples(schema)
            )
        else:
            number = _NUMBER_WORDS.get(fold(value)) if shown == ["integer"] and isinstance(value, str) else None
            if number is not None:
                self._report(
                    "wrong-type",
                    path,
                    f"«{name}» phải là {expected_text}, không phải «{_show(value)}».",
                    f"Viết bằng chữ số: {number}.",
                    fix=[self._replace(path, str(number))],
                )
                return False
            hint = _TYPE_HINTS.get(next((t for t in shown if t in _TYPE_HINTS), ""), "")
            whole = _whole_number(value) if "integer" in allowed else None
            self._report(
                "wrong-type",
                path,
                f"«{name}» phải là {expected_text}, không phải «{_show(value)}».",
                f"Viết «{whole}» (chỉ chữ số 0–9)." if whole is not None else (hint + self._examples(schema)).strip(),
            )
        return False

    def _replace(self, path: tuple, text: str) -> Fix:
        """Write `text` in place of the value at `path`."""
        line, col = self.pos.of(path)
        return Fix("replace", text, line=line, column=col)

    def _delete(self, path: tuple) -> Fix:
        """Delete the key at `path` with its value."""
        line, col = self.pos.key_of(path)
        return Fix("delete", line=line, column=col)

    def _node(self, path: tuple):
        """The value at `path` of the file being checked, or None."""
        node = self.value
        for step in path:
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    def _date_string(self, value: str, path: tuple) -> bool:
        name = self._name(path)
        iso = iso_hint(value)
        if name == "deadline" and _RECURRING.search(fold(value)):
            self._recurring_deadline(value, path)
        elif iso:
            self._report(
                "date-format",
                path,
                f"Ngày «{value}» của «{name}» viết sai dạng.",
                f"Viết theo dạng năm-tháng-ngày: {iso}.",
                fix=[self._replace(path, iso)],
            )
        else:
            self._report(
                "date-format",
                path,
                f"«{name}» phải là ngày dạng YYYY-MM-DD, không phải «{_show(value)}».",
                "Ví dụ: 2026-03-25 (không đặt trong ngoặc kép).",
            )
        return False

    def _recurring_deadline(self, value: str, path: tuple) -> None:
        """«deadline: hằng quý»: a recurring task has no deadline; it is classified c or d."""
        classification = self._node(path[:-1] + ("classification",))
        fix = [self._delete(path)]
        hint = (
            f"Nhiệm vụ thường xuyên, định kỳ («{value}») là nhiệm vụ không có thời hạn: xóa «deadline» "
            f"(dòng {fix[0].line})"
        )
        letter = letter_of(classification) if isinstance(classification, str) else ""
        if classification in CLASSIFICATIONS and letter in ("a", "b"):
            new = classification[:-1] + {"a": "c", "b": "d"}[letter]
            fix.append(self._replace(path[:-1] + ("classification",), new))
            hint += f" và đổi phân loại thành {new} ({CLASSIFICATIONS[new].lower()})."
        else:
            hint += "; phân loại c (phải trình, báo cáo) hoặc d (không phải trình, báo cáo)."
        self._report(
            "date-format",
            path,
            f"«deadline» phải là một ngày dạng YYYY-MM-DD, không phải «{_show(value)}».",
            hint,
            fix=fix,
        )

    @staticmethod
    def _examples(schema: dict) -> str:
        examples = schema.get("examples")
        if examples:
            return " Ví dụ: " + ", ".join(f"«{_show(e)}»" for e in examples[:3]) + "."
        return ""

    def _enum_problem(self, value, schema: dict, path: tuple) -> None:
        options = [str(o) for o in schema["enum"]]
        meanings = enum_meanings(schema)
        close = (
            difflib.get_close_matches(str(value), options, n=1)
            or [v for v in options if fold(meanings.get(v, "")) == fold(value) or fold(v) == fold(value)][:1]
        )
        hint = f"Có phải ý bạn là «{close[0]}»? Viết: {close[0]}. " if close else ""
        hint += "Giá trị được phép: " + "; ".join(f"{v} = {meanings[v]}" if v in meanings else v for v in options) + "."
        fix = [self._replace(path, scalar_text(close[0]))] if close else []
        self._report("bad-value", path, f"«{self._name(path)}» không nhận giá trị «{_show(value)}».", hint, fix=fix)

    def _check_string(self, value: str, schema: dict, path: tuple) -> None:
        if "minLength" in schema and len(value) < schema["minLength"]:
            self._report(
                "missing-value", path, f"«{self._name(path)}» đang để trống.", "Điền nội dung." + self._examples(schema)
            )
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            about = (schema.get("description", "").split("\n")[0] + self._examples(schema)).strip()
            upper = fold(value).upper().replace(" ", "_")
            if upper != value and re.search(schema["pattern"], upper):
                about = f"Viết {upper}. {about}"
            self._report(
                "bad-format",
                path,
                f"«{self._name(path)}» không đúng dạng: «{_show(value)}».",
                about,
                fix=[self._replace(path, upper)] if about.startswith("Viết ") else [],
            )

    def _check_number(self, value: int, schema: dict, path: tuple) -> None:
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = f"từ {low}" if low is not None else ""
            bounds += f" đến {high}" if high is not None else " trở lên"
            self._report("bad-value", path, f"«{self._name(path)}» phải {bounds.strip()}, không phải {value}.")

    def _check_object(self, value: dict, schema: dict, path: tuple) -> None:
        props = schema.get("properties", {})
        for key in schema.get("required", ()):
            if key not in value:
                where = path if path else ()
                self._report(
                    "missing-key",
                    where,
                    f"Thiếu khóa «{key}»" + (f" trong «{self._name(path)}»." if path else "."),
                    f"Thêm dòng «{key}: …»." + self._examples(self._resolve(props.get(key, {}))),
                    at_key=bool(path),
                )
        closed = schema.get("additionalProperties") is False
        for key, item in value.items():
            sub = props.get(key)
            if sub is None:
                if closed:
                    self._unknown_key(key, item, props, path)
                continue
            self._check(item, sub, path + (key,), value, key)

    def _unknown_key(self, key, item, props: dict, path: tuple) -> None:
        homes = [name for name, sub in props.items() if str(key) in self._item_properties(sub)]
        close = difflib.get_close_matches(str(key), list(props), n=1, cutoff=0.6)
        fix = []
        if homes:
            hint = self._home_hint(key, item, homes)
        elif close:
            line, col = self.pos.key_of(path + (key,))
            hint, fix = (
                f"Có phải ý bạn là «{close[0]}»? Sửa tên khóa thành {close[0]}.",
                [Fix("replace", close[0], line=line, column=col)],
            )
        else:
            hint = "Các khóa được phép: " + ", ".join(props) + "."
        self._report("unknown-key", path + (key,), f"Khóa «{key}» không có trong mẫu.", hint, at_key=True, fix=fix)

    def _item_properties(self, schema: dict) -> dict:
        """The keys of the items of a list property (a task's progress entries, extensions)."""
        schema = self._resolve(schema)
        items = self._resolve(schema.get("items", {})) if schema.get("type") == "array" else {}
        return items.get("properties", {})

    def _home_hint(self, key, item, homes: list[str]) -> str:
        """«delay_reason» written at task level: it belongs to an entry of `progress`."""
        where = " hoặc ".join(f"«{h}»" for h in homes)
        home = homes[-1]
        hint = (
            f"«{key}» thuộc một mục trong {where}, không ghi thẳng vào nhiệm vụ: chuyển dòng này vào một "
            f"mục mới ở cuối danh sách «{home}» của nhiệm vụ (chưa có thì thêm dòng «{home}:»)"
        )
        if home == "progress":
            status = (
                item if key == "status" and isinstance(item, str) else ("done" if key == "report" else "in_progress")
            )
            entry = {"date": "YYYY-MM-DD", "status": status}
            if key not in entry:
                entry[key] = scalar_text(truncate(item, 60)) if item is not None else "…"
            hint += ", ví dụ mục: - {" + ", ".join(f"{k}: {v}" for k, v in entry.items()) + "}"
        elif home == "extensions":
            hint += "; mỗi lần gia hạn ghi deadline, document và date"
        return hint + "."

    def _check_array(self, value: list, schema: dict, path: tuple) -> None:
        if "minItems" in schema and len(value) < schema["minItems"]:
            self._report(
                "missing-value",
                path,
                f"Danh sách «{self._name(path)}» đang trống.",
                f"Cần ít nhất {schema['minItems']} mục.",
            )
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(value):
                self._check(item, items, path + (index,), value, index)
        if schema.get("uniqueItems"):
            seen = set()
            for index, item in enumerate(value):
                key = repr(item)
                if key in seen:
                    line, col = self.pos.of(path + (index,))
                    self._report(
                        "duplicate-item",
                        path + (index,),
                        f"«{_show(item)}» ghi lặp lại trong «{self._name(path)}».",
                        f"Xóa mục lặp «{_show(item)}» ở dòng {line}, cột {col}.",
                        fix=[Fix("delete", line=line, column=col)],
                    )
                seen.add(key)


def validate(value, kind: str, file: str, positions: Positions) -> Result:
    """Check one loaded file against the shipped schema of its kind.

    Nearly every file is valid: a compiled yes/no check (`_accepts`) says so without building a
    path or a message per value; only a file it does not accept is walked by the Validator, which
    finds and explains each problem (and turns a quoted "2026-03-25" into a date)."""
    schema = load_schema(kind)
    if _accepts(kind)(value):
        return Result()
    return Validator(schema, file, positions).run(value)


@cache
def _accepts(kind: str):
    return _compile(load_schema(kind), load_schema(kind), {})


def _compile(schema: dict, root: dict, done: dict):
    """A function telling whether a value passes `schema` exactly as the Validator would, with
    nothing to report and nothing to change; False sends the file to the Validator. It must never
    accept what the Validator reports: it follows `Validator._check` step by step."""
    if id(schema) in done:
        return done[id(schema)] or (lambda value: done[id(schema)](value))  # a schema that refers to itself
    done[id(schema)] = None
    resolved, direct, more, _ = Validator(root, "", Positions(None))._plan(schema)
    enum = resolved.get("enum")
    min_length = resolved.get("minLength")
    pattern = re.compile(resolved["pattern"]) if "pattern" in resolved else None
    low, high = resolved.get("minimum"), resolved.get("maximum")
    required = tuple(resolved.get("required", ()))
    props = {key: _compile(sub, root, done) for key, sub in resolved.get("properties", {}).items()}
    closed = resolved.get("additionalProperties") is False
    min_items = resolved.get("minItems")
    items = _compile(resolved["items"], root, done) if "items" in resolved else None
    unique = bool(resolved.get("uniqueItems"))
    date = dt.date

    def accepts(value) -> bool:
        cls = value.__class__
        if cls not in direct:
            return False
        if cls is date:
            return in_day_range(value)
        if not more:
            return True
        if enum is not None and value not in enum:
            return False
        if cls is str:
            if min_length is not None and len(value) < min_length:
                return False
            return pattern is None or pattern.search(value) is not None
        if cls is bool:
            return True
        if cls is int:
            return (low is None or value >= low) and (high is None or value <= high)
        if isinstance(value, dict):
            if any(key not in value for key in required):
                return False
            for key, item in value.items():
                check = props.get(key)
                if check is None:
                    if closed:
                        return False
                elif not check(item):
                    return False
            return True
        if isinstance(value, list):
            if min_items is not None and len(value) < min_items:
                return False
            if items is not None and not all(map(items, value)):
                return False
            return not unique or len({repr(item) for item in value}) == len(value)
        return False

    done[id(schema)] = accepts
    return accepts
