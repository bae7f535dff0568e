"""Render the site's Markdown pages from the Jinja2 templates in `site_templates/`.

Everything the site shows is computed here, before MkDocs runs (MkDocs only turns the
pages into HTML), so that Zensical can build the same folder. Values from the register
appear inside raw HTML blocks, escaped by Jinja2's autoescape: Markdown never sees them, so
`[x](javascript:…)` or `<script>` in a summary stays text. The one exception is the Báo cáo
month pages, which carry the monthly compilation's own Markdown (`reports.render_markdown`,
where every value goes through `reports.md`: HTML entities, Markdown punctuation and
line-start markers escaped).
"""

from __future__ import annotations

import datetime as dt
import heapq
import json
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from generator.errors import SiteError
from generator.history.log import History
from generator.register.model import (
    AGENCY_KINDS,
    CLASSIFICATIONS,
    SECRECY_LEVELS,
    STATUSES,
    URGENCIES,
    Register,
    is_secret,
)
from generator.register.status import CATEGORIES, RATE_DEFINITION, TaskState, count_categories, end_of_day, on_time_rate
from generator.reports.reminders import Week, not_updated, weeks_at
from generator.site import parallel
from generator.site.charts import CATEGORY_COLOURS, Bar, bar_chart
from generator.site.customisation import docs_dir, templates_dir
from generator.site.feed import FEED_ENTRIES, ChangeView, atom_feed, recent_changes
from generator.site.guide import guide_pages, requirement_links
from generator.site.html import (
    clean_site_url,
    front_matter_title,
    natural_key,
    relative_url,
    safe_slug,
    url_of,
)
from generator.site.search import SEARCH_ENTRIES, document_entries
from generator.vi import WEEKDAYS_VI, fmt_date, fmt_datetime, fmt_number, fmt_rate, fmt_time

# Categories in the order the Government's report lists them (cancelled tasks apart).
CATEGORY_ORDER = ["done_on_time", "done_late", "open_on_time", "overdue", "no_deadline"]
LATEST_CHANGES = 20
RECENT_CHANGES = 200  # rows of the "Thay đổi gần đây" page
TOP_OVERDUE_AGENCIES = 10


def classification_label(code: str) -> str:
    """A classification as the public pages show it: its meaning, then the regulation and
    letter (`QC45_a` → `Có thời hạn, phải trình hoặc báo cáo (QC45, loại a)`); a code
    without a known meaning stays as it is."""
    text = CLASSIFICATIONS.get(code)
    if text is None:
        return code
    regulation, letter = code.rsplit("_", 1)
    return f"{text} ({regulation}, loại {letter})"


@dataclass(slots=True)
class Row:
    """One task as the tables show it (computed once, shown on several pages)."""

    id: str  # the global id (anchors, keys)
    label: str  # what people read: «14/CT-UBND (2026) #3»
    task_no: int
    content: str
    doc_label: str  # «14/CT-UBND (2026)»
    doc_page: str
    assignee: str
    assignee_name: str
    assignee_page: str
    monitor: str
    monitor_name: str
    classification: str
    deadline: dt.date | None
    status: str
    category: str
    completed: dt.date | None
    days_overdue: int
    delay_reason: str | None
    explained: bool
    updated: dt.date | None = None  # "cập nhật lần cuối": Git history, else latest progress date


@dataclass(slots=True)
class Group:
    """Tasks of one agency, monitor, classification or document, with their counts."""

    key: str
    name: str
    page: str
    rows: list[Row] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    rate: float | None = None
    unexplained: int = 0

    @property
    def total(self) -> int:
        """Every task, cancelled ones included: the same number the build message and the open
        data give; cancelled tasks are shown apart and left out of the rate only."""
        return sum(self.counts.values())


def _group(key: str, name: str, page: str, states: list[TaskState], rows: list[Row]) -> Group:
    counts = count_categories(states)
    return Group(key, name, page, rows, counts, on_time_rate(counts), sum(1 for s in states if s.overdue_unexplained))


