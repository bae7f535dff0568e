"""HTML-side helpers of the site: safe page titles, page file names, relative URLs.

None of them touches the file system. Vietnamese dates, numbers and rates are formatted by
`generator.vi`.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import unicodedata

from markupsafe import Markup

from generator.vi import truncate

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
# Characters that have a meaning in HTML, even after Jinja's `striptags` unescapes them:
# MkDocs and Material insert page titles and the site name unescaped in several places
# (<title>, navigation, attributes), so titles must not contain them at all.
_TITLE_REPLACEMENTS = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "ʼ"})
_SAFE_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~/%-]*)?")


def plain_title(text: str, limit: int = 160) -> str:
    """A page title with nothing HTML could interpret (see _TITLE_REPLACEMENTS)."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", str(text)))
    return truncate(text.translate(_TITLE_REPLACEMENTS), limit)


def front_matter_title(text: str) -> Markup:
    """The title as a YAML double-quoted scalar for a page's front matter."""
    return Markup(json.dumps(plain_title(text), ensure_ascii=False))


# The name of a section's own page inside every folder where entity pages live (co-quan/,
# theo-doi/, phan-loai/, van-ban/<year>/): no agency, division, class or document may take it.
SECTION_PAGE = "index"


def safe_slug(code: str) -> str:
    """A file name for a page about `code` (an agency, a division, a class, a document); codes
    that are not plain, or that would take the section's own page name, get a stable hash."""
    if _SAFE_CODE.fullmatch(code) and code.lower() != SECTION_PAGE:
        return code.lower()
    return "x-" + hashlib.sha1(code.encode("utf-8")).hexdigest()[:12]


def url_of(md_path: str) -> str:
    """Directory URL of a generated page: `co-quan/stc.md` → `co-quan/stc/`."""
    if md_path == "index.md":
        return ""
    if md_path.endswith("/index.md"):
        return md_path[: -len("index.md")]
    if md_path.endswith(".md"):
        return md_path[: -len(".md")] + "/"
    return md_path


def relative_url(from_md: str, target: str) -> str:
    """Link from one page to another page (`*.md`) or file, relative so the site can move.

    MkDocs rewrites links in Markdown but not in raw HTML, and our tables are raw HTML.
    """
    base = url_of(from_md) or "."
    dest = url_of(target) if target.endswith(".md") else target
    rel = posixpath.relpath(dest or ".", base)
    if target.endswith(".md"):
        return "./" if rel == "." else rel + "/"
    return rel


def natural_key(text: str) -> tuple:
    """Sort `9/CT-UBND` before `14/CT-UBND`: numbers by value, the rest by text."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p)


def clean_site_url(url: str | None) -> str | None:
    """The register's `site_url` ending in `/` if it is a plain http(s) address, else None."""
    url = (url or "").strip()
    if not _URL.fullmatch(url):
        return None
    return url if url.endswith("/") else url + "/"
