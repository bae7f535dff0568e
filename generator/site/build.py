"""Build the public site: checked register → Markdown pages → MkDocs + Material → HTML.

All generation happens here, before MkDocs runs, and `mkdocs.yml` uses only MkDocs core
and Material's built-in features, so that Zensical can build the same docs folder. The
builder refuses secret documents in a public register on its own, whatever the checker
said: nothing secret may reach a public page (R5, R12).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

from generator.errors import SiteError
from generator.history.log import History
from generator.register.model import DEFAULT_LICENCE, Register
from generator.register.secrecy import public_view, refuse_secret_register, secret_file_list
from generator.register.status import TaskState
from generator.reports.export import export_csv, export_json, task_rows
from generator.reports.figures import agency_figures, figures_csv, figures_json
from generator.site.customisation import mkdocs_config, templates_dir
from generator.site.html import clean_site_url, plain_title
from generator.site.pages import write_docs

DEFAULT_SITE_NAME = "Theo dõi nhiệm vụ UBND tỉnh giao"
DOCS_MARKER = ".nhiemvu-docs"  # marks a docs folder we generated, so we may empty it
# Marks a site folder this tool built (written on every build; MkDocs keeps hidden files when it
# empties the folder): only such a folder, an empty one or a new one is ever emptied.
SITE_MARKER = ".nhiemvu-site"
SITE_MARKER_TEXT = "Thư mục này do «nhiemvu build» tạo; mỗi lần build, toàn bộ nội dung được xóa và tạo lại.\n"


@dataclass(frozen=True, slots=True)
class RuleView:
    """One error code as the "Mã lỗi" page shows it (Markdown from the code, not from YAML)."""

    code: str
    anchor: str
    severity_label: str
    title: str
    doc: Markup
    passing: Markup
    failing: Markup


# -- refusals ----------------------------------------------------------------------------


def refuse_secrets(register: Register) -> None:
    """Nothing secret is ever built, whatever register.yaml says: a secret register is refused
    whole, and a public one holding any secret document or book (loaded or not) too."""
    refuse_secret_register(register, "xuất bản")
    secret = secret_file_list(register)
    if not secret:
        return
    lines = [
        (
            "Không xuất bản: sổ theo dõi công khai có văn bản mật hoặc sổ tài liệu mật. "
            "Văn bản mật không bao giờ được đưa lên trang công khai:"
        )
    ]
    lines += [f"  {file}" for file in secret]
    lines.append(
        "Cách sửa: xóa các tệp này khỏi sổ công khai và khỏi lịch sử Git (docs/so-mat.md); văn bản mật "
        "được quản lý trong sổ mật trên máy không kết nối mạng."
    )
    raise SiteError("\n".join(lines))


def _inside(path: Path, other: Path) -> bool:
    return path == other or other in path.parents


def check_output_dirs(site_dir: Path, register_dir: Path | None, docs_dir: Path | None = None) -> None:
    """Never write into the register nor wipe a folder that is not a site we built.

    MkDocs empties its site folder before building: a wrong --site-dir must not lose data.
    """
    site = site_dir.resolve()
    targets = [("--site-dir", site)] + ([("--docs-dir", docs_dir.resolve())] if docs_dir else [])
    if register_dir is not None:
        reg = register_dir.resolve()
        for option, path in targets:
            if _inside(path, reg) or _inside(reg, path):
                raise SiteError(
                    f"Không xuất bản: thư mục {option} «{path}» trùng, nằm trong hoặc chứa thư mục "
                    f"sổ theo dõi «{reg}». Hãy chọn một thư mục khác, ví dụ site/."
                )
    if site.exists():
        if not site.is_dir():
            raise SiteError(f"Không xuất bản: «{site}» là một tệp, không phải thư mục.")
        if any(site.iterdir()) and not (site / SITE_MARKER).is_file():
            raise SiteError(
                f"Không xuất bản: thư mục «{site}» đã có tệp nhưng không phải trang do nhiemvu tạo (không có "
                f"tệp đánh dấu {SITE_MARKER}); lệnh build sẽ xóa toàn bộ thư mục này.",
                "Chọn một thư mục trống hoặc thư mục mới cho --site-dir; nếu đó đúng là trang cũ không cần giữ, "
                "xóa thư mục đó trước rồi chạy lại.",
            )
    if docs_dir is not None and docs_dir.exists():
        entries = list(docs_dir.iterdir())
        if entries and not (docs_dir / DOCS_MARKER).exists():
            raise SiteError(
                f"Không xuất bản: thư mục --docs-dir «{docs_dir}» đã có tệp khác; "
                "hãy chọn một thư mục trống hoặc thư mục mới."
            )


# -- inputs of the pages -----------------------------------------------------------------


def export_files(register: Register, states: list[TaskState], as_of: dt.date) -> dict[str, bytes]:
    """data/tasks.* (the same data as `nhiemvu export`) and data/agencies.* (the figures the
    agency ranking shows)."""
    rows = task_rows(states)
    figures = agency_figures(states, register)
    return {
        "data/tasks.json": export_json(rows, as_of).encode("utf-8"),
        "data/tasks.csv": export_csv(rows),
        "data/agencies.json": figures_json(figures, as_of).encode("utf-8"),
        "data/agencies.csv": figures_csv(figures),
    }


def _fence(text: str) -> Markup:
    if not text.strip():
        return Markup("")
    longest = max((len(m) for m in re.findall(r"`{3,}|~{3,}", text)), default=2)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}yaml\n{text.rstrip()}\n{fence}")


def rule_views() -> list[RuleView]:
    """The checker's rules for the "Mã lỗi" page (their docs are trusted Markdown from code)."""
    import generator.history.rules  # noqa: F401  (history codes join the catalog)
    from generator.register.rules import catalog

    views = []
    for info in sorted(catalog(), key=lambda r: r.code):
        views.append(
            RuleView(
                code=info.code,
                anchor="ma-" + re.sub(r"[^a-z0-9-]+", "-", info.code.lower()).strip("-"),
                severity_label="Lỗi" if info.severity == "error" else "Cảnh báo",
                title=info.title,
                doc=Markup(info.doc or ""),
                passing=_fence(info.passing or ""),
                failing=_fence(info.failing or ""),
            )
        )
    return views


