"""What the register's Git history gives the site: the "Thay đổi gần đây" rows and the Atom
feed (`feed.xml`).

History is an input like the register: the same commits give the same bytes (no build
timestamp; dates are commit dates in Vietnam time). Only changes to documents that are in the
register being published are shown, with the title as the register has it now: a document
that was removed, or was ever secret, never reaches a page or the feed through its history.
Commit messages are never shown (a clerk may write anything there).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from generator.history.log import Change, History
from generator.vi import fmt_datetime

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
_TASKS_SHOWN = 8
# Characters XML 1.0 does not allow at all (escaping cannot save them): drop them.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One document touched by one commit, as the site shows it."""

    when: dt.datetime  # commit date, in the register's time zone
    updater: str  # the office or division that updated it (never a person's name from Git)
    sha: str  # only for the feed entry's stable id, never shown
    path: str
    doc_label: str  # «14/CT-UBND (2026)»
    doc_title: str
    doc_page: str  # the document's generated page (`van-ban/2026/14-ct-ubnd.md`)
    action: str  # added | modified
    summary: str  # Vietnamese: what changed

    @property
    def entry_id(self) -> str:
        """A stable Atom id from the commit and the file (a name-based UUID URN)."""
        return uuid.uuid5(uuid.NAMESPACE_URL, f"nhiemvu:{self.sha}:{self.path}").urn


def _tasks(ids: tuple[int, ...]) -> str:
    shown = ", ".join(str(i) for i in ids[:_TASKS_SHOWN])
    if len(ids) > _TASKS_SHOWN:
        shown += f" và {len(ids) - _TASKS_SHOWN} nhiệm vụ khác"
    return shown


def describe(change: Change) -> str:
    """What a commit did to one document, in a sentence a reader understands."""
    parts = []
    if change.action == "added":
        n = len(change.tasks_added)
        parts.append(f"nhập văn bản vào sổ ({n} nhiệm vụ)" if n else "nhập văn bản vào sổ")
    elif change.tasks_added:
        parts.append(f"thêm nhiệm vụ {_tasks(change.tasks_added)}")
    if change.progress_added:
        parts.append(f"cập nhật tiến độ nhiệm vụ {_tasks(change.progress_added)}")
    if change.extensions_added:
        parts.append(f"gia hạn nhiệm vụ {_tasks(change.extensions_added)}")
    if change.tasks_changed and change.action != "added":
        parts.append(f"sửa nhiệm vụ {_tasks(change.tasks_changed)}")
    text = "; ".join(parts) or "sửa thông tin văn bản"
    return text[0].upper() + text[1:]


def recent_changes(
    history: History | None,
    documents: dict[str, tuple[object, str]],
    until: dt.datetime,
    limit: int,
    updater: Callable[[object], str],
) -> list[ChangeView]:
    """The latest `limit` changes to published documents committed up to `until`, newest first.

    `documents` maps a document's repository path to (document, page); `updater(document)` says
    who updated it on public pages. One pass over the history's changes; ties in date keep the
    history's (topological) order.
    """
    if history is None or not history.available:
        return []
    picked: list[ChangeView] = []
    for change in history.changes:  # newest first already
        if change.action == "deleted" or change.commit.committed > until:
            continue
        found = documents.get(change.path)
        if found is None:
            continue
        doc, page = found
        picked.append(
            ChangeView(
                when=change.commit.committed,
                updater=updater(doc),
                sha=change.commit.sha,
                path=change.path,
                doc_label=doc.label,
                doc_title=doc.title or "",
                doc_page=page,
                action=change.action,
                summary=describe(change),
            )
        )
        if len(picked) >= limit:
            break
    # A rebased history can have commit dates out of order; show the newest date first.
    return sorted(picked, key=lambda c: c.when, reverse=True)


def _text(value: object) -> str:
    text = _NOT_XML.sub("", str(value))
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(value: object) -> str:
    return _text(value).replace('"', "&quot;").replace("'", "&apos;")


def _stamp(when: dt.datetime) -> str:
    return when.isoformat(timespec="seconds")


def feed_id(site_url: str | None, office: str | None) -> str:
    """The feed's own id: stable for a given site address (or office, without one)."""
    key = f"{site_url}feed.xml" if site_url else f"nhiemvu:{office or ''}"
    return uuid.uuid5(uuid.NAMESPACE_URL, key).urn


def atom_feed(
    changes: Iterable[ChangeView],
    *,
    title: str,
    site_url: str | None,
    office: str | None,
    page_url: Callable[[str], str],
    fallback_updated: dt.datetime,
) -> bytes:
    """A valid Atom 1.0 document for `changes` (newest first), every value escaped.

    `page_url` turns a generated page into a link relative to the site root; with a site
    address the links are absolute. `fallback_updated` dates a feed with no entry.
    """
    changes = list(changes)

    def link(target: str) -> str:
        return urljoin(site_url, target) if site_url else target

    updated = changes[0].when if changes else fallback_updated
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="{ATOM_NS}" xml:lang="vi">',
        f"  <id>{_text(feed_id(site_url, office))}</id>",
        f"  <title>{_text(title)}</title>",
        "  <subtitle>Các thay đổi mới nhất của sổ theo dõi nhiệm vụ.</subtitle>",
        f"  <updated>{_stamp(updated)}</updated>",
        f'  <link rel="alternate" type="text/html" href="{_attr(link(page_url("thay-doi-gan-day.md")))}"/>',
    ]
    if site_url:
        lines.append(f'  <link rel="self" type="application/atom+xml" href="{_attr(link("feed.xml"))}"/>')
    lines += [
        f"  <author><name>{_text(office or title)}</name></author>",
        "  <generator>nhiemvu</generator>",
    ]
    for c in changes:
        lines += [
            "  <entry>",
            f"    <id>{c.entry_id}</id>",
            f"    <title>{_text(c.doc_label)}: {_text(c.summary)}</title>",
            f"    <updated>{_stamp(c.when)}</updated>",
            f"    <author><name>{_text(c.updater)}</name></author>",
            f'    <link rel="alternate" type="text/html" href="{_attr(link(page_url(c.doc_page)))}"/>',
            f"    <summary>{_text(c.summary)}. Văn bản {_text(c.doc_label)}: {_text(c.doc_title)}."
            f" Ngày {fmt_datetime(c.when)}, {_text(c.updater)} cập nhật.</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