class SiteBuilder:
    """Holds the register's figures and writes every page into a docs folder."""

    def __init__(
        self,
        register: Register,
        states: list[TaskState],
        as_of: dt.date,
        export_files: dict[str, bytes] | None = None,
        rules: Iterable | None = None,
        history: History | None = None,
    ) -> None:
        self.register = register
        self.states = states
        self.as_of = as_of
        self.zone = register.settings.zone
        # History is optional: outside a Git repository the pages simply omit what it gives.
        self.history = history if history is not None and history.available else None
        self.history_notes = list(history.notes) if history is not None else []
        self.site_url = clean_site_url(register.settings.site_url)
        self.export_files = export_files or {}
        self.rules = list(rules or [])
        self.agencies = register.agencies
        self.templates = templates_dir(register.repo_root)
        self.env = self._environment()
        self._written: set[str] = set()  # pages rendered so far
        self._index()

    # -- figures ---------------------------------------------------------------------------

    def agency_name(self, code: str) -> str:
        agency = self.agencies.get(code)
        return agency.name if agency else code

    def agency_page(self, code: str) -> str:
        return f"co-quan/{safe_slug(code)}.md"

    def monitor_page(self, code: str) -> str:
        return f"theo-doi/{safe_slug(code)}.md"

    def document_page(self, doc) -> str:
        return self._doc_pages[id(doc)]

    def _index(self) -> None:
        self._doc_pages: dict[int, str] = {}
        taken: set[str] = set()
        documents = sorted(self.register.documents, key=lambda d: (d.issued, natural_key(d.number)))
        self.documents = documents
        for doc in documents:
            base = f"van-ban/{doc.issued.year}/{safe_slug(doc.slug)}"
            page, n = base + ".md", 2
            while page in taken:
                page, n = f"{base}-{n}.md", n + 1
            taken.add(page)
            self._doc_pages[id(doc)] = page
        self._doc_by_file = {
            doc.file: (doc, self._doc_pages[id(doc)]) for doc in documents if doc.file and not is_secret(doc)
        }

        self.rows = [self._row(s) for s in self.states]
        self._rows_by_id = {r.id: r for r in self.rows}
        by: dict[str, dict[str, list]] = {k: defaultdict(list) for k in ("agency", "monitor", "class", "doc")}
        for state, row in zip(self.states, self.rows, strict=True):
            for kind, key in (
                ("agency", row.assignee),
                ("monitor", row.monitor),
                ("class", row.classification),
                ("doc", row.doc_page),
            ):
                by[kind][key].append((state, row))

        def groups(kind: str, name: Callable[[str], str], page: Callable[[str], str]):
            return {
                key: _group(key, name(key), page(key), [s for s, _ in pairs], [r for _, r in pairs])
                for key, pairs in by[kind].items()
            }

        self.by_agency = groups("agency", self.agency_name, self.agency_page)
        self.by_monitor = groups("monitor", self.agency_name, self.monitor_page)
        self.by_class = groups("class", classification_label, lambda k: f"phan-loai/{safe_slug(k)}.md")
        self.by_doc = groups("doc", lambda k: k, lambda k: k)
        self.total = _group("all", "", "index.md", self.states, self.rows)

    def _row(self, s: TaskState) -> Row:
        task = s.task
        return Row(
            id=s.id,
            label=s.label,
            task_no=task.id,
            content=task.content,
            doc_label=s.document.label,
            doc_page=self.document_page(s.document),
            assignee=task.assignee,
            assignee_name=self.agency_name(task.assignee),
            assignee_page=self.agency_page(task.assignee),
            monitor=task.monitor,
            monitor_name=self.agency_name(task.monitor),
            classification=task.classification,
            deadline=s.deadline_in_force,
            status=s.status,
            category=s.category,
            completed=s.completed,
            days_overdue=s.days_overdue,
            delay_reason=s.delay_reason,
            explained=s.overdue and not s.overdue_unexplained,
            updated=self.task_updated(s),
        )

    def row_of(self, doc, task) -> Row | None:
        return self._rows_by_id.get(task.global_id)

    def task_updated(self, s: TaskState) -> dt.date | None:
        """When the task last changed: its last commit (Git), else its latest progress date.

        A commit later than the as-of date is not used (a past view of today's register).
        """
        if self.history is not None:
            entry = self.history.tasks.get(s.id)
            when = entry.last_changed.committed.date() if entry and entry.last_changed else None
            if when is not None and when <= self.as_of:
                return when
        dates = [p.date for p in s.task.progress if p.date is not None and p.date <= self.as_of]
        return max(dates, default=None)

    def document_history(self, doc) -> dict | None:
        """When the document entered the register, who committed it, and its last change."""
        if self.history is None:
            return None
        entry = self.history.documents.get(doc.file)
        if entry is None:
            return {"committed": False}
        return {"committed": True, "first": entry.first, "last": entry.last}

    def recent_changes(self, limit: int = RECENT_CHANGES) -> list[ChangeView]:
        return recent_changes(self.history, self._doc_by_file, end_of_day(self.as_of, self.zone), limit, self.updater)

    def updater(self, doc) -> str:
        """Who updated a document, as public pages say it: the office division that follows its
        tasks when there is one, else the Office. Never a person's name or e-mail from Git."""
        monitors = {t.monitor for t in doc.tasks}
        if len(monitors) == 1:
            code = monitors.pop()
            if code in self.agencies:
                return self.agencies[code].name
        return self.register.settings.office or "Văn phòng UBND tỉnh"

    def weekly(self) -> list[tuple[Week, list]]:
        """R7 at the end of the as-of day (never the wall clock): the last closed week (the
        compliance figure) and the current week so far (not due yet), each with its divisions
        and the rows of the tasks not updated in it."""
        rows = self._rows_by_id
        weeks = weeks_at(end_of_day(self.as_of, self.zone), self.register.settings.weekly_update)
        return [
            (
                week,
                [
                    (g, [rows[s.id] for s in g.rows if s.id in rows])
                    for g in not_updated(self.register, self.history, week)
                ],
            )
            for week in weeks
        ]

    def feed(self) -> bytes:
        settings = self.register.settings
        return atom_feed(
            self.recent_changes(FEED_ENTRIES),
            title=f"Thay đổi gần đây - {settings.office}"
            if settings.office
            else "Thay đổi gần đây của sổ theo dõi nhiệm vụ",
            site_url=self.site_url,
            office=settings.office,
            page_url=url_of,
            fallback_updated=dt.datetime.combine(self.as_of, dt.time(), tzinfo=self.zone),
        )

    def latest_changes(self) -> list:
        """The home page's latest changes: from Git history (ChangeView) when there is one,
        else the latest progress entries up to the as-of date (dicts)."""
        if self.history is not None:
            return self.recent_changes(LATEST_CHANGES)
        entries = (
            (p.date, row.id, i, p, row)
            for state, row in zip(self.states, self.rows, strict=True)
            for i, p in enumerate(state.task.progress)
            if p.date is not None and p.date <= self.as_of
        )
        latest = heapq.nlargest(LATEST_CHANGES, entries, key=lambda e: (e[0], e[1], e[2]))
        return [
            {
                "date": d,
                "row": row,
                "status": p.status,
                "note": p.note,
                "delay_reason": p.delay_reason,
                "report": p.report,
            }
            for d, _, _, p, row in latest
        ]

    def ranking(self) -> list[Group]:
        """Agencies with tasks, best on-time rate first, then fewest overdue."""
        return sorted(
            self.by_agency.values(), key=lambda g: (g.rate is None, -(g.rate or 0), g.counts.get("overdue", 0), g.key)
        )

    def overdue_rows(self) -> list[Row]:
        rows = [r for r in self.rows if r.category == "overdue"]
        return sorted(rows, key=lambda r: (r.deadline, natural_key(r.id)))

    # -- rendering -------------------------------------------------------------------------

    def _environment(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(self.templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters.update(
            date=fmt_date,
            datetime=fmt_datetime,
            datetime_time=fmt_time,
            num=fmt_number,
            rate=fmt_rate,
            title=front_matter_title,
            requirement_links=_requirement_links,
            classification=classification_label,
        )
        env.tests["valid_on"] = lambda item, day: item.valid_on(day)  # agencies, signers on a day
        env.globals.update(
            CATEGORIES=CATEGORIES,
            RATE_DEFINITION=RATE_DEFINITION,
            CATEGORY_ORDER=CATEGORY_ORDER,
            STATUSES=STATUSES,
            CLASSIFICATIONS=CLASSIFICATIONS,
            URGENCIES=URGENCIES,
            SECRECY_LEVELS=SECRECY_LEVELS,
            AGENCY_KINDS=AGENCY_KINDS,
            url=_url,
            site=self,
        )
        return env

    def render(self, template: str, page: str, docs: Path, **context) -> None:
        if page in self._written:  # two pages at one path: the second would silently replace the first
            raise SiteError(f"Hai trang cùng đường dẫn «{page}»: không xuất bản một trang bị ghi đè.")
        self._written.add(page)
        text = self.env.get_template(template).render(here=page, **context)
        path = docs / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")

    def category_chart(self, chart_id: str, counts: dict[str, int], table_id: str | None = None) -> Markup:
        bars = [Bar(CATEGORIES[k], counts.get(k, 0), CATEGORY_COLOURS[k]) for k in CATEGORY_ORDER]
        return bar_chart(chart_id, "Số nhiệm vụ theo tình hình thực hiện", bars, table_id)

    def overdue_chart(self, chart_id: str, groups: list[Group], table_id: str | None = None) -> Markup:
        bars = [Bar(g.name, g.counts.get("overdue", 0), CATEGORY_COLOURS["overdue"]) for g in groups]
        return bar_chart(chart_id, "Cơ quan có nhiều nhiệm vụ quá hạn nhất", bars, table_id)

    def write(self, docs: Path) -> None:
        """Write every page and file of the site into `docs` (which must be empty or absent)."""
        docs.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.templates / "assets", docs / "assets", dirs_exist_ok=True)
        for rel, data in sorted(self.export_files.items()):
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_bytes(data)

        before = set(self._written)

        def report_section() -> set[str]:
            self._write_reports(docs)
            return self._written - before

        reports = parallel.start(report_section)  # on the second core, while this one writes the rest
        try:
            self._write_pages(docs)
        except BaseException:
            reports.cancel()
            raise
        theirs = reports.result()
        if reports.forked:  # in turn, `render` has already refused two pages at one path
            clash = sorted(theirs & (self._written - before))
            if clash:
                raise SiteError(f"Hai trang cùng đường dẫn «{clash[0]}»: không xuất bản một trang bị ghi đè.")
            self._written |= theirs

    def _write_pages(self, docs: Path) -> None:
        """Every page but the Báo cáo section's."""
        top = sorted(
            (g for g in self.by_agency.values() if g.counts.get("overdue")), key=lambda g: (-g.counts["overdue"], g.key)
        )[:TOP_OVERDUE_AGENCIES]
        self.render("index.md.j2", "index.md", docs, total=self.total, top_overdue=top, changes=self.latest_changes())
        self.render("thay-doi-gan-day.md.j2", "thay-doi-gan-day.md", docs, changes=self.recent_changes())
        if self.history is not None:
            (docs / "feed.xml").write_bytes(self.feed())
        (closed, closed_divisions), (current, current_divisions) = self.weekly()
        self.render(
            "cap-nhat-hang-tuan.md.j2",
            "cap-nhat-hang-tuan.md",
            docs,
            closed=closed,
            closed_divisions=closed_divisions,
            current=current,
            current_divisions=current_divisions,
            weekday=WEEKDAYS_VI[closed.end.weekday()],
        )
        self.render("qua-han.md.j2", "qua-han.md", docs, rows=self.overdue_rows())
        self.render("co-quan/index.md.j2", "co-quan/index.md", docs, groups=self.ranking())
        for code in sorted(self.by_agency):
            group = self.by_agency[code]
            self.render("co-quan/agency.md.j2", group.page, docs, group=group, agency=self.agencies.get(code))
        self._write_documents(docs)
        monitors = sorted(self.by_monitor.values(), key=lambda g: g.key)
        self.render("theo-doi/index.md.j2", "theo-doi/index.md", docs, groups=monitors)
        for group in monitors:
            self.render("theo-doi/monitor.md.j2", group.page, docs, group=group)
        classes = [self.by_class[k] for k in CLASSIFICATIONS if k in self.by_class]
        classes += sorted((g for k, g in self.by_class.items() if k not in CLASSIFICATIONS), key=lambda g: g.key)
        self.render("phan-loai/index.md.j2", "phan-loai/index.md", docs, groups=classes)
        for group in classes:
            self.render("phan-loai/class.md.j2", group.page, docs, group=group)
        from generator.reports.export import FIELD_DOCS, FIELDS
        from generator.reports.figures import AGENCY_FIELDS

        self.render(
            "du-lieu-mo.md.j2",
            "du-lieu-mo.md",
            docs,
            files=sorted(self.export_files),
            fields=[(name, FIELD_DOCS.get(name, "")) for name in FIELDS],
            agency_fields=list(AGENCY_FIELDS.items()),
        )
        self.render("huong-dan/index.md.j2", "huong-dan/index.md", docs)
        for guide in ("bat-dau", "danh-muc-ma"):  # a province's older copy of the templates may lack them
            if (self.templates / f"huong-dan/{guide}.md.j2").is_file():
                self.render(f"huong-dan/{guide}.md.j2", f"huong-dan/{guide}.md", docs)
        self.render("huong-dan/ma-loi.md.j2", "huong-dan/ma-loi.md", docs, rules=self.rules)
        self._write_guide(docs)
        self.render("huong-dan/bieu-mau.md.j2", "huong-dan/bieu-mau.md", docs)

    def _write_guide(self, docs: Path) -> None:
        """nhiemvu's own documentation (the package's docs/*.md) in the «Hướng dẫn» section."""
        for guide in guide_pages(docs_dir()):
            path = docs / guide.page
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(guide.markdown(), encoding="utf-8", newline="\n")

    def _write_reports(self, docs: Path) -> None:
        """The "Báo cáo" section: the monthly compilation of each month as it stood on its
        report day (generator.site_reports says where each month's figures come from)."""
        from generator.site import month_reports as sr

        section = sr.build_section(self.register, self.states, self.as_of, self.history)
        sr.write_xlsx(section, docs)
        common = dict(section=section, section_dir=sr.SECTION, max_months=sr.MAX_MONTHS, xlsx_months=sr.XLSX_MONTHS)
        self.render(
            "bao-cao/index.md.j2",
            f"{sr.SECTION}/index.md",
            docs,
            report_day_of_month=self.register.settings.monthly_report_day or 25,
            **common,
        )
        for page in section.pages:
            head, rest = sr.month_body(page)
            xlsx = f"{sr.SECTION}/{page.xlsx_name}"
            self.render(
                "bao-cao/month.md.j2",
                page.page,
                docs,
                p=page,
                head=Markup(head),
                rest=Markup(rest),
                xlsx=xlsx if xlsx in section.xlsx else None,
                **common,
            )

    def _write_documents(self, docs: Path) -> None:
        years: dict[int, list] = defaultdict(list)
        for doc in self.documents:
            years[doc.issued.year].append(doc)
        summary = []
        search: dict[str, list[dict]] = {}
        for year in sorted(years, reverse=True):
            docs_of_year = years[year]
            year_page = f"van-ban/{year}/index.md"
            entries = [(d, self.by_doc.get(self.document_page(d))) for d in docs_of_year]
            self.render("van-ban/year.md.j2", year_page, docs, year=year, entries=entries)
            summary.append((year, year_page, len(docs_of_year), sum(len(d.tasks) for d in docs_of_year)))
            for doc, group in entries:
                page, signer = self.document_page(doc), self.register.signers.get(doc.signer)
                history = self.document_history(doc)
                self.render("van-ban/document.md.j2", page, docs, doc=doc, group=group, signer=signer, history=history)
                search[page] = document_entries(doc, self._rows_by_id, signer, self.agency_name, self.as_of)
        self.render("van-ban/index.md.j2", "van-ban/index.md", docs, years=summary)
        data = json.dumps(search, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (docs / SEARCH_ENTRIES).write_text(data, encoding="utf-8")


@jinja2.pass_context
def _requirement_links(context, text) -> Markup:
    """«R4» in a text becomes a link to R4 on the requirements page (`| requirement_links`)."""
    return requirement_links(text, lambda target: relative_url(context["here"], target))


@jinja2.pass_context
def _url(context, target: str) -> str:
    """Relative link from the page being rendered (`here`) to `target`."""
    return relative_url(context["here"], target)


def write_docs(
    register: Register,
    states: list[TaskState],
    as_of: dt.date,
    docs: Path,
    *,
    export_files: dict[str, bytes] | None = None,
    rules: Iterable | None = None,
    history: History | None = None,
) -> None:
    SiteBuilder(register, states, as_of, export_files, rules, history).write(docs)
