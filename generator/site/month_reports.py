"""The site's "Báo cáo" section: one page per month with the monthly compilation
(`generator.reports`) as it stood on that month's report day, and an index of the months.

Where each month's figures come from, so that a past report never changes:
- Register in Git with history: the register as it stood in Git at the end of the month's
  report day (Vietnam time; the last commit on the first-parent line of the history the site
  is built from), evaluated at the report day. A later edit of the register, even a progress
  entry back-dated before the report day, does not change that month's page.
- Report day before the register's first commit (the register was put into Git later): the
  first commit that holds the register, evaluated at the report day, i.e. only documents and
  progress entries dated up to the report day. That commit never changes either.
- No Git history: the current register evaluated at the report day (documents issued and
  progress entries dated after it are not counted, as `status --as-of` does).
- The as-of month, when its report day is still ahead: shown as "tạm tính" (provisional),
  computed from the current register at the as-of date, and marked as such.

Months: from the month of the earliest document issued in the last MAX_MONTHS months up to
the as-of month, at most MAX_MONTHS pages; the index says so when older months are left out
(`nhiemvu report monthly --month YYYY-MM` still compiles them).

Cost: one register per distinct commit (many months share one), and each document file
parsed once per version across all the commits read; one state computation per month; the
Excel file (openpyxl, about 2 s per month at 10,000 tasks) only for the XLSX_MONTHS newest
pages, so that the build stays inside its time budget (bench/bench_site.py --monthly).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import git

from generator.history.log import VN, History, HistoryError, commit_at_date, read_blob
from generator.register.load import load_register_files
from generator.register.model import Register
from generator.register.status import TaskState
from generator.reports.monthly import (
    MonthlyReport,
    monthly_report_for,
    render_markdown,
    report_day,
    report_months,
)

MAX_MONTHS = 24  # month pages at most (about two years of reports)
XLSX_MONTHS = 2  # newest month pages that also offer their Excel file (about 2 s each at 10,000 tasks)
SECTION = "bao-cao"


@dataclass(frozen=True, slots=True)
class MonthSource:
    """Which register a month's figures were computed from."""

    kind: str  # "git" | "git-first" | "current" | "provisional"
    commit: str | None = None
    committed: dt.datetime | None = None
    errors: int = 0  # errors met while reading that version of the register
    shallow: bool = False

    @property
    def short(self) -> str:
        return self.commit[:10] if self.commit else ""


@dataclass(frozen=True, slots=True)
class MonthPage:
    report: MonthlyReport
    source: MonthSource
    report_day: dt.date  # the month's report day (may be after the as-of date if provisional)

    @property
    def key(self) -> str:
        return f"{self.report.year}-{self.report.month:02d}"

    @property
    def page(self) -> str:
        return f"{SECTION}/{self.key}.md"

    @property
    def xlsx_name(self) -> str:
        return f"bao-cao-thang-{self.key}.xlsx"

    @property
    def provisional(self) -> bool:
        return self.source.kind == "provisional"


@dataclass(slots=True)
class ReportSection:
    pages: list[MonthPage]  # newest first
    omitted: int  # months with a report before the window, left out
    window_start: dt.date
    xlsx: dict[str, bytes]  # docs-relative path -> bytes
    notes: list[str]  # Vietnamese, for the index (e.g. history could not be read)


# -- which months ----------------------------------------------------------------------------