# -- MkDocs --------------------------------------------------------------------------------


def _relative(path: Path, base: Path) -> str:
    """Path relative to the config's folder: Zensical rejects absolute docs_dir/site_dir."""
    return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()


_HTTPS = re.compile(r"https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s\"'<>`\\]*)?")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def footer_html(settings) -> str:
    """Every page's footer: the office, the open-data licence, and where to report an error.
    MkDocs puts it in the page unescaped, so every part is escaped or validated here."""
    parts = [html.escape(plain_title(settings.office))] if settings.office else []
    licence = settings.licence or DEFAULT_LICENCE
    name = html.escape(plain_title(licence.get("name") or DEFAULT_LICENCE["name"]))
    url = licence.get("url") or ""
    link = f'<a href="{html.escape(url)}" rel="license">{name}</a>' if _HTTPS.fullmatch(url) else name
    parts.append(f"Dữ liệu mở theo giấy phép {link}")
    feedback = settings.feedback or ""
    if _HTTPS.fullmatch(feedback):
        parts.append(f'<a class="nv-feedback" href="{html.escape(feedback)}" rel="noopener">Báo sai sót</a>')
    elif _EMAIL.fullmatch(feedback):
        parts.append(
            f'<a class="nv-feedback" href="mailto:{html.escape(feedback)}">Báo sai sót</a> ({html.escape(feedback)})'
        )
    return " · ".join(parts)


