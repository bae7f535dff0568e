"""The web form's configuration (Decap CMS), generated from the JSON Schemas in one place.

`decap_config()` turns `generator/schemas/*.json` into the Decap CMS configuration served as
`/admin/config.yml`: every schema key becomes a form field with the schema's Vietnamese title
as its label and its description as the hint, enums become selects labelled in Vietnamese,
required keys are required fields. So the form, the editor completion (the same schemas) and
the checker can never disagree; `tests/test_cms.py` fails if a schema key has no field.

Fields chosen for clerks: signer, agencies and office divisions are selects that show names
and store codes (the options are read from agencies.yaml and signers.yaml when the
configuration is generated, and passed in here), dates use a date picker stored as
YYYY-MM-DD, `secrecy` is not offered (a public register accepts only `none`).

`formats()` describes, from the same schemas, how each file is written back (key order,
types, flow style, list identities, schema modeline, file path rule): the browser side
(`editor/src/nhiemvu-format.js`) splices the form's changes into the file's own text so that
what the form did not change stays byte for byte, and new keys land where the schema (and
every shipped file) puts them.

agencies.yaml and signers.yaml are lists at the top level, which Decap cannot edit: their
format reads the list as the one field `items` of a file collection and writes it back as the
top-level list, each agency or signer matched by its code (comments and blank lines kept).

Pure: no click, no I/O beyond reading the shipped schemas.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

from generator.register.schema import load_schema

CODE_PATTERN = "^[A-Z][A-Z0-9_]*$"
DATE_WIDGET = {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": False}
MODELINE = "yaml-language-server: $schema=../../../generator/schemas/{kind}.schema.json"
APPEND_ONLY = (
    "Bấm «Thêm …» để ghi một lần mới: lần mới luôn nằm ở cuối danh sách. Không sửa, không xóa "
    "các lần đã ghi: sổ giữ toàn bộ lịch sử, và bước kiểm tra báo lỗi nếu một lần cũ bị đổi."
)

# What the regulation requires, said where the clerk types (added to the schema's description).
EXTRA_HINTS = {
    ("document", "urgency"): "Văn bản hỏa tốc phải được nhập vào sổ ngay trong ngày ban hành.",
    ("document", "number"): "Tên tệp theo số, ký hiệu và năm ban hành: sau khi đã lưu, không đổi hai giá trị "
    "này trong biểu mẫu (nhờ cán bộ quản trị đổi tên tệp nếu nhập nhầm).",
    ("document", "tasks", "classification"): "Loại a, c: khi đánh dấu hoàn thành (done) phải ghi số văn bản "
    "báo cáo, trình (report).",
    ("document", "tasks", "extensions"): APPEND_ONLY,
    ("document", "tasks", "progress"): APPEND_ONLY,
    ("document", "tasks", "progress", "report"): "Nhiệm vụ loại a, c chỉ được coi là hoàn thành khi có "
    "văn bản báo cáo, trình.",
}
# Keys the form does not offer: a hidden field keeps the only value a public register accepts.
HIDDEN = {("document", "secrecy"): "none"}
# Long text gets a text area; everything else one line.
TEXT_AREAS = {"title", "content", "note", "delay_reason", "recommendation", "reason"}
# Flow style the register's own files use (`coordinators: [STC, SNV]`, `- {date: …, reason: …}`).
# Paths of `formats()` shapes: "*" stands for the items of a list.
FLOW = {
    ("document", "tasks", "*", "coordinators"),
    ("calendar", "days_off", "*"),
    ("calendar", "working_days", "*"),
    ("register", "weekly_update"),
}
# Lists shown open: a new document's tasks are typed in one go (other lists open on demand).
EXPANDED = {("document", "tasks")}
# Lists whose items keep their identity when the form reorders or removes some (others: by position).
IDENTITY = {("document", "tasks"): "id", ("agencies",): "code", ("signers",): "code"}


@dataclass(frozen=True, slots=True)
class Choice:
    """One option of a select: the stored code and what the clerk reads."""

    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Lists:
    """The register's agencies and signers as select options (see `choices_from`)."""

    agencies: tuple[Choice, ...] = ()
    office_divisions: tuple[Choice, ...] = ()
    signers: tuple[Choice, ...] = ()


