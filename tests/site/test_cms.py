"""The web form's configuration (generator/cms.py) and the way it writes files back
(editor/src/nhiemvu-format.js, run in Node): one source, the JSON Schemas.

- every schema key has a form field, and every field a schema key, with the schema's title,
  description, enum and required-ness; the fields chosen for clerks are what the issue asks;
- the configuration and the format descriptors are deterministic;
- the browser side writes what PyYAML reads back as the form's value, paths exactly as
  generator/paths.py names them, and files that `nhiemvu check` accepts and `nhiemvu fix`
  leaves alone (Node runs the very module the editor page loads).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import subprocess

import pytest
import yaml
from registerkit import REPO, git, make_register, run_cli

from generator.register.edit import clean_text
from generator.register.load import load_register
from generator.register.model import slugify_number
from generator.register.schema import load_schema
from generator.register.yamlsrc import parse_yaml
from generator.site import cms

EDITOR = REPO / "editor"
KINDS = ("document", "intake", "agencies", "signers", "calendar", "register")
BACKEND = {"name": "proxy", "proxy_url": "http://127.0.0.1:8080/api/v1", "branch": "main"}


@pytest.fixture(scope="module")
def shipped():
    register, _ = load_register(REPO / "register")
    return register


@pytest.fixture(scope="module")
def config(shipped):
    lists = cms.choices_from(shipped.agencies.values(), shipped.signers.values())
    return cms.decap_config(BACKEND, lists)


# -- the schemas, walked here on their own ---------------------------------------------------


def resolve(node: dict, schema: dict) -> dict:
    while "$ref" in node:
        base = schema["$defs"][node["$ref"].removeprefix("#/$defs/")]
        node = {**base, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def schema_properties(kind: str):
    """(path, property schema, required) of every key of a schema, items of lists included."""
    schema = load_schema(kind)
    out = []

    def walk(node, path):
        node = resolve(node, schema)
        if "items" in node:
            walk(node["items"], path)
        required = set(node.get("required", []))
        for key, child in node.get("properties", {}).items():
            out.append((path + (key,), resolve(child, schema), key in required))
            walk(child, path + (key,))

    walk(schema, ())
    return out


def collection_of(config: dict, kind: str) -> list[dict]:
    """The top-level form fields of a kind (inside the `items` list for agencies, signers)."""
    name = {"document": "documents"}.get(kind, kind)
    coll = next(c for c in config["collections"] if c["name"] == name)
    fields = coll["files"][0]["fields"] if "files" in coll else coll["fields"]
    if kind in ("agencies", "signers"):
        assert [f["name"] for f in fields] == ["items"]
        return fields[0]["fields"]
    return fields


def field_at(fields: list[dict], path: tuple[str, ...]) -> dict | None:
    for name in path:
        found = next((f for f in fields if f["name"] == name), None)
        if found is None:
            return None
        fields = found.get("fields", [])
    return found


def form_paths(fields: list[dict], path=()) -> list[tuple[str, ...]]:
    out = []
    for f in fields:
        out.append(path + (f["name"],))
        out += form_paths(f.get("fields", []), path + (f["name"],))
    return out


# -- every key, every field ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_schema_key_has_a_form_field_and_every_field_a_key(config, kind):
    fields = collection_of(config, kind)
    keys = [path for path, _, _ in schema_properties(kind)]
    missing = [".".join(p) for p in keys if field_at(fields, p) is None]
    assert missing == [], f"{kind}: schema keys without a form field: {missing}"
    invented = [".".join(p) for p in form_paths(fields) if p not in keys]
    assert invented == [], f"{kind}: form fields without a schema key: {invented}"


@pytest.mark.parametrize("kind", KINDS)
def test_fields_carry_the_schema_words(config, kind):
    fields = collection_of(config, kind)
    for path, node, required in schema_properties(kind):
        field = field_at(fields, path)
        where = f"{kind}:{'.'.join(path)}"
        assert field["label"] == node["title"], where
        assert field["hint"].startswith(node["description"]), where
        if field["widget"] == "hidden":
            continue
        assert field.get("required", True) is required, where
        if "enum" in node:
            assert field["widget"] == "select", where
            assert [o["value"] for o in field["options"]] == node["enum"], where
            for option in field["options"]:  # a Vietnamese meaning, not just the code
                assert len(option["label"]) > len(option["value"]) + 3, (where, option)
        if node.get("format") == "date":
            assert (field["widget"], field["date_format"], field["time_format"]) == ("datetime", "YYYY-MM-DD", False), (
                where
            )
            assert "default" not in field, where  # never today's date by surprise
        if node.get("pattern") and field["widget"] == "string":
            assert field["pattern"][0] == node["pattern"], where


def test_fields_chosen_for_clerks(config, shipped):
    doc = collection_of(config, "document")
    task = ("tasks",)
    signer = field_at(doc, ("signer",))
    assert signer["widget"] == "select"
    assert {o["value"] for o in signer["options"]} == set(shipped.signers)
    assert any(o["label"].startswith("Lê Quang Thịnh — Chủ tịch UBND tỉnh (CT_2025)") for o in signer["options"])
    for name in ("assignee", "coordinators"):
        field = field_at(doc, task + (name,))
        assert field["widget"] == "select"
        assert [o["value"] for o in field["options"]] == list(shipped.agencies)
    assert field_at(doc, task + ("coordinators",))["multiple"] is True
    assert "multiple" not in field_at(doc, task + ("assignee",))
    stc = next(o for o in field_at(doc, task + ("assignee",))["options"] if o["value"] == "STC")
    assert stc["label"] == "Sở Tài chính (STC)"
    gone = next(o for o in field_at(doc, task + ("assignee",))["options"] if o["value"] == "SKHDT")
    assert gone["label"].endswith("(đến 28/02/2025)")  # still offered: old documents name it
    monitor = [o["value"] for o in field_at(doc, task + ("monitor",))["options"]]
    assert monitor == [c for c, a in shipped.agencies.items() if a.kind == "office_division"] != []
    intake = collection_of(config, "intake")
    assert [o["value"] for o in field_at(intake, ("monitor",))["options"]] == monitor
    # secrecy is not offered: the public register accepts only `none`
    assert field_at(doc, ("secrecy",)) | {"hint": ""} == {
        "name": "secrecy",
        "label": "Độ mật",
        "hint": "",
        "widget": "hidden",
        "default": "none",
    }
    classes = field_at(doc, task + ("classification",))
    label_a = next(o["label"] for o in classes["options"] if o["value"] == "QC45_a")
    assert "có thời hạn" in label_a and "report" in label_a
    assert "ngay trong ngày" in field_at(doc, ("urgency",))["hint"]  # hỏa tốc: entered the same day
    assert "a, c" in classes["hint"] and "report" in classes["hint"]
    for name in ("progress", "extensions"):  # append-only
        assert "cuối danh sách" in field_at(doc, task + (name,))["hint"]
        assert "Không sửa, không xóa" in field_at(doc, task + (name,))["hint"]


def test_collections_and_backend(config):
    names = [c["name"] for c in config["collections"]]
    assert names == ["documents", "intake", "agencies", "signers", "calendar", "register"]
    assert config["locale"] == "vi" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "proxy" and config["backend"]["branch"] == "main"
    assert config["backend"]["commit_messages"]["create"].startswith("Nhập ")
    assert "media_folder" not in config  # no uploads
    docs = config["collections"][0]
    assert (docs["folder"], docs["extension"], docs["format"]) == ("register/documents", "yaml", "nhiemvu-document")
    assert docs["nested"]["depth"] == 2 and docs["delete"] is False
    formats = cms.formats()
    for coll in config["collections"]:
        assert coll["format"] in formats
        assert coll.get("delete") is False  # deleting a published file would bypass the pull request
    for coll in config["collections"][2:]:
        assert coll["files"][0]["file"] == f"register/{coll['name']}.yaml"


def test_other_register_folder(shipped):
    config = cms.decap_config(BACKEND, prefix="data/so-theo-doi/")
    assert config["collections"][0]["folder"] == "data/so-theo-doi/documents"
    assert cms.formats("data/so-theo-doi")["nhiemvu-intake"]["path"]["folder"] == "data/so-theo-doi/intake"


def test_configuration_is_deterministic(tmp_path):
    texts = set()
    for _ in range(2):
        register, _ = load_register(REPO / "register")
        lists = cms.choices_from(register.agencies.values(), register.signers.values())
        texts.add(cms.config_yaml(cms.decap_config(BACKEND, lists)) + cms.formats_json(cms.formats()))
    assert len(texts) == 1
    text = texts.pop()
    assert yaml.safe_load(text.split("\n{", 1)[0])["locale"] == "vi"


# -- the shapes of files written back --------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_format_shapes_follow_the_schema(kind):
    """Each mapping's keys in schema order, types from the schema, flow and identity as the files use."""
    schema = load_schema(kind)
    descriptor = cms.formats()[cms.format_name(kind)]
    assert descriptor["modeline"] == f"yaml-language-server: $schema=../../../generator/schemas/{kind}.schema.json"

    def shape_at(path):
        shape = descriptor["shape"]
        for key in path:
            shape = shape.get("item", shape)["keys"][key]
        return shape.get("item", shape)

    def properties(node):
        node = resolve(node, schema)
        return resolve(node.get("items", {}), schema).get("properties") or node.get("properties")

    checked = 0
    for path, node in [((), schema), *((p, n) for p, n, _ in schema_properties(kind))]:
        shape = shape_at(path)
        if properties(node):
            assert list(shape["keys"]) == list(properties(node)), (kind, path)
            checked += 1
        elif resolve(node, schema).get("format") == "date":
            assert shape == {"type": "date"}, (kind, path)
    assert checked >= 1
    if kind == "document":
        assert descriptor["shape"]["keys"]["tasks"]["identity"] == "id"
        assert shape_at(("tasks",))["keys"]["coordinators"]["flow"] is True
        assert descriptor["path"] == {
            "collection": "documents",
            "folder": "register/documents",
            "number": "number",
            "year": "issued",
            "extension": "yaml",
        }
    if kind in ("agencies", "signers"):
        assert (descriptor["wrap"], descriptor["shape"]["identity"]) == ("items", "code")
    if kind == "calendar":
        assert shape_at(("days_off",))["flow"] is True


