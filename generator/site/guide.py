"""The «Hướng dẫn» documentation that ships with the package (`docs/*.md`): the key tables of the
register format generated from the JSON Schemas, the pages the site shows from those files, and
links from «R4» to the requirements page.

The key tables live between markers inside `docs/dinh-dang-so.md`, so a clone reads complete
documentation on its own; `python -m generator.cli.docgen --write` regenerates them and a test
fails when they no longer match the schemas.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from generator.errors import SiteError
from generator.register.schema import load_schema
from generator.site.html import front_matter_title
from generator.vi import md_page, md_table

# The register's files in the order the format page describes them: (schema kind, path of the file
# inside register/).
SCHEMA_FILES = (
    ("register", "register.yaml"),
    ("agencies", "agencies.yaml"),
    ("signers", "signers.yaml"),
    ("calendar", "calendar.yaml"),
    ("document", "documents/<YYYY>/<slug>.yaml"),
    ("intake", "intake/<YYYY>/<slug>.yaml"),
    ("book-outgoing", "books/outgoing/<YYYY>.yaml"),
    ("book-incoming", "books/incoming/<YYYY>.yaml"),
)

# The pages of the site's «Hướng dẫn» section read from docs/ (kien-truc.md is for contributors and
# stays in the repository): file name in docs/ → page of the site.
GUIDE_PAGES = {
    "dinh-dang-so.md": "huong-dan/dinh-dang-so.md",
    "yeu-cau.md": "huong-dan/yeu-cau.md",
    "lenh.md": "huong-dan/lenh.md",
}
REQUIREMENTS_PAGE = "huong-dan/yeu-cau.md"

# A citation of a requirement: «R» and its number as a word, never inside a longer code («PR4», «R4-x»).
REQUIREMENT = re.compile(r"(?<![\w/-])R(\d{1,2})(?![\w-])")

_BEGIN = "<!-- BEGIN khoa:{kind} — sinh từ generator/schemas/{kind}.schema.json; không sửa tay -->"
_END = "<!-- END khoa:{kind} -->"
_BLOCK = re.compile(r"<!-- BEGIN khoa:(?P<kind>[a-z-]+) [^\n]*-->\n.*?<!-- END khoa:(?P=kind) -->", re.S)

_REQUIRED = {"yes": "**bắt buộc**", "no": "không bắt buộc", "depends": "*bắt buộc tùy trường hợp*"}
_PATTERNS = {
    "^[A-Z][A-Z0-9_]*$": "mã: chữ in hoa không dấu, chữ số, `_`",
    "^([01][0-9]|2[0-3]):[0-5][0-9]$": 'giờ `"HH:MM"` (trong dấu nháy kép)',
    "^https?://[^\\s]+$": "địa chỉ `https://…`",
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$": "địa chỉ thư điện tử",
}


# -- the schemas, walked --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a register file as the format page documents it."""

    path: str  # `tasks[].progress[].status`; the keys of a list file have no prefix
    parent: str  # path of the object holding it ("" at the top)
    required: str  # "yes", "no" or "depends" (required in some cases only)
    node: dict  # the key's schema, its `$ref` merged under its own title and description


def _resolve(root: dict, node: dict) -> dict:
    """`node` with its local `$ref` merged in; the node's own words win over the definition's."""
    merged = dict(node)
    while "$ref" in merged:
        ref = merged.pop("$ref")
        target = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        merged = {**target, **merged}
    return merged


def _conditional(obj: dict) -> set[str]:
    """Keys required only in some cases (`allOf: [{if: …, then: {required: […]}}]`)."""
    return {key for branch in obj.get("allOf", ()) for key in branch.get("then", {}).get("required", ())}


