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

from generator.errors import HistoryError
from generator.history.log import History
from generator.register.model import Register
from generator.register.status import TaskState
from generator.reports.month_source import MonthSource, month_register, open_reader
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
        snapshots = open_reader(register, history.head or "HEAD")
        if snapshots is None:
            notes.append("Không đọc được lịch sử thay đổi của sổ; số liệu các tháng được tính từ sổ theo dõi hiện tại.")
    try:
        pages = _month_pages(
            register, states, as_of, months, day, snapshots, notes, history is not None and history.shallow
        )
    finally:
        if snapshots is not None:
            snapshots.close()
    xlsx = {f"{SECTION}/{p.xlsx_name}": render_xlsx(p.report) for p in pages[:xlsx_months]}
    start_year, start_month = _month_back(as_of.year, as_of.month, limit - 1)
    return ReportSection(pages, omitted, dt.date(start_year, start_month, 1), xlsx, sorted(set(notes)))


def _month_pages(register, states, as_of, months, day, snapshots, notes, shallow) -> list[MonthPage]:
    pages: list[MonthPage] = []
    for year, month, provisional in months:
        rday = report_day(year, month, day)
        if provisional:
            report = monthly_report_for(register, year, month, as_of=as_of, states=states)
            pages.append(MonthPage(report, MonthSource("provisional"), rday))
            continue
        try:
            then, source = month_register(register, rday, snapshots, shallow)
        except HistoryError:
            notes.append(
                f"Tháng {month}/{year}: không đọc được bản sổ lưu vào ngày báo cáo; số liệu tính từ sổ "
                "theo dõi hiện tại."
            )
            then, source = register, MonthSource("current")
        pages.append(MonthPage(monthly_report_for(then, year, month, as_of=rday), source, rday))
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
