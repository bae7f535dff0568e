"""Small text helpers for the site: Vietnamese dates and numbers, safe page titles, URLs.

Kept apart from the page builder so that they can be tested on their own and reused by
reports; none of them touches the file system.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
import unicodedata

from markupsafe import Markup

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
# Characters that have a meaning in HTML, even after Jinja's `striptags` unescapes them:
# MkDocs and Material insert page titles and the site name unescaped in several places
# (<title>, navigation, attributes), so titles must not contain them at all.
_TITLE_REPLACEMENTS = str.maketrans({"<": "‹", ">": "›", "&": "＆", '"': "”", "'": "’", "`": "ʼ"})
_SAFE_CODE = re.compile(r"[A-Za-z0-9_-]{1,64}")
_URL = re.compile(r"https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9._~/%-]*)?")


def vn_date(day: dt.date | None) -> str:
    """`2017-09-08` → `08/09/2017` (Vietnamese order); empty for no date."""
    return day.strftime("%d/%m/%Y") if day else ""


def vn_datetime(moment: dt.datetime | None) -> str:
    """A commit time as `08/09/2017 14:05` (already in Vietnam time); empty for none."""
    return moment.strftime("%d/%m/%Y %H:%M") if moment else ""


def vn_time(moment: dt.datetime | None) -> str:
    """`15:00`: the time of day of a moment; empty for none."""
    return moment.strftime("%H:%M") if moment else ""


def vn_number(value: int) -> str:
    """Thousands with a dot, as written in Vietnam: 10000 → `10.000`."""
    return f"{value:,}".replace(",", ".")


def vn_rate(rate: float | None) -> str:
    """0.857 → `85,7%`; `—` when there is nothing to measure."""
    if rate is None:
        return "—"
    return f"{rate * 100:.1f}".replace(".", ",") + "%"


def plain_title(text: str, limit: int = 160) -> str:
    """A page title with nothing HTML could interpret (see _TITLE_REPLACEMENTS)."""
    text = _CONTROL.sub(" ", unicodedata.normalize("NFC", str(text)))
    text = " ".join(text.translate(_TITLE_REPLACEMENTS).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def front_matter_title(text: str) -> Markup:
    """The title as a YAML double-quoted scalar for a page's front matter."""
    return Markup(json.dumps(plain_title(text), ensure_ascii=False))


def safe_slug(code: str) -> str:
    """A file name for a page about `code`; codes that are not plain get a stable hash."""
    if _SAFE_CODE.fullmatch(code):
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