def schema_keys(kind: str) -> list[Key]:
    """Every key of the file kind, at any depth, in the schema's order (parents before children)."""
    root = load_schema(kind)
    found: list[Key] = []

    def walk(obj: dict, prefix: str) -> None:
        required, conditional = set(obj.get("required", ())), _conditional(obj)
        for name, raw in obj.get("properties", {}).items():
            node = _resolve(root, raw)
            path = prefix + name
            need = "yes" if name in required else ("depends" if name in conditional else "no")
            found.append(Key(path, prefix.rstrip(".[]"), need, node))
            _children(node, path)

    def _children(node: dict, path: str) -> None:
        if "properties" in node:
            walk(node, path + ".")
        items = _resolve(root, node.get("items", {})) if "items" in node else {}
        if "properties" in items:
            walk(items, path + "[].")

    top = _resolve(root, root)
    if "properties" in top:
        walk(top, "")
    else:  # a list of items (agencies.yaml, signers.yaml)
        walk(_resolve(root, top.get("items", {})), "")
    return found


def _types(node: dict) -> list[str]:
    kind = node.get("type", [])
    return list(kind) if isinstance(kind, list) else [kind]


def _literal(value) -> str:
    """A default value as YAML would write it."""
    if value is None:
        return "`null`"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        inner = ", ".join(f"{k}: {_literal(v).strip('`')}" for k, v in value.items())
        return f"`{{{inner}}}`"
    if isinstance(value, list):
        return "`[]`" if not value else "`[" + ", ".join(map(str, value)) + "]`"
    if isinstance(value, str) and yaml.safe_load(value) != value:
        return f"`{json.dumps(value)}`"  # a time such as "15:00" is only text between quotes
    return f"`{value}`"


def value_text(node: dict) -> str:
    """What may be written for a key, in Vietnamese (the «Giá trị:» line of its row)."""
    types = _types(node)
    nullable = "null" in types
    main = next((t for t in types if t != "null"), "")
    if "enum" in node:
        text = "một trong: " + ", ".join(f"`{v}`" for v in node["enum"])
    elif main == "string" and node.get("format") == "date":
        text = "ngày `YYYY-MM-DD`"
    elif main == "string" and "pattern" in node:
        text = _PATTERNS.get(node["pattern"], f"chữ theo mẫu `{node['pattern']}`")
    elif main == "string":
        text = "chữ" + (", không để trống" if node.get("minLength") else "")
    elif main == "integer":
        low, high = node.get("minimum"), node.get("maximum")
        text = "số nguyên" + (f" từ {low} đến {high}" if low is not None and high is not None else "")
        text += f" ≥ {low}" if low is not None and high is None else ""
    elif main == "boolean":
        text = "`true` hoặc `false`"
    elif main == "array":
        items = node.get("items", {})
        text = "danh sách" + (" không trùng nhau" if node.get("uniqueItems") else "")
        if "$ref" in items and items["$ref"].endswith("/code"):
            text = "danh sách mã" + (" không trùng nhau" if node.get("uniqueItems") else "")
    elif main == "object":
        text = "nhóm khóa (xem các dòng dưới)"
    else:
        text = "—"
    if nullable:
        text += " hoặc `null`"
    if "default" in node:
        text += f"; mặc định {_literal(node['default'])}"
    return text


def _meaning(node: dict, values: str) -> str:
    title, description = node.get("title", ""), node.get("description", "")
    text = f"**{md_page(title)}**." + (f" {md_page(description)}" if description else "")
    return f"{text}<br>*Giá trị:* {values}."


def schema_tables(kind: str) -> str:
    """The Markdown key tables of one file kind: one table per object (the file, each task, …),
    then the meaning of each allowed value of every key with a fixed list of values."""
    keys = schema_keys(kind)
    groups: dict[str, list[Key]] = {}
    for key in keys:
        groups.setdefault(key.parent, []).append(key)
    by_path = {k.path: k for k in keys}
    out: list[str] = []
    for parent, members in groups.items():
        if parent:
            owner = by_path[parent]
            where = f"của mỗi `{parent}[]`" if "array" in _types(owner.node) else f"trong `{parent}`"
            out += ["", f"Khóa {where} ({md_page(owner.node.get('title', '')).lower()}):", ""]
        rows = [[f"`{k.path}`<br>{_REQUIRED[k.required]}", _meaning(k.node, value_text(k.node))] for k in members]
        out += md_table(["Khóa", "Ý nghĩa và giá trị"], rows)
    for key in keys:
        if "enum" in key.node:
            out += ["", f"Giá trị của `{key.path}`:", ""]
            out += md_table(["Giá trị", "Nghĩa"], [[f"`{v}`", md_page(t)] for v, t in enum_meanings(key.node)])
    return "\n".join(out).strip("\n") + "\n"