def test_the_files_keys_are_in_the_schema_order():
    """New keys are put where the schema puts them: the shipped files use the same order
    (register.yaml alone starts with `title`; the form never moves an existing key)."""
    schema = load_schema("document")
    top = list(schema["properties"])
    task = list(resolve(schema["$defs"]["task"], schema)["properties"])
    for path in sorted((REPO / "register" / "documents").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert list(data) == [k for k in top if k in data], path
        for item in data["tasks"]:
            assert list(item) == [k for k in task if k in item], (path, item["id"])


# -- Node: the module the editor page loads ---------------------------------------------------


def node() -> str:
    exe = shutil.which("node")
    if exe is None:
        pytest.fail("node is not installed (bash .ci/setup)")
    if not (EDITOR / "node_modules" / "yaml").is_dir():
        pytest.fail("run `npm ci` in editor/ first (bash .ci/setup)")
    return exe


def run_node(script: str, payload) -> object:
    """Run an ES module snippet in editor/ with `payload` as JSON on stdin; its stdout as JSON."""
    prelude = (
        "import * as YAML from 'yaml';\n"
        "import { makeFormats, slugifyNumber, registerPath } from './src/nhiemvu-format.js';\n"
        "const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
    )
    prelude = prelude.replace("JSON.parse(require('fs')", "JSON.parse((await import('node:fs')).default")
    result = subprocess.run(
        [node(), "--input-type=module", "-e", prelude + script],
        cwd=EDITOR,
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_node_suite(tmp_path):
    """editor/test/*.test.mjs: every register file saved unchanged gives its own bytes back,
    splices keep every other line, comments stay, the locale has every string."""
    formats = tmp_path / "formats.json"
    formats.write_text(cms.formats_json(cms.formats()), encoding="utf-8")
    result = subprocess.run(
        [node(), "--test", "test/"],
        cwd=EDITOR,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NHIEMVU_FORMATS": str(formats), "NHIEMVU_REPO": str(REPO)},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 13" in result.stdout, result.stdout[-800:]


def _numbers() -> list[str]:
    register, _ = load_register(REPO / "register")
    rng = random.Random(14)
    alphabet = "0123456789/-._ ĐđQDUBNDKHCTƯươÔâêéèẻẽẹ\u0301\u0323'\"#:()[]{}&*!|>%@`~?,+=ÆØß日本"
    made = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14))) for _ in range(400)]
    return (
        sorted({d.number for d in register.documents} | {i.number for i in register.intake})
        + made
        + ["45/QĐ-UBND", "106/2026/QĐ-UBND", " 12/CT-UBND ", "..", "-a-", "Ăn/uống", "A  B", "x.y.", "ʼ"]
    )