def site_config(register: Register, docs_dir: Path, site_dir: Path, config_dir: Path) -> dict:
    """The repository's mkdocs.yml with this register's folders, name and address."""
    base = mkdocs_config(register.repo_root)
    config = yaml.safe_load(base.read_text(encoding="utf-8"))
    settings = register.settings
    config["docs_dir"] = _relative(docs_dir, config_dir)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):  # template overrides, next to mkdocs.yml
        custom = base.parent / theme["custom_dir"]
        if not custom.is_dir():  # a province's own mkdocs.yml over the shipped templates
            custom = templates_dir(register.repo_root) / "overrides"
        theme["custom_dir"] = _relative(custom, config_dir)
    config["site_dir"] = _relative(site_dir, config_dir)
    hooks = Path(__file__).with_name("mkdocs_hooks.py")
    own = [_relative(base.parent / h, config_dir) for h in config.get("hooks") or []]  # a province's hooks
    config["hooks"] = [*own, _relative(hooks, config_dir)]
    if settings.office:
        config["site_name"] = plain_title(f"Theo dõi nhiệm vụ - {settings.office}")
    else:
        config.setdefault("site_name", DEFAULT_SITE_NAME)
    config["copyright"] = footer_html(settings)
    url = clean_site_url(settings.site_url)
    if url:
        config["site_url"] = url
    else:
        config.pop("site_url", None)
    return config


def write_config(config: dict, path: Path) -> Path:
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_env(as_of: dt.date) -> dict[str, str]:
    """Environment for a reproducible build: the as-of date is the only timestamp."""
    epoch = int(dt.datetime.combine(as_of, dt.time(), tzinfo=dt.UTC).timestamp())
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED="0", TZ="UTC", LC_ALL="C.UTF-8", NO_MKDOCS_2_WARNING="1")
    return env


def run_mkdocs(config_path: Path, as_of: dt.date) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "--quiet", "-f", str(config_path)],
        check=False,
        capture_output=True,
        text=True,
        env=build_env(as_of),
        cwd=config_path.parent,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-4000:]
        raise SiteError(f"MkDocs không tạo được trang (mã thoát {result.returncode}):\n{detail}")


def prepare_docs(
    register: Register,
    states: list[TaskState],
    as_of: dt.date,
    docs_dir: Path,
    site_dir: Path,
    history: History | None = None,
) -> Path:
    """Write the docs folder and its MkDocs config (`<docs_dir>/../mkdocs.yml`); return it.

    `history` (one pass of `generator.history.collect`) adds what Git knows; without it the
    pages omit those parts.
    """
    refuse_secrets(register)
    register, states = public_view(register, states)
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    write_docs(
        register,
        states,
        as_of,
        docs_dir,
        export_files=export_files(register, states, as_of),
        rules=rule_views(),
        history=history,
    )
    (docs_dir / DOCS_MARKER).write_text("", encoding="utf-8")
    config = site_config(register, docs_dir, site_dir, docs_dir.parent)
    return write_config(config, docs_dir.parent / (docs_dir.name + "-mkdocs.yml"))


def build_site(
    register: Register,
    states: list[TaskState],
    as_of: dt.date,
    site_dir: Path,
    *,
    register_dir: Path | None = None,
    docs_dir: Path | None = None,
    history: History | None = None,
) -> Path:
    """Render and build the site into `site_dir`; raise SiteError with the reason if refused."""
    refuse_secrets(register)
    check_output_dirs(site_dir, register_dir if register_dir else register.root, docs_dir)
    if docs_dir is not None:
        docs_dir.parent.mkdir(parents=True, exist_ok=True)
        config = prepare_docs(register, states, as_of, docs_dir, site_dir, history)
        run_mkdocs(config, as_of)
    else:
        with tempfile.TemporaryDirectory(prefix="nhiemvu-site-") as work:
            config = prepare_docs(register, states, as_of, Path(work) / "docs", site_dir, history)
            run_mkdocs(config, as_of)
    (site_dir / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
    return site_dir