def _month_back(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - n
    return index // 12, index % 12 + 1


def section_months(register: Register, as_of: dt.date, limit: int = MAX_MONTHS):
    """([(year, month, provisional)] newest first, at most `limit`; finished months left out
    because they fall before the window). Finished months are those of `report_months`."""
    day = register.settings.monthly_report_day or 25
    window = _month_back(as_of.year, as_of.month, limit - 1)
    finished = report_months(register, as_of)
    months = [(y, m, False) for y, m in finished if (y, m) >= window]
    issued = [d.issued for d in register.documents if d.issued and d.issued <= as_of]
    if issued and report_day(as_of.year, as_of.month, day) > as_of:
        months.insert(0, (as_of.year, as_of.month, True))
    return months, len(finished) - sum(1 for *_, prov in months if not prov)


# -- where each month's register comes from ----------------------------------------------------


class _Snapshots:
    """Registers read from Git at past commits, built cheaply.

    One register per distinct commit (many months share one). Document files are parsed once
    per version (path and blob): a commit's register reuses the documents of every file that
    did not change since an earlier snapshot, so two years of monthly snapshots cost about one
    load of the register plus the files that changed, not 24 loads.
    """

    def __init__(self, register: Register, history: History) -> None:
        self.prefix = register.prefix.strip("/")
        self.head = history.head or "HEAD"
        self.shallow = history.shallow
        self.repo = git.Repo(register.repo_root)
        self._loaded: dict[str, tuple[Register, int, dt.datetime] | None] = {}
        self._docs: dict[tuple[str, str], tuple[list, int]] = {}  # (path, blob) -> (docs, errors)
        self._first: str | None | bool = False  # False: not looked up yet

    def close(self) -> None:
        self.repo.close()

    def commit_for(self, day: dt.date) -> str | None:
        return commit_at_date(self.repo, day, rev=self.head)

    def first_commit(self) -> str | None:
        """The oldest commit on the first-parent line that touched the register."""
        if self._first is False:
            out = self.repo.git.rev_list("--first-parent", "--reverse", self.head, "--", self.prefix + "/")
            self._first = out.split("\n", 1)[0].strip() or None
        return self._first

    def _tree(self, sha: str) -> dict[str, str]:
        """Repo-relative path -> blob SHA of the register's YAML files in a commit (one
        ls-tree; symbolic links and submodules left out, as the loader refuses them)."""
        out = self.repo.git.ls_tree("-r", "-z", "--full-tree", sha, "--", self.prefix + "/")
        tree = {}
        for entry in out.split("\0"):
            meta, _, path = entry.partition("\t")
            if not path or not path.endswith((".yaml", ".yml")):
                continue
            mode, kind, blob = meta.split()
            if kind == "blob" and mode in ("100644", "100755"):
                tree[path] = blob
        return tree

    def load(self, sha: str) -> tuple[Register, int, dt.datetime] | None:
        """(register, errors while reading, commit time); None if the commit has no register."""
        if sha in self._loaded:
            return self._loaded[sha]
        tree = self._tree(sha)
        if f"{self.prefix}/register.yaml" not in tree:
            self._loaded[sha] = None
            return None
        docs_dir = f"{self.prefix}/documents/"
        new = {p: b for p, b in tree.items() if p.startswith(docs_dir) and (p, b) not in self._docs}
        wanted = {p: b for p, b in tree.items() if not p.startswith(docs_dir)} | new
        files = {p: data for p, b in wanted.items() if (data := read_blob(self.repo, b)) is not None}
        register, problems = load_register_files(files, register_prefix=self.prefix)
        errors_in: dict[str, int] = {}
        for problem in problems:
            if problem.severity == "error":
                errors_in[problem.file] = errors_in.get(problem.file, 0) + 1
        by_file: dict[str, list] = {}
        for doc in register.documents:
            by_file.setdefault(doc.file, []).append(doc)
        for path, blob in new.items():
            self._docs[(path, blob)] = (by_file.get(path, []), errors_in.pop(path, 0))
        documents, errors = [], sum(errors_in.values())
        for path, blob in tree.items():
            if path.startswith(docs_dir):
                docs, errs = self._docs[(path, blob)]
                documents += docs
                errors += errs
        documents.sort(key=_document_order)  # the loader's order, so reports match the CLI's
        register.documents = documents
        _drop_secret(register)
        committed = self.repo.commit(sha).committed_datetime.astimezone(VN)
        self._loaded[sha] = (register, errors, committed)
        return self._loaded[sha]

    def at(self, day: dt.date) -> tuple[Register, MonthSource] | None:
        """The register at the end of `day`, else the first commit holding it; None if none."""
        sha = self.commit_for(day)
        loaded = self.load(sha) if sha else None
        kind = "git"
        if loaded is None:
            sha, kind = self.first_commit(), "git-first"
            loaded = self.load(sha) if sha else None
        if loaded is None:
            return None
        register, errors, committed = loaded
        return register, MonthSource(kind, sha, committed, errors, self.shallow)


def _document_order(doc) -> tuple:
    """As generator.load sorts documents: year, then number by its leading figure, then file."""
    head = doc.number.split("/", 1)[0]
    return (doc.issued.year, (int(head) if head.isdigit() else 10**9, doc.number), doc.file)


def _drop_secret(register: Register) -> None:
    """A past version may hold a document since removed as secret: never compile it (the
    report leaves such documents out too; this is the site's own, independent refusal)."""
    register.documents = [d for d in register.documents if d.secrecy in (None, "", "none")]


# -- the section ---------------------------------------------------------------------------------


def build_section(
    register: Register,
    states: list[TaskState],
    as_of: dt.date,
    history: History | None,
    *,
    limit: int = MAX_MONTHS,
    xlsx_months: int = XLSX_MONTHS,
) -> ReportSection:
    """Every month page's report, newest first, and the Excel files of the newest pages."""
    from generator.reports.xlsx import render_xlsx

    months, omitted = section_months(register, as_of, limit)
    day = register.settings.monthly_report_day or 25
    notes: list[str] = []
    snapshots = None
    if history is not None and history.available:
        try:
            snapshots = _Snapshots(register, history)
        except (git.exc.GitError, OSError) as exc:
            notes.append(
                f"Không đọc được lịch sử Git ({exc.__class__.__name__}); số liệu các "
                "tháng được tính từ sổ theo dõi hiện tại."
            )
    try:
        pages = _month_pages(register, states, as_of, months, day, snapshots, notes)
    finally:
        if snapshots is not None:
            snapshots.close()
    xlsx = {f"{SECTION}/{p.xlsx_name}": render_xlsx(p.report) for p in pages[:xlsx_months]}
    start_year, start_month = _month_back(as_of.year, as_of.month, limit - 1)
    return ReportSection(pages, omitted, dt.date(start_year, start_month, 1), xlsx, sorted(set(notes)))


def _month_pages(register, states, as_of, months, day, snapshots, notes) -> list[MonthPage]:
    pages: list[MonthPage] = []
    for year, month, provisional in months:
        rday = report_day(year, month, day)
        if provisional:
            report = monthly_report_for(register, year, month, as_of=as_of, states=states)
            pages.append(MonthPage(report, MonthSource("provisional"), rday))
            continue
        found = None
        if snapshots is not None:
            try:
                found = snapshots.at(rday)
            except (HistoryError, git.exc.GitError) as exc:
                notes.append(f"Tháng {month}/{year}: {exc}; số liệu tính từ sổ theo dõi hiện tại.")
        if found is None:
            report = monthly_report_for(register, year, month, as_of=rday)
            pages.append(MonthPage(report, MonthSource("current"), rday))
        else:
            then, source = found
            report = monthly_report_for(then, year, month, as_of=rday)
            pages.append(MonthPage(report, source, rday))
    return pages


def month_body(page: MonthPage) -> tuple[str, str]:
    """(the H1 line, the rest) of the compilation's Markdown, so that the page can put its
    own notes (provisional, source, download) under the title."""
    text = render_markdown(page.report)
    head, _, rest = text.partition("\n")
    return head, rest


def write_xlsx(section: ReportSection, docs: Path) -> None:
    for rel, data in sorted(section.xlsx.items()):
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