def test_file_names_are_the_registers_own():
    numbers = _numbers()
    assert run_node("console.log(JSON.stringify(input.map(slugifyNumber)));", numbers) == [
        slugify_number(n) for n in numbers
    ]


def test_paths_of_documents_and_intake():
    rules = cms.formats()
    payload = [
        [rules["nhiemvu-document"]["path"], {"number": "45/QĐ-UBND", "issued": "2026-03-02"}],
        [rules["nhiemvu-intake"]["path"], {"number": "215/TTr-SNNMT", "received": "2025-12-31"}],
        [rules["nhiemvu-document"]["path"], {"number": "45/QĐ-UBND"}],
    ]
    assert run_node("console.log(JSON.stringify(input.map(([r, d]) => registerPath(r, d))));", payload) == [
        "register/documents/2026/45-QD-UBND.yaml",
        "register/intake/2025/215-TTr-SNNMT.yaml",
        None,
    ]


TRICKY = [
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "15:00",
    "1:30:00",
    "1_000",
    "0x1F",
    "0o17",
    "017",
    "1e3",
    "1.5e+3",
    ".5",
    ".inf",
    "-.NaN",
    "~",
    "null",
    "Null",
    "",
    "true",
    "2026-03-02",
    "2026-3-2 10:00:00",
    ": x",
    "- x",
    "#x",
    "a: b",
    "a #b",
    "a#b",
    "[x]",
    "{x}",
    "'q'",
    '"dq"',
    "!tag",
    "&a",
    "*a",
    "%x",
    "@x",
    "`x",
    "|",
    ">",
    "?",
    "? x",
    "x:",
    "Đắk Lắk",
    "45/QĐ-UBND",
    "Về việc: thử",
    "ngày 02/9",
    "100%",
    "a\\b",
    "tab\tin",
    "  hai  dấu cách  ",
    "e\u0301",
    "dòng 1\ndòng 2",
    "<<",
    "=",
]


