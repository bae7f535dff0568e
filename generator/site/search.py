"""Search entries of the document pages, computed from the register's data rather than parsed
back out of the pages' HTML (`mkdocs_hooks` appends them to Material's search index).

One entry per document page (its number, date, title, signer) and one per task, pointing at
the task's section (`#nv-<id>`), so that a search for a task's words leads to that task. Texts
are escaped for HTML exactly as Material escapes the text it indexes (the search box shows them
as HTML); the page's own `search: boost` is given to each of them by the hook. Only what the
page itself shows is indexed: progress entries dated after the as-of
date are not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from generator.register.model import STATUSES
from generator.register.status import CATEGORIES
from generator.site.html import plain_title
from generator.vi import fmt_date

# In the docs folder, a dot file so that MkDocs never publishes it; mkdocs_hooks.ENTRIES_FILE.
SEARCH_ENTRIES = ".search-entries.json"


def _text(*parts: str | None) -> str:
    return escape(" · ".join(p for p in parts if p), quote=False)


def document_entries(doc, rows: dict, signer, agency_name: Callable[[str], str], as_of: dt.date) -> list[dict]:
    """The entries of one document page: the page itself, then each task (`rows`: the task
    rows of the site by global id, for the status the page shows)."""
    signed = f"Người ký: {signer.name if signer is not None else doc.signer}"
    head = {
        "title": escape(plain_title(f"{doc.label}: {doc.title}"), quote=False),
        "text": _text(
            doc.title,
            f"Số, ký hiệu {doc.number}",
            f"ban hành ngày {fmt_date(doc.issued)}",
            signed,
            f"Cơ quan trình: {agency_name(doc.submitted_by)}" if doc.submitted_by else None,
        ),
    }
    entries = [head]
    for task in doc.tasks:
        row = rows.get(task.global_id)
        parts = [task.content, f"Chủ trì: {agency_name(task.assignee)}"]
        if task.coordinators:
            parts.append("Phối hợp: " + "; ".join(agency_name(c) for c in task.coordinators))
        if row is not None:
            parts.append(f"{STATUSES.get(row.status, row.status)}, {CATEGORIES.get(row.category, row.category)}")
            parts.append(f"Thời hạn: {fmt_date(row.deadline)}" if row.deadline else None)
        parts += [f"Gia hạn theo văn bản {e.document}" for e in task.extensions if e.document]
        for p in task.progress:
            if p.date is None or p.date > as_of:
                continue
            parts += [p.note, f"Lý do chậm: {p.delay_reason}" if p.delay_reason else None]
            parts += [f"Báo cáo: {p.report}" if p.report else None, p.recommendation]
        label = row.label if row is not None else f"{doc.label} #{task.id}"
        title = escape(plain_title(label), quote=False)
        entries.append({"anchor": f"nv-{task.id}", "title": title, "text": _text(*parts)})
    return entries
