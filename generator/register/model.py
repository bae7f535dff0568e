"""Plain data for a loaded register.

These are what the loader produces and what status, site and reports consume. Every
object keeps `file` (relative to the repository root) and `line` so that any later
stage can point a reader at the source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

Date = dt.date

# Values of enumerations, with their Vietnamese labels (shown on the site and in errors).
AGENCY_KINDS = {
    "department": "Sở, ban, ngành",
    "sector": "Cơ quan ngành dọc",
    "locality": "Địa phương",
    "office_division": "Phòng thuộc Văn phòng",
    "other": "Cơ quan, tổ chức khác",
}
URGENCIES = {
    "normal": "Thường",
    "urgent": "Khẩn",
    "very_urgent": "Thượng khẩn",
    "flash": "Hỏa tốc",
}
SECRECY_LEVELS = {
    "none": "Không mật",
    "confidential": "Mật",
    "secret": "Tối mật",
    "top_secret": "Tuyệt mật",
}
STATUSES = {
    "not_started": "Chưa thực hiện",
    "in_progress": "Đang thực hiện",
    "done": "Đã thực hiện",
    "cancelled": "Đã hủy",
}
TIMELINESS = {
    "on_time": "Trong hạn",
    "late": "Quá hạn",
    "no_deadline": "Không có thời hạn",
}
CLASSIFICATIONS = {
    f"{reg}_{letter}": text
    for reg in ("QC45", "QC42")
    for letter, text in {
        "a": "Có thời hạn, phải trình hoặc báo cáo",
        "b": "Có thời hạn, không phải trình, báo cáo nhưng phải thực hiện",
        "c": "Không có thời hạn nhưng phải trình hoặc báo cáo",
        "d": "Không có thời hạn, không phải trình, báo cáo nhưng phải thực hiện",
    }.items()
}


def letter_of(classification: str) -> str:
    """`QC45_a` → `a`."""
    return classification.rsplit("_", 1)[-1]


def needs_deadline(classification: str) -> bool:
    return letter_of(classification) in ("a", "b")


def needs_report(classification: str) -> bool:
    return letter_of(classification) in ("a", "c")


@dataclass(slots=True)
class Settings:
    office: str = ""
    province: str = ""
    timezone: str = "Asia/Ho_Chi_Minh"
    audience: str = "public"
    site_url: str = ""
    weekly_update: dict = field(default_factory=lambda: {"weekday": "friday", "before": "15:00"})
    monthly_report_day: int = 25
    sample_data: bool = False
    title: str = "Theo dõi nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao"
    file: str = "register/register.yaml"


def valid_between(valid_from: Date | None, valid_to: Date | None, day: Date) -> bool:
    """Whether `day` falls in an optional validity period (agencies and signers come and go)."""
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


@dataclass(slots=True)
class Agency:
    code: str
    name: str
    kind: str
    valid_from: Date | None = None
    valid_to: Date | None = None
    email: str | None = None
    file: str = ""
    line: int = 0

    def valid_on(self, day: Date) -> bool:
        return valid_between(self.valid_from, self.valid_to, day)


@dataclass(slots=True)
class Signer:
    code: str
    name: str
    title: str = ""
    valid_from: Date | None = None
    valid_to: Date | None = None
    file: str = ""
    line: int = 0

    def valid_on(self, day: Date) -> bool:
        return valid_between(self.valid_from, self.valid_to, day)


@dataclass(slots=True)
class CalendarDay:
    date: Date
    reason: str = ""
    line: int = 0


@dataclass(slots=True)
class CalendarData:
    days_off: list[CalendarDay] = field(default_factory=list)
    working_days: list[CalendarDay] = field(default_factory=list)


@dataclass(slots=True)
class Extension:
    deadline: Date | None
    document: str | None
    date: Date | None
    line: int = 0


@dataclass(slots=True)
class ProgressEntry:
    date: Date | None
    status: str
    note: str | None = None
    delay_reason: str | None = None
    report: str | None = None
    recommendation: str | None = None  # R9: difficulties, recommendations (kiến nghị)
    line: int = 0


@dataclass(slots=True)
class Task:
    id: int
    content: str
    assignee: str
    monitor: str
    classification: str
    coordinators: list[str] = field(default_factory=list)
    deadline: Date | None = None
    extensions: list[Extension] = field(default_factory=list)
    progress: list[ProgressEntry] = field(default_factory=list)
    line: int = 0
    index: int = 0  # position in the file's `tasks` list (for line look-ups)
    document: "Document | None" = field(default=None, repr=False, compare=False)

    @property
    def global_id(self) -> str:
        return f"{self.document.number}#{self.id}" if self.document else f"?#{self.id}"


@dataclass(slots=True)
class Document:
    number: str
    title: str
    issued: Date
    signer: str
    submitted_by: str | None = None
    urgency: str = "normal"
    secrecy: str = "none"
    tasks: list[Task] = field(default_factory=list)
    file: str = ""  # relative to the repository root, e.g. register/documents/2017/14-CT-UBND.yaml
    line: int = 1
    positions: object = field(default=None, repr=False, compare=False)  # yamlsrc.Positions

    @property
    def slug(self) -> str:
        from generator.register.paths import slugify_number

        return slugify_number(self.number)


@dataclass(slots=True)
class Register:
    root: Path  # the register directory
    repo_root: Path  # paths in problems are relative to this
    settings: Settings
    prefix: str = "register"  # the register directory relative to repo_root, POSIX
    agencies: dict[str, Agency] = field(default_factory=dict)
    signers: dict[str, Signer] = field(default_factory=dict)
    calendar: CalendarData = field(default_factory=CalendarData)
    documents: list[Document] = field(default_factory=list)
    intake: list = field(default_factory=list)  # generator.intake.IntakeItem (R11 submissions)
