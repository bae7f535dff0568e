"""Monthly compilation (R8, R9): plain data first, then a Markdown view.

`monthly_report` is a pure function of task states, the register, the month and optionally a
monitoring division; the Excel and Word views (`report_xlsx`, `report_docx`) and the site's
"Báo cáo" pages render the same `MonthlyReport`.

Choices, so that two reports for the same month always agree:
- As-of date: the month's report day (`monthly_report_day`, default 25; the last day of a short
  month if it has no such day) unless the caller gives another.
- Tasks counted (year to date, as the Government's reports do): tasks of documents issued on or
  before the as-of date, except those finished (done or cancelled) before 1 January of the
  report's year; those left over from earlier years are counted and reported as carried over.
- Report period for difficulties and recommendations (R9): from the day after the previous
  month's report day to the as-of date, so consecutive reports neither overlap nor leave gaps.
  Only progress entries dated in the period are quoted (older ones were in earlier reports).
- Documents marked secret never appear (they are refused by the checker anyway, and the one
  redaction step, `register.secrecy.public_view`, leaves them out before this is called). Their
  tasks are followed in the secret register; the public report may state only their number,
  `secret_tasks`, carried over by the clerk from that register's `--counts-only` file.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.register.model import (
    CLASSIFICATIONS,
    DAY_RANGE_VI,
    FIRST_DAY,
    INTAKE_STATUSES,
    LAST_DAY,
    LEADS,
    STATUSES,
    Register,
    is_secret_register,
)
from generator.register.secrecy import public_register
from generator.register.status import (
    CATEGORIES,
    RATE_DEFINITION,
    IntakeState,
    TaskState,
    count_categories,
    on_time_rate,
)
from generator.vi import fmt_date, fmt_rate, md_page

# Categories counted in the totals; cancelled tasks are shown apart (contract: left out of rates).
COUNTED = ("done_on_time", "done_late", "open_on_time", "overdue", "no_deadline")


@dataclass(frozen=True, slots=True)
class AgencyRow:
    code: str
    name: str
    counts: dict[str, int]
    total: int  # tasks counted (cancelled left out)
    rate: float | None  # on-time rate among finished tasks with a deadline


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: str  # the global id (keys, open data)
    label: str  # what people read: «14/CT-UBND (2026) #3»
    document: str
    document_title: str
    issued: dt.date
    content: str
    assignee: str
    assignee_name: str
    monitor: str
    classification: str
    deadline: dt.date | None
    status: str
    completed: dt.date | None
    category: str
    days_overdue: int
    delay_reason: str | None
    last_progress: dt.date | None
    carried_over: bool  # issued before the report's year
    monitor_name: str = ""


@dataclass(frozen=True, slots=True)
class Recommendation:
    task_id: str
    task_label: str
    assignee: str
    assignee_name: str
    date: dt.date
    text: str


@dataclass(frozen=True, slots=True)
class IntakeRow:
    number: str
    title: str
    sender: str
    sender_name: str
    received: dt.date
    lead: str  # a key of intake.LEADS
    deadline: dt.date | None
    status: str  # a key of intake.INTAKE_STATUSES
    assignment: str | None
    assignment_date: dt.date | None
    working_days_late: int
    late: bool


DEFAULT_SYMBOL = "BC-VPUBND"
DEFAULT_RECIPIENTS = (
    "Thường trực UBND tỉnh (b/c);",
    "Lãnh đạo Văn phòng;",
    "Các phòng, đơn vị thuộc Văn phòng;",
    "Lưu: VT, TH.",
)
DEFAULT_BASIS = (
    "Thực hiện Quyết định số 45/2016/QĐ-UBND ngày 30/12/2016 của UBND tỉnh ban hành Quy chế theo dõi, "
    "đôn đốc, kiểm tra việc thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao và Công văn số "
    "419/VPUBND-HCTC ngày 08/9/2017 của Văn phòng UBND tỉnh về việc thực hiện nhiệm vụ do UBND tỉnh, "
    "Chủ tịch UBND tỉnh giao"
)


@dataclass(frozen=True, slots=True)
class SignerBlock:
    """The signature block of a report (Nghị định 30/2020, Phụ lục I): «KT. CHÁNH VĂN PHÒNG»,
    «PHÓ CHÁNH VĂN PHÒNG», then the name. `name` is empty when no signer is configured."""

    authority: str  # quyền hạn: «KT. CHÁNH VĂN PHÒNG», «TL. CHÁNH VĂN PHÒNG», or empty
    position: str  # chức vụ: «PHÓ CHÁNH VĂN PHÒNG»
    name: str


@dataclass(frozen=True, slots=True)
class MonthlyReport:
    office: str
    province: str
    year: int
    month: int
    as_of: dt.date
    period_start: dt.date
    monitor: str | None
    monitor_name: str | None
    counts: dict[str, int]  # every key of CATEGORIES
    total: int  # sum of COUNTED
    carried_over: int
    rate: float | None
    agencies: list[AgencyRow]
    tasks: list[TaskRow]
    overdue: list[TaskRow]  # most days overdue first
    recommendations: list[Recommendation]
    intake: list[IntakeRow] = field(default_factory=list)  # received in the period, or late
    sample_data: bool = False
    # tasks of secret documents, followed apart in the secret register: only their number, given
    # by the clerk from that register's `report monthly --counts-only` (None: not given)
    secret_tasks: int | None = None
    symbol: str = DEFAULT_SYMBOL  # «BC-VPUBND»: printed after «Số: …/»
    signer: SignerBlock = SignerBlock("TL. CHÁNH VĂN PHÒNG", "", "")
    recipients: tuple[str, ...] = DEFAULT_RECIPIENTS
    basis: str = DEFAULT_BASIS

    @property
    def month_label(self) -> str:
        return f"tháng {self.month} năm {self.year}"

    @property
    def intake_late(self) -> list[IntakeRow]:
        return [s for s in self.intake if s.late]


# ---------------------------------------------------------------- dates


def parse_month(text: str) -> tuple[int, int]:
    """`2026-03` → (2026, 3); ValueError with a Vietnamese message otherwise."""
    match = re.fullmatch(r"\s*([0-9]{4})-([0-9]{1,2})\s*", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"tháng không hợp lệ «{text}»; viết theo dạng YYYY-MM, ví dụ 2026-03")
    year, month = int(match.group(1)), int(match.group(2))
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError(f"tháng {text.strip()} nằm ngoài khoảng sổ theo dõi dùng được ({DAY_RANGE_VI})")
    return year, month


def report_day(year: int, month: int, day: int = 25) -> dt.date:
    """The month's report day, clamped to the month's length."""
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, max(1, min(day, last)))


def previous_report_day(year: int, month: int, day: int = 25) -> dt.date:
    return report_day(year - 1, 12, day) if month == 1 else report_day(year, month - 1, day)


# ---------------------------------------------------------------- compilation


def monthly_report(
    states: Iterable[TaskState],
    register: Register,
    year: int,
    month: int,
    *,
    as_of: dt.date | None = None,
    monitor: str | None = None,
    intake: Iterable[IntakeState] = (),
) -> MonthlyReport:
    """The compilation for one month, for one office division (`monitor`) or the whole Office.

    `states` must have been computed at `as_of` (default: the month's report day). `intake`
    are intake states at the same date; the report keeps those received in the period or
    still late.
    """
    day = register.settings.monthly_report_day or 25
    as_of = as_of or report_day(year, month, day)
    period_start = previous_report_day(year, month, day) + dt.timedelta(days=1)
    year_start = dt.date(as_of.year, 1, 1)
    names = {code: agency.name for code, agency in register.agencies.items()}

    chosen = [s for s in states if _in_scope(s, as_of, year_start, monitor)]
    rows = [_task_row(s, names, year_start) for s in chosen]
    counts = count_categories(chosen)
    overdue = sorted((r for r in rows if r.category == "overdue"), key=lambda r: (-r.days_overdue, r.assignee, r.id))
    intake_rows = [
        _intake_row(s, names)
        for s in intake
        if (monitor is None or s.item.monitor == monitor)
        and s.item.received <= as_of
        and (s.item.received >= period_start or s.late)
    ]
    return MonthlyReport(
        office=register.settings.office,
        province=register.settings.province,
        year=year,
        month=month,
        as_of=as_of,
        period_start=period_start,
        monitor=monitor,
        monitor_name=names.get(monitor) if monitor else None,
        counts=counts,
        total=sum(counts[k] for k in COUNTED),
        carried_over=sum(1 for r in rows if r.carried_over and r.category != "cancelled"),
        rate=on_time_rate(counts),
        agencies=_agency_rows(chosen, register),
        tasks=rows,
        overdue=overdue,
        recommendations=_recommendations(chosen, names, period_start, as_of),
        intake=intake_rows,
        sample_data=register.settings.sample_data,
        symbol=register.settings.report_symbol or DEFAULT_SYMBOL,
        signer=signer_block(register, monitor),
        recipients=tuple(register.settings.report_recipients or DEFAULT_RECIPIENTS),
        basis=(register.settings.report_basis or DEFAULT_BASIS).strip().rstrip(".,;:"),
    )


def signer_block(register: Register, monitor: str | None = None) -> SignerBlock:
    """The signature block from `report_signer` (a code of signers.yaml) and that signer's title.

    A deputy signs for the head (ký thay): «Phó Chánh Văn phòng UBND tỉnh» gives «KT. CHÁNH VĂN
    PHÒNG» over «PHÓ CHÁNH VĂN PHÒNG»; the head signs under his own title. The words naming the
    body («UBND tỉnh», «tỉnh Đắk Lắk») are left out, since the letterhead already names it."""
    signer = register.signers.get(register.settings.report_signer or "")
    if signer is None:
        default = "TRƯỞNG PHÒNG" if monitor else "TL. CHÁNH VĂN PHÒNG"
        return SignerBlock(default, "", "")
    position = re.sub(r"\s+(UBND|Ủy ban nhân dân)\b.*$", "", signer.title or "", flags=re.IGNORECASE).strip()
    position = " ".join(position.split())
    upper = position.upper()
    if upper.startswith("PHÓ "):
        return SignerBlock(f"KT. {upper[4:]}", upper, signer.name)
    return SignerBlock(upper, "", signer.name)


def _in_scope(state: TaskState, as_of: dt.date, year_start: dt.date, monitor: str | None) -> bool:
    doc = state.document
    if doc.issued is None or doc.issued > as_of:
        return False
    if monitor is not None and state.task.monitor != monitor:
        return False
    if state.status in ("done", "cancelled"):
        finished = state.completed or state.last_progress
        if finished is not None and finished < year_start:
            return False
    return True


def _task_row(state: TaskState, names: dict[str, str], year_start: dt.date) -> TaskRow:
    task, doc = state.task, state.document
    return TaskRow(
        id=state.id,
        label=state.label,
        document=doc.number,
        document_title=doc.title,
        issued=doc.issued,
        content=task.content,
        assignee=task.assignee,
        assignee_name=names.get(task.assignee, task.assignee),
        monitor=task.monitor,
        classification=task.classification,
        deadline=state.deadline_in_force,
        status=state.status,
        completed=state.completed,
        category=state.category,
        days_overdue=state.days_overdue,
        delay_reason=state.delay_reason,
        last_progress=state.last_progress,
        carried_over=doc.issued < year_start,
        monitor_name=names.get(task.monitor, task.monitor),
    )


def _intake_row(state: IntakeState, names: dict[str, str]) -> IntakeRow:
    item = state.item
    return IntakeRow(
        item.number,
        item.title,
        item.sender,
        names.get(item.sender, item.sender),
        item.received,
        item.lead,
        state.deadline,
        state.status,
        item.assignment,
        item.assignment_date,
        state.working_days_late,
        state.late,
    )


def _agency_rows(states: list[TaskState], register: Register) -> list[AgencyRow]:
    by_code: dict[str, list[TaskState]] = {}
    for state in states:
        by_code.setdefault(state.task.assignee, []).append(state)
    order = {code: i for i, code in enumerate(register.agencies)}
    rows = []
    for code in sorted(by_code, key=lambda c: (order.get(c, len(order)), c)):
        counts = count_categories(by_code[code])
        agency = register.agencies.get(code)
        rows.append(
            AgencyRow(
                code, agency.name if agency else code, counts, sum(counts[k] for k in COUNTED), on_time_rate(counts)
            )
        )
    return rows


def _recommendations(states, names, start: dt.date, end: dt.date) -> list[Recommendation]:
    found = []
    for state in states:
        for entry in state.task.progress:
            if entry.recommendation and entry.date and start <= entry.date <= end:
                assignee = state.task.assignee
                found.append(
                    Recommendation(
                        state.id, state.label, assignee, names.get(assignee, assignee), entry.date, entry.recommendation
                    )
                )
    found.sort(key=lambda r: (r.assignee, r.date, r.task_id))
    return found


# ---------------------------------------------------------------- text helpers


def category_label(key: str) -> str:
    return CATEGORIES.get(key, key)


def status_label(key: str) -> str:
    return STATUSES.get(key, key)


def lead_label(key: str) -> str:
    """Short label of an intake kind: the part before the parenthesis."""
    return LEADS.get(key, key).split(" (")[0]


def classification_label(key: str) -> str:
    return f"{key} ({CLASSIFICATIONS[key]})" if key in CLASSIFICATIONS else key


def title_line(report: MonthlyReport) -> str:
    scope = f" ({report.monitor_name or report.monitor} theo dõi)" if report.monitor else ""
    return f"Tình hình thực hiện nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao {report.month_label}{scope}"


def summary_sentence(report: MonthlyReport) -> str:
    c = report.counts
    done = c["done_on_time"] + c["done_late"]
    return (
        f"Tính đến ngày {fmt_date(report.as_of)}, có {report.total} nhiệm vụ được theo dõi "
        f"(trong đó {report.carried_over} nhiệm vụ từ các năm trước chuyển sang): đã hoàn thành "
        f"{done} nhiệm vụ ({c['done_on_time']} đúng hạn, {c['done_late']} quá hạn); chưa hoàn "
        f"thành {c['open_on_time'] + c['overdue']} nhiệm vụ ({c['open_on_time']} trong hạn, "
        f"{c['overdue']} quá hạn); {c['no_deadline']} nhiệm vụ không có thời hạn. "
        f"Tỷ lệ đúng hạn: {fmt_rate(report.rate)}. {RATE_DEFINITION}"
    ) + (f" (văn bản mật: {report.secret_tasks} nhiệm vụ, theo dõi riêng)" if report.secret_tasks is not None else "")


SECTIONS = (
    "I. TỔNG HỢP KẾT QUẢ THỰC HIỆN",
    "II. KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ",
    "III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH",
    "IV. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ",
    "V. TIẾP NHẬN HỒ SƠ TRÌNH, ĐỀ XUẤT CỦA CÁC CƠ QUAN",
)


# ---------------------------------------------------------------- Markdown


def render_markdown(report: MonthlyReport, *, heading_level: int = 1) -> str:
    """The compilation as Markdown (stdout, e-mail body, the site's Báo cáo pages).

    Every value from the register is escaped; `heading_level` lets the site nest it.
    """
    h = "#" * heading_level
    out = [f"{h} Báo cáo {report.month_label}", ""]
    out.append(f"**{md_page(title_line(report))}**")
    out.append("")
    out.append(
        f"{md_page(report.office)} — số liệu tính đến ngày {fmt_date(report.as_of)}; "
        f"kỳ báo cáo từ {fmt_date(report.period_start)} đến {fmt_date(report.as_of)}."
    )
    if report.sample_data:
        out += ["", '!!! warning "Dữ liệu mẫu"', "    Sổ theo dõi này chứa dữ liệu mẫu, không phải số liệu thật."]
    out += ["", f"{h}# {SECTIONS[0]}", "", summary_sentence(report), ""]
    out += _md_totals(report)
    out += ["", f"{h}# {SECTIONS[1]}", ""]
    out += _md_agencies(report)
    out += ["", f"{h}# {SECTIONS[2]}", ""]
    out += _md_overdue(report)
    out += ["", f"{h}# {SECTIONS[3]}", ""]
    out += _md_recommendations(report)
    out += ["", f"{h}# {SECTIONS[4]}", ""]
    out += _md_intake(report)
    return "\n".join(out).rstrip() + "\n"


def _md_totals(report: MonthlyReport) -> list[str]:
    lines = ["| Chỉ tiêu | Số nhiệm vụ |", "| --- | ---: |"]
    for key in COUNTED:
        lines.append(f"| {category_label(key)} | {report.counts[key]} |")
    lines.append(f"| **Tổng số** | **{report.total}** |")
    lines.append(f"| {category_label('cancelled')} (không tính) | {report.counts['cancelled']} |")
    return lines


def _md_agencies(report: MonthlyReport) -> list[str]:
    if not report.agencies:
        return ["Không có nhiệm vụ nào trong phạm vi báo cáo."]
    head = "| Cơ quan | Tổng số | " + " | ".join(category_label(k) for k in COUNTED) + " | Tỷ lệ đúng hạn |"
    lines = [head, "| --- " + "| ---: " * (len(COUNTED) + 2) + "|"]
    for row in report.agencies:
        cells = " | ".join(str(row.counts[k]) for k in COUNTED)
        lines.append(f"| {md_page(row.name)} ({md_page(row.code)}) | {row.total} | {cells} | {fmt_rate(row.rate)} |")
    return lines


def _md_overdue(report: MonthlyReport) -> list[str]:
    if not report.overdue:
        return ["Không có nhiệm vụ quá hạn chưa hoàn thành."]
    lines = [
        "| Nhiệm vụ | Nội dung | Cơ quan chủ trì | Thời hạn | Quá hạn (ngày) | Lý do chậm |",
        "| --- | --- | --- | --- | ---: | --- |",
    ]
    for row in report.overdue:
        reason = md_page(row.delay_reason) if row.delay_reason else "*Chưa có giải trình*"
        lines.append(
            f"| {md_page(row.label)} | {md_page(row.content)} | {md_page(row.assignee_name)} | "
            f"{fmt_date(row.deadline)} | {row.days_overdue} | {reason} |"
        )
    return lines


def _md_recommendations(report: MonthlyReport) -> list[str]:
    if not report.recommendations:
        return ["Trong kỳ, các cơ quan không có kiến nghị, phản ánh."]
    return [
        f"- **{md_page(r.assignee_name)}** ({md_page(r.task_label)}, {fmt_date(r.date)}): {md_page(r.text)}"
        for r in report.recommendations
    ]


def _md_intake(report: MonthlyReport) -> list[str]:
    if not report.intake:
        return ["Trong kỳ không tiếp nhận hồ sơ trình nào; không có hồ sơ quá hạn giao nhiệm vụ."]
    lines = ["| Hồ sơ | Cơ quan gửi | Ngày nhận | Loại | Hạn | Tình trạng |", "| --- | --- | --- | --- | --- | --- |"]
    for row in report.intake:
        state = INTAKE_STATUSES[row.status]
        if row.status == "overdue":
            state = f"**{state}** ({row.working_days_late} ngày làm việc)"
        elif row.assignment:
            state = f"{state}: {md_page(row.assignment)}"
        lines.append(
            f"| {md_page(row.number)}: {md_page(row.title)} | {md_page(row.sender_name)} | "
            f"{fmt_date(row.received)} | {lead_label(row.lead)} | "
            f"{fmt_date(row.deadline)} | {state} |"
        )
    return lines


# ---------------------------------------------------------------- site "Báo cáo" section


def report_months(register: Register, as_of: dt.date, *, since: dt.date | None = None) -> list[tuple[int, int]]:
    """Months whose report day is on or before `as_of`, newest first, from the month of the
    first document (or `since`): the pages of the site's Báo cáo section."""
    issued = [d.issued for d in register.documents if d.issued]
    if not issued:
        return []
    start = max(min(issued), since) if since else min(issued)
    day = register.settings.monthly_report_day or 25
    year, month = as_of.year, as_of.month
    months = []
    while (year, month) >= (start.year, start.month):
        if report_day(year, month, day) <= as_of:
            months.append((year, month))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months


def monthly_report_from_files(
    files,
    year: int,
    month: int,
    *,
    register_prefix: str = "register",
    as_of: dt.date | None = None,
    monitor: str | None = None,
) -> MonthlyReport:
    """The compilation from a mapping of repo-relative paths to bytes: the working tree, or the
    register as it stood in Git on the report day (history.snapshot_at(...).files), so that a
    past month's page shows what was known then and stays stable."""
    from generator.register.load import load_register_files

    register, _ = load_register_files(files, register_prefix=register_prefix)  # intake included
    if not is_secret_register(register.settings):
        register = public_register(register)
    return monthly_report_for(register, year, month, as_of=as_of, monitor=monitor)


def monthly_report_for(
    register: Register,
    year: int,
    month: int,
    *,
    as_of: dt.date | None = None,
    monitor: str | None = None,
    states: Iterable[TaskState] | None = None,
) -> MonthlyReport:
    """The compilation from an already loaded register (one load serves every month that
    shares it, e.g. the site's Báo cáo pages from one Git commit). `states`, if given, must
    have been computed at `as_of`; otherwise they are computed here."""
    from generator.register.status import compute_states, intake_states
    from generator.register.workdays import WorkCalendar

    as_of = as_of or report_day(year, month, register.settings.monthly_report_day or 25)
    calendar = WorkCalendar.from_data(register.calendar)
    if states is None:
        states = compute_states(register, as_of)
    return monthly_report(
        states,
        register,
        year,
        month,
        as_of=as_of,
        monitor=monitor,
        intake=intake_states(register.intake, calendar, as_of),
    )


def render_report_index(reports: Iterable[MonthlyReport], link=lambda r: f"{r.year}-{r.month:02d}.md") -> str:
    """The Báo cáo index page: one line per month with its headline figures and a link."""
    out = [
        "# Báo cáo hằng tháng",
        "",
        "Số liệu mỗi tháng được tổng hợp tại ngày báo cáo của tháng đó và không thay đổi về sau.",
        "",
        "| Tháng | Tính đến ngày | Tổng số | Hoàn thành đúng hạn | Quá hạn chưa hoàn thành | Tỷ lệ đúng hạn |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in reports:
        out.append(
            f"| [Tháng {r.month}/{r.year}]({link(r)}) | {fmt_date(r.as_of)} | {r.total} | "
            f"{r.counts['done_on_time']} | {r.counts['overdue']} | {fmt_rate(r.rate)} |"
        )
    return "\n".join(out) + "\n"
