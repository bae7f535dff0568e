"""MkDocs hooks that `nhiemvu build` adds to the configuration it writes (`hooks:`), so that a
register of 10,000 documents builds inside its time budget.

- A page whose front matter says `markdown: false` is written in HTML by its template: its body
  skips Python-Markdown (whose raw-HTML parser was a third of the build) and becomes the page's
  content as it is. Markdown would have passed the same HTML through unchanged; such a page
  has no table of contents (Markdown lists only its own headings, never HTML ones).
- `.search-entries.json` in the docs folder (a dot file, so never published) holds, per page,
  the search entries computed from the register's data (`generator.site.search`): those pages
  are left out of Material's own indexing (which parses every page's HTML again) and their
  entries are appended to `search/search_index.json` after Material has written it.

Without these hooks (the repository's own mkdocs.yml, Zensical) the same docs folder builds the
same pages: the HTML goes through Markdown unchanged and Material indexes every page itself.
This file is loaded by MkDocs from its path, so it imports nothing from the package.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.plugins import event_priority

ENTRIES_FILE = ".search-entries.json"

_html: dict[str, str] = {}  # src_uri -> the page's HTML body, between on_page_markdown and on_page_content
_entries: dict[str, list[dict]] = {}  # src_uri -> entries (from ENTRIES_FILE)
_indexed: list[dict] = []  # entries of the pages built, with their locations


def on_pre_build(config) -> None:
    _html.clear()
    _indexed.clear()
    _entries.clear()
    path = Path(config["docs_dir"]) / ENTRIES_FILE
    if path.is_file():
        _entries.update(json.loads(path.read_text(encoding="utf-8")))


def on_page_markdown(markdown: str, page, config, files) -> str:
    src = page.file.src_uri
    entries = _entries.get(src)
    if entries is not None:
        search = page.meta.get("search") or {}
        boost = {"boost": search["boost"]} if "boost" in search else {}  # as Material gives every section
        page.meta["search"] = {**search, "exclude": True}
        for entry in entries:
            location = page.url + (f"#{entry['anchor']}" if entry.get("anchor") else "")
            _indexed.append({"location": location, **{k: v for k, v in entry.items() if k != "anchor"}, **boost})
    if page.meta.get("markdown") is False:
        _html[src] = markdown
        return ""
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    return _html.pop(page.file.src_uri, html)


@event_priority(-100)  # after Material's search plugin has written the index
def on_post_build(config) -> None:
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not _indexed or not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"].extend(_indexed)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