def test_written_text_reads_back_as_the_same_text():
    """What the form writes for any text, PyYAML (the checker's parser) reads as that text,
    cleaned as `nhiemvu fix` would clean it; a date field stays a date."""
    descriptors = cms.formats()
    outs = run_node(
        "const f = makeFormats(YAML, input.descriptors)['nhiemvu-document'];\n"
        "console.log(JSON.stringify(input.texts.map(t => f.toFile({number: '1/QĐ-UBND', title: t, "
        "issued: '2026-03-02', signer: 'CT', tasks: [{id: 1, content: t, assignee: 'STC', monitor: 'TH', "
        "classification: 'QC45_d'}]}))));",
        {"descriptors": descriptors, "texts": TRICKY},
    )
    for text, out in zip(TRICKY, outs, strict=True):
        value, _, problems = parse_yaml(out.encode("utf-8"), "x.yaml")
        assert problems == [], (text, out)
        expected = clean_text(text)
        if expected:
            assert value["title"] == expected and value["tasks"][0]["content"] == expected, (text, out)
        else:
            assert "title" not in value, out  # an emptied text is not written
        assert value["issued"] == dt.date(2026, 3, 2), out
        assert yaml.safe_load(out)["title" if expected else "number"] == (expected or "1/QĐ-UBND"), out