# Which select a code field gets, by the key's name in its schema.
_CODE_SELECTS = {
    ("document", "signer"): ("signers", False),
    ("document", "submitted_by"): ("agencies", False),
    ("document", "tasks", "assignee"): ("agencies", False),
    ("document", "tasks", "coordinators"): ("agencies", True),
    ("document", "tasks", "monitor"): ("office_divisions", False),
    ("intake", "sender"): ("agencies", False),
    ("intake", "monitor"): ("office_divisions", False),
}


def _until(valid_to) -> str:
    return f" (đến {valid_to:%d/%m/%Y})" if valid_to else ""


def choices_from(agencies: Iterable, signers: Iterable) -> Lists:
    """Select options from the register's Agency and Signer objects, in file order.

    Labels show the name, then the code; an agency or signer that no longer exists says until
    when, and stays offered because old documents still name it.
    """
    agencies = list(agencies)
    signers = list(signers)
    return Lists(
        agencies=tuple(Choice(a.code, f"{a.name} ({a.code}){_until(a.valid_to)}") for a in agencies),
        office_divisions=tuple(
            Choice(a.code, f"{a.name} ({a.code}){_until(a.valid_to)}") for a in agencies if a.kind == "office_division"
        ),
        signers=tuple(
            Choice(s.code, f"{s.name}{' — ' + s.title if s.title else ''} ({s.code}){_until(s.valid_to)}")
            for s in signers
        ),
    )


# -- walking the schemas -------------------------------------------------------------------


def _resolve(node: dict, schema: dict) -> dict:
    """A property's schema with its `$ref` merged in (the property's own words win)."""
    if "$ref" not in node:
        return node
    name = node["$ref"].removeprefix("#/$defs/")
    base = _resolve(schema["$defs"][name], schema)
    merged = {**base, **{k: v for k, v in node.items() if k != "$ref"}}
    return merged


def _types(node: dict) -> set[str]:
    kind = node.get("type", "string")
    return set(kind) if isinstance(kind, list) else {kind}


def _is_date(node: dict) -> bool:
    return node.get("format") == "date"


def enum_labels(node: dict) -> list[str]:
    """Vietnamese labels of an enum: `enumDescriptions`, else «value: meaning;» in the description."""
    values = node["enum"]
    if "enumDescriptions" in node:
        # «QC45 (Quy chế … 45/2016/QĐ-UBND), điểm a: có thời hạn…» → «QC45_a — điểm a: có thời hạn…»:
        # the regulation is in the value and the hint, the point is what the clerk chooses
        return [
            f"{v} — {d[d.index(', điểm ') + 2 :] if ', điểm ' in d else d}"
            for v, d in zip(values, node["enumDescriptions"], strict=True)
        ]
    text = node.get("description", "")
    labels = []
    for value in values:
        match = re.search(rf"(?<![\w]){re.escape(str(value))}: ([^;]+?)(?:;|$|\.\s)", text)
        labels.append(f"{value} — {match.group(1).strip().rstrip('.')}" if match else str(value))
    return labels


# -- fields ----------------------------------------------------------------------------------


def _hint(kind: str, path: tuple[str, ...], node: dict) -> str:
    parts = [node.get("description", "").strip()]
    extra = EXTRA_HINTS.get((kind, *path))
    if extra:
        parts.append(extra)
    return " ".join(p for p in parts if p)


def _field(kind: str, path: tuple[str, ...], node: dict, schema: dict, required: bool, lists: Lists) -> dict:
    node = _resolve(node, schema)
    name = path[-1]
    field: dict = {"name": name, "label": node.get("title", name)}
    hint = _hint(kind, path, node)
    if hint:
        field["hint"] = hint
    if (kind, *path) in HIDDEN:
        field.update(widget="hidden", default=HIDDEN[(kind, *path)])
        return field
    if not required:
        field["required"] = False
    types = _types(node)
    select = _CODE_SELECTS.get((kind, *path))
    if select:
        source, multiple = select
        field.update(widget="select", options=[{"label": c.label, "value": c.value} for c in getattr(lists, source)])
        if multiple:
            field["multiple"] = True
        return field
    if "enum" in node:
        field.update(
            widget="select",
            options=[
                {"label": label, "value": value} for value, label in zip(node["enum"], enum_labels(node), strict=True)
            ],
        )
        if "default" in node:
            field["default"] = node["default"]
        return field
    if _is_date(node):
        field.update(DATE_WIDGET)
        return field
    if "integer" in types:
        field.update(widget="number", value_type="int")
        for key in ("minimum", "maximum"):
            if key in node:
                field[key[:3]] = node[key]
        if "default" in node:
            field["default"] = node["default"]
        return field
    if "boolean" in types:
        field.update(widget="boolean", default=bool(node.get("default", False)))
        return field
    if "array" in types:
        items = _resolve(node["items"], schema)
        if "object" in _types(items):
            field.update(
                widget="list", collapsed=(kind, *path) not in EXPANDED, fields=_fields(kind, path, items, schema, lists)
            )
            field["label_singular"] = items.get("title", field["label"]).lower()
            summary = _summary(items)
            if summary:
                field["summary"] = summary
        else:
            field.update(widget="list")
        if not required:
            field["default"] = []
        return field
    if "object" in types:
        field.update(widget="object", collapsed=False, fields=_fields(kind, path, node, schema, lists))
        return field
    field["widget"] = "text" if name in TEXT_AREAS else "string"
    if "pattern" in node:
        field["pattern"] = [node["pattern"], _pattern_message(node)]
    return field