def enum_meanings(node: dict) -> list[tuple[str, str]]:
    """(value, Vietnamese meaning) of every allowed value; a schema without them is incomplete."""
    values, texts = node["enum"], node.get("enumDescriptions", [])
    if len(texts) != len(values):
        raise ValueError(f"enum {values} lacks an enumDescriptions entry for each value")
    return list(zip(map(str, values), texts, strict=True))


# -- the generated blocks of docs/dinh-dang-so.md ------------------------------------------------


def schema_block(kind: str) -> str:
    """One generated block, markers included (what docs/dinh-dang-so.md holds for that file)."""
    return f"{_BEGIN.format(kind=kind)}\n\n{schema_tables(kind)}\n{_END.format(kind=kind)}"


def refresh_schema_blocks(text: str) -> str:
    """`text` with every generated block replaced by the tables of the current schemas."""
    return _BLOCK.sub(lambda m: schema_block(m["kind"]), text)


def schema_block_kinds(text: str) -> list[str]:
    return [m["kind"] for m in _BLOCK.finditer(text)]


# -- the pages of the site --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GuidePage:
    """A page of nhiemvu's own documentation on the site. It is written as it is, not through a
    template: a province that customised site_templates/ before these pages existed still gets
    them, and they are nhiemvu's to keep true, not the province's."""

    page: str  # where the site puts it, e.g. huong-dan/lenh.md
    title: str
    body: str  # trusted Markdown from the package's own docs/

    def markdown(self) -> str:
        """The page file: front matter, then the document. The public search is for documents and
        agencies; the manual stays out of it, so that it never outranks them."""
        return f"---\ntitle: {front_matter_title(self.title)}\nsearch:\n  exclude: true\n---\n{self.body}"


_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]\n]+)\]\((?P<target>[^)\s]+)\)")


def site_markdown(text: str) -> str:
    """A docs/ file as a page of the site: its links to files that are not pages of the
    «Hướng dẫn» section (the contributors' guide, the source code) become plain text."""

    def link(m: re.Match) -> str:
        target = m["target"]
        if "://" in target or target.startswith(("#", "mailto:")):
            return m[0]
        name = target.split("#", 1)[0]
        return m[0] if name in GUIDE_PAGES else m["text"]

    return _LINK.sub(link, text)


def guide_pages(source: Path) -> list[GuidePage]:
    """The pages of the «Hướng dẫn» section read from the `docs/` folder `source`."""
    pages = []
    for name, page in GUIDE_PAGES.items():
        path = source / name
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            raise SiteError(
                f"Không đọc được tài liệu «{path}» của nhiemvu.",
                "Cài lại nhiemvu (pip install nhiemvu) hoặc lấy lại bản đầy đủ của mã nguồn.",
            ) from None
        first = text.split("\n", 1)[0]
        title = first.removeprefix("# ").strip() if first.startswith("# ") else name
        pages.append(GuidePage(page, title, site_markdown(text)))
    return pages


def requirement_links(text: str, url_of_page) -> Markup:
    """`text` (escaped unless it is Markup already) with every «R4» made a link to the
    requirement's anchor on the requirements page; `url_of_page` gives the page's relative URL."""
    safe = text if isinstance(text, Markup) else escape(text)
    base = url_of_page(REQUIREMENTS_PAGE)
    return Markup(REQUIREMENT.sub(lambda m: f'<a href="{base}#r{m[1]}">R{m[1]}</a>', str(safe)))