SAVE_SCRIPT = """
const formats = makeFormats(YAML, input.descriptors);
const out = {};
for (const [path, name, source, change] of input.jobs) {
  const f = formats[name];
  const data = source === null ? {} : f.fromFile(source);
  const changed = new Function('data', change)(data) || data;
  out[path] = f.toFile(changed);
}
console.log(JSON.stringify(out));
"""


def test_saved_files_pass_check_and_fix_leaves_them(tmp_path):
    """Files the form writes — new and changed — are accepted by `nhiemvu check --since` and
    `nhiemvu fix` has nothing to clean (Node writes them with the editor's own module)."""
    register = make_register(tmp_path / "repo")
    root = register.parent
    doc_path = "register/documents/2026/45-QD-UBND.yaml"
    agencies = "register/agencies.yaml"
    jobs = [
        [
            doc_path,
            "nhiemvu-document",
            (root / doc_path).read_text(encoding="utf-8"),
            "data.tasks[1].progress = [{date: '2026-03-20', status: 'in_progress', note: ' Đã  triển khai '}];"
            "data.tasks[0].coordinators.push('KT'); data.title += ' (bổ sung)';",
        ],
        [
            "register/documents/2026/46-QD-UBND.yaml",
            "nhiemvu-document",
            None,
            "return {number: '46/QĐ-UBND', title: 'Về việc thử', issued: '2026-03-05', signer: 'CT', "
            "submitted_by: '', urgency: 'normal', secrecy: 'none', tasks: ["
            "{id: 1, content: 'Loại a', assignee: 'STC', coordinators: ['SNV'], monitor: 'TH', "
            "classification: 'QC45_a', deadline: '2026-04-30', extensions: [], progress: []},"
            "{id: 2, content: 'Loại c', assignee: 'SNV', coordinators: [], monitor: 'KT', classification: 'QC45_c', "
            "deadline: ''}]};",
        ],
        [
            "register/intake/2026/17-TTr-STC.yaml",
            "nhiemvu-intake",
            None,
            "return {number: '17/TTr-STC', title: 'Đề nghị bổ sung dự toán', sender: 'STC', received: '2026-03-04', "
            "lead: 'regulation', monitor: 'TH', note: ''};",
        ],
        [
            agencies,
            "nhiemvu-agencies",
            (root / agencies).read_text(encoding="utf-8"),
            "data.items.push({code: 'SO_MOI', name: 'Sở Mới', kind: 'department', valid_from: '2026-01-01'});",
        ],
    ]
    outs = run_node(SAVE_SCRIPT, {"descriptors": cms.formats(), "jobs": jobs})
    for path, text in outs.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    new_doc = (root / "register/documents/2026/46-QD-UBND.yaml").read_text(encoding="utf-8")
    assert new_doc.startswith(
        "# yaml-language-server: $schema=../../../generator/schemas/document.schema.json\nnumber: 46/QĐ-UBND\n"
    )
    assert "coordinators: [SNV]\n" in new_doc and "deadline: ''" not in new_doc and "progress" not in new_doc
    changed = git(root, "diff", "--", doc_path)
    assert "+    coordinators: [SNV, KT]" in changed and "+        note: Đã triển khai" in changed
    check = run_cli(["check", "--register", "register", "--as-of", "2026-03-20", "--since", "HEAD"], cwd=root)
    assert check.exit_code == 0, check.output
    fix = run_cli(["fix", "--register", "register", "--dry-run"], cwd=root)
    assert fix.exit_code == 0 and "0 giá trị" in fix.output, fix.output