def _pattern_message(node: dict) -> str:
    if node["pattern"] == CODE_PATTERN:
        return "Chỉ gồm chữ in hoa không dấu (A–Z), chữ số và dấu gạch dưới, bắt đầu bằng một chữ cái."
    example = (node.get("examples") or [""])[0]
    return f"Viết đúng dạng, ví dụ: {example}" if example else "Viết đúng dạng quy định."


def _summary(items: dict) -> str:
    """What a collapsed list item shows: its first two keys (e.g. «1 · Nội dung…», «2026-03-25 · done»)."""
    keys = list(items.get("properties", {}))[:2]
    return " · ".join("{{fields.%s}}" % k for k in keys)


def _fields(kind: str, path: tuple[str, ...], node: dict, schema: dict, lists: Lists) -> list[dict]:
    node = _resolve(node, schema)
    required = set(node.get("required", []))
    return [
        _field(kind, path + (key,), child, schema, key in required, lists)
        for key, child in node.get("properties", {}).items()
    ]


def form_fields(kind: str, lists: Lists = Lists()) -> list[dict]:
    """The form fields of one file kind, in schema order (which is the files' key order)."""
    schema = load_schema(kind)
    if "array" in _types(schema):
        items = _resolve(schema["items"], schema)
        return [
            {
                "name": "items",
                "label": schema["title"].split(" (")[0],
                "hint": schema.get("description", ""),
                "widget": "list",
                "collapsed": True,
                "label_singular": items.get("title", kind).lower(),
                "summary": _summary(items),
                "fields": _fields(kind, (), items, schema, lists),
            }
        ]
    return _fields(kind, (), schema, schema, lists)


# -- collections -----------------------------------------------------------------------------

# (collection name, schema kind, label, singular label, folder, date key of the year folder) of the
# folder collections: one file per entry, at <folder>/<year>/<number folded to ASCII>.yaml.
FOLDERS = (
    ("documents", "document", "Văn bản", "văn bản", "documents", "issued"),
    ("intake", "intake", "Hồ sơ trình", "hồ sơ trình", "intake", "received"),
)
# (collection name, schema kind, label, singular label, file) of the single-file collections.
FILES = (
    ("agencies", "agencies", "Cơ quan, đơn vị", "danh sách cơ quan, đơn vị", "agencies.yaml"),
    ("signers", "signers", "Người ký", "danh sách người ký", "signers.yaml"),
    ("calendar", "calendar", "Lịch làm việc", "lịch làm việc", "calendar.yaml"),
    ("register", "register", "Thiết lập sổ", "thiết lập sổ", "register.yaml"),
)


# Commit messages (and pull request titles) in Vietnamese; a new entry's names the file where
# nhiemvu-cms.js writes it.
COMMIT_MESSAGES = {
    "create": "Nhập {{collection}} mới: {{path}}",
    "update": "Cập nhật {{collection}}: {{path}}",
    "delete": "Xóa {{collection}}: {{path}}",
    "uploadMedia": "Tải lên {{path}}",
    "deleteMedia": "Xóa {{path}}",
    "openAuthoring": "{{message}}",
}


def format_name(kind: str) -> str:
    return f"nhiemvu-{kind}"


def _folder_collection(name, kind, label, singular, folder, year_key, prefix, lists) -> dict:
    schema = load_schema(kind)
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "description": schema["description"],
        "folder": f"{prefix}/{folder}",
        "extension": "yaml",
        "format": format_name(kind),
        "nested": {"depth": 2, "subfolders": False},
        "create": True,
        "delete": False,
        "identifier_field": "number",
        "slug": "{{number}}",
        # The year folder Decap names its branch after; the file itself is written at the
        # register's path (`<year>/<number folded to ASCII>.yaml`) by editor/src/nhiemvu-cms.js.
        "path": "{{%s}}/{{slug}}" % year_key,  # not {{fields.x}}: Decap turns its "." into "-"
        "summary": "{{number}} · {{title}}",
        "sortable_fields": ["number", year_key],
        "fields": form_fields(kind, lists),
    }


def _file_collection(name, kind, label, singular, file, prefix, lists) -> dict:
    schema = load_schema(kind)
    return {
        "name": name,
        "label": label,
        "label_singular": singular,
        "format": format_name(kind),
        "extension": "yaml",
        "delete": False,
        "files": [
            {
                "name": name,
                "label": schema["title"],
                "file": f"{prefix}/{file}",
                "description": schema["description"],
                "fields": form_fields(kind, lists),
            }
        ],
    }


def decap_config(backend: dict, lists: Lists = Lists(), *, prefix: str = "register") -> dict:
    """The whole Decap CMS configuration (served as /admin/config.yml).

    `backend` is Decap's backend section (proxy for `nhiemvu edit`, github for the public
    site); `prefix` is the register folder relative to the repository root.
    """
    prefix = prefix.strip("/") or "."
    return {
        "locale": "vi",
        "backend": {**backend, "commit_messages": COMMIT_MESSAGES},
        "publish_mode": "editorial_workflow",
        # No uploads: the register has no attachments, and a media library would write to the
        # main branch directly. The library registered by nhiemvu-cms.js does nothing.
        "media_library": {"name": "nhiemvu-khong-tep-dinh-kem"},
        "show_preview_links": False,
        "editor": {"preview": False},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [
            *(_folder_collection(*spec, prefix, lists) for spec in FOLDERS),
            *(_file_collection(*spec, prefix, lists) for spec in FILES),
        ],
    }


def config_yaml(config: dict) -> str:
    """The configuration as YAML text: same input, same bytes."""
    header = "# Tệp này do nhiemvu tạo từ generator/schemas/*.json (generator/cms.py); đừng sửa tay.\n"
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1_000_000)


# -- how files are written back --------------------------------------------------------------


def _shape(kind: str, path: tuple[str, ...], node: dict, schema: dict) -> dict:
    node = _resolve(node, schema)
    types = _types(node)
    if "array" in types:
        shape: dict = {"type": "list"}
        if (kind, *path) in FLOW:
            shape["flow"] = True
        if (kind, *path) in IDENTITY:
            shape["identity"] = IDENTITY[(kind, *path)]
        if "items" in node:
            shape["item"] = _shape(kind, path + ("*",), node["items"], schema)
        return shape
    if "object" in types:
        shape = {"type": "map"}
        if (kind, *path) in FLOW:
            shape["flow"] = True
        shape["keys"] = {
            key: _shape(kind, path + (key,), child, schema) for key, child in node.get("properties", {}).items()
        }
        return shape
    if _is_date(node):
        return {"type": "date"}
    if "integer" in types:
        return {"type": "int"}
    if "boolean" in types:
        return {"type": "bool"}
    return {"type": "string"}


def formats(prefix: str = "register") -> dict:
    """For each custom format: modeline of new files, shape, wrapping and path rule (JSON)."""
    prefix = prefix.strip("/") or "."
    out = {}
    for kind in ("document", "intake", "agencies", "signers", "calendar", "register"):
        schema = load_schema(kind)
        descriptor: dict = {"modeline": MODELINE.format(kind=kind)}
        if "array" in _types(schema):
            descriptor["wrap"] = "items"  # Decap edits a mapping: the list is its `items`
        descriptor["shape"] = _shape(kind, (), schema, schema)
        out[format_name(kind)] = descriptor
    for name, kind, _label, _singular, folder, year_key in FOLDERS:
        out[format_name(kind)]["path"] = {
            "collection": name,
            "folder": f"{prefix}/{folder}",
            "number": "number",
            "year": year_key,
            "extension": "yaml",
        }
    return out


def formats_json(descriptors: dict) -> str:
    return json.dumps(descriptors, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
