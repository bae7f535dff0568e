"""Plain data for a loaded register.

These are what the loader produces and what status, site and reports consume. Every
object keeps `file` (relative to the repository root) and `line` so that any later
stage can point a reader at the source.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Date = dt.date

# The contract's default, and what a register falls back to when its `timezone` is wrong.
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_ZONE = ZoneInfo(DEFAULT_TIMEZONE)


@cache
def _iana_names() -> frozenset[str]:
    """The zone names of the IANA database as the `tzdata` package lists them. Only these are
    names: a file that merely sits in the machine's zoneinfo folder (`localtime`, `posixrules`,
    `posix/…`) would make «today» depend on the machine, and a path is never a name."""
    return frozenset(resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())


def zone_named(name: object) -> ZoneInfo | None:
    """The time zone of that IANA name, or None when there is none (a typo in register.yaml)."""
    if not isinstance(name, str) or name not in _iana_names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


# The dates a register can hold and a command can be asked about. Beyond them, date arithmetic
# (a working day after, the week before, the month's report day) leaves what Python can
# represent or becomes absurdly slow, and no directive document is that old or that far ahead.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2199, 12, 31)
DAY_RANGE_VI = "từ 01/01/1900 đến 31/12/2199"


def in_day_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


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

LEADS = {
    "regulation": "Đã có quy định cơ quan chủ trì (chỉ theo dõi)",
    "none": "Chưa có cơ quan chủ trì (phải ban hành văn bản giao trong 03 ngày làm việc)",
    "pressing": "Vấn đề cấp bách (báo cáo ngay Lãnh đạo Văn phòng)",
}

# Computed state of an intake item at a date, with its Vietnamese label.
INTAKE_STATUSES = {
    "filed": "Đã lưu theo dõi",
    "waiting": "Đang trong hạn giao nhiệm vụ",
    "overdue": "Quá hạn chưa có văn bản giao",
    "assigned": "Đã có văn bản giao đúng hạn",
    "assigned_late": "Đã có văn bản giao nhưng quá hạn",
    "reported": "Đã báo cáo Lãnh đạo Văn phòng",
    "unreported": "Chưa báo cáo Lãnh đạo Văn phòng",
}


def secrecy_of(obj) -> object:
    """The raw `secrecy` value of a document, a task state, a raw YAML mapping or a value itself."""
    if isinstance(obj, dict):
        return obj.get("secrecy")
    if hasattr(obj, "secrecy"):
        return obj.secrecy
    if hasattr(obj, "document"):  # a TaskState, a Task
        return secrecy_of(obj.document)
    return obj


def is_secret(obj) -> bool:
    """The one predicate of what is secret (R5): anything whose secrecy is not exactly `none`.

    `obj` is a Document, a Task or TaskState (its document's secrecy), a raw YAML mapping, or a
    secrecy value. Only an absent value (None) and the exact word `none` are public; every other
    value, known (`confidential`, `secret`, `top_secret`) or not (`Mật`, ` secret `, `SECRET`, an
    empty string, a number, a list…), is secret: a misspelling must never publish a document.
    """
    value = secrecy_of(obj)
    return not (value is None or value == "none")


SECRET_AUDIENCE = "secret"


def is_secret_register(settings) -> bool:
    """A register kept on an isolated machine (`audience: secret`); every other value, valid or
    not, is treated as the public register (its pipeline refuses anything secret)."""
    return getattr(settings, "audience", None) == SECRET_AUDIENCE


def letter_of(classification: str) -> str:
    """`QC45_a` → `a`."""
    return classification.rsplit("_", 1)[-1]


def needs_deadline(classification: str) -> bool:
    return letter_of(classification) in ("a", "b")


def needs_report(classification: str) -> bool:
    return letter_of(classification) in ("a", "c")


# -- file names derived from document numbers (`documents/<YYYY>/<slug>.yaml`)

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slugify_number(number: str) -> str:
    """`45/QĐ-UBND` → `45-QD-UBND`: `/` becomes `-`, letters are folded to ASCII."""
    text = number.replace("/", "-").replace("Đ", "D").replace("đ", "d")
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _SAFE.sub("-", text).strip("-.")
    return text or "van-ban"


def fold(text: object) -> str:
    """Lower case, no diacritics, words separated by one space: `Sở  Tài_chính` → `so tai chinh`
    (to match what a clerk typed against a name or a label, however it was typed)."""
    text = str(text).replace("Đ", "D").replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def document_relpath(number: str, year: int) -> str:
    """Path of a document file relative to the register directory."""
    return f"documents/{year}/{slugify_number(number)}.yaml"


def document_key(file: str) -> str:
    """`register/documents/2026/03-CT-UBND.yaml` → `2026/03-CT-UBND`: the document file's path
    under `documents/` without `.yaml`. Numbers restart every year, so a number alone never
    identifies a document; the year folder does."""
    *_, year, name = ("", *file.split("/"))
    return f"{year}/{name.rsplit('.', 1)[0]}"


def global_id(key: str, task_id: object) -> str:
    """`2026/03-CT-UBND#2`: the one form of a task's id (export, history, site anchors, feeds),
    from the document's key (`document_key`) and the task's id within the document."""
    return f"{key}#{task_id}"


def document_label(number: str, year: int | None) -> str:
    """`03/CT-UBND (2026)`: how people read a document's identity. The year is always shown,
    since numbering restarts every year and the same number recurs."""
    return f"{number} ({year})" if year else number


def task_label(number: str, year: int | None, task_id: object) -> str:
    """`03/CT-UBND (2026) #2`: how people read a task's identity (pages, reports, messages)."""
    return f"{document_label(number, year)} #{task_id}"


def intake_relpath(number: str, year: int) -> str:
    """Path of an intake file relative to the register directory."""
    return f"intake/{year}/{slugify_number(number)}.yaml"


DEFAULT_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.vi"}


@dataclass(slots=True)
class Settings:
    office: str = ""
    province: str = ""
    timezone: str = DEFAULT_TIMEZONE
    audience: str = "public"
    site_url: str = ""
    weekly_update: dict = field(default_factory=lambda: {"weekday": "friday", "before": "15:00"})
    monthly_report_day: int = 25
    sample_data: bool = False
    title: str = "Theo dõi nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao"
    feedback: str = ""  # where readers report an error: an https:// address or an e-mail address
    licence: dict = field(default_factory=lambda: dict(DEFAULT_LICENCE))  # {name, url} of the open data
    # the monthly report ready to sign (Nghị định 30/2020/NĐ-CP): its symbol, signer (a code of
    # signers.yaml), «Nơi nhận» lines and opening paragraph; empty means the report's defaults
    report_symbol: str = ""
    report_signer: str = ""
    report_recipients: list[str] = field(default_factory=list)
    report_basis: str = ""
    file: str = "register/register.yaml"
    lines: dict[str, int] = field(default_factory=dict)  # key -> line in register.yaml

    @property
    def zone(self) -> ZoneInfo:
        """The register's time zone; the contract's default when `timezone` names none."""
        return zone_named(self.timezone) or DEFAULT_ZONE


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
    aliases: list[str] = field(default_factory=list)  # other names people write (import, reconcile)

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
    url: str | None = None  # https:// address of the deciding document


@dataclass(slots=True)
class ProgressEntry:
    date: Date | None
    status: str
    note: str | None = None
    delay_reason: str | None = None
    report: str | None = None
    recommendation: str | None = None  # R9: difficulties, recommendations (kiến nghị)
    line: int = 0
    url: str | None = None  # https:// address of the report


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
    def label(self) -> str:
        doc = self.document
        return task_label(doc.number, doc.issued.year if doc.issued else None, self.id) if doc else f"#{self.id}"

    @property
    def global_id(self) -> str:
        return global_id(self.document.key if self.document else "?", self.id)


@dataclass(slots=True)
class Document:
    number: str
    title: str
    issued: Date
    signer: str
    submitted_by: str | None = None
    url: str | None = None  # https:// address of the document's full text
    urgency: str = "normal"
    secrecy: str = "none"
    tasks: list[Task] = field(default_factory=list)
    file: str = ""  # relative to the repository root, e.g. register/documents/2017/14-CT-UBND.yaml
    line: int = 1
    positions: object = field(default=None, repr=False, compare=False)  # yamlsrc.Positions

    @property
    def slug(self) -> str:
        return slugify_number(self.number)

    @property
    def label(self) -> str:
        return document_label(self.number, self.issued.year if self.issued else None)

    @property
    def key(self) -> str:
        """`2026/03-CT-UBND`: what identifies the document (see `document_key`)."""
        return document_key(self.file) if self.file else f"{self.issued.year}/{self.slug}"


@dataclass(frozen=True, slots=True)
class IntakeItem:
    number: str
    title: str
    sender: str
    received: dt.date
    lead: str  # a key of LEADS
    monitor: str
    assignment: str | None = None
    assignment_date: dt.date | None = None
    reported: dt.date | None = None
    note: str | None = None
    file: str = ""
    line: int = 1
    lines: dict[str, int] = field(default_factory=dict, hash=False, compare=False)  # key → line (for hints)


HANDOVER_ROLES = {
    "drafter": "Người soạn thảo",
    "clerk": "Văn thư",
    "handler": "Người xử lý",
    "keeper": "Người lưu giữ",
}
BOOKS = {
    "outgoing": "Sổ đăng ký tài liệu mật đi («Tài liệu đi»)",
    "incoming": "Sổ đăng ký tài liệu mật đến («Tài liệu mật đến»)",
}


@dataclass(slots=True)
class Handover:
    """One hand-over of an incoming secret document, signed by both sides in the paper book."""

    date: Date
    giver: str  # `from`: a person's name or a division code
    receiver: str  # `to`
    role: str  # a key of HANDOVER_ROLES: what the receiver does with the document
    signed_by_giver: bool
    signed_by_receiver: bool
    line: int = 0
    index: int = 0

    @property
    def complete(self) -> bool:
        return self.signed_by_giver and self.signed_by_receiver


@dataclass(slots=True)
class BookEntry:
    """One row of a secret register's book (R5): outgoing («Tài liệu đi») or incoming («Tài liệu
    mật đến»). `date` is the outgoing date or the day received."""

    book: str  # "outgoing" | "incoming"
    year: int  # the book's year (its file name)
    seq: int
    date: Date
    secrecy: str
    urgency: str
    summary: str | None = None
    # outgoing
    recipients: list[str] = field(default_factory=list)
    signer: str | None = None
    summary_approved_by: str | None = None
    notes: str | None = None
    document: str | None = None  # documents/<YYYY>/<slug>.yaml of the secret register
    # incoming
    sender: str | None = None  # `from`
    number: str | None = None
    issued: Date | None = None
    handovers: list[Handover] = field(default_factory=list)
    file: str = ""
    line: int = 0
    index: int = 0  # position in the file's `entries` list (for line look-ups)
    positions: object = field(default=None, repr=False, compare=False)


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
    intake: list[IntakeItem] = field(default_factory=list)  # R11 submissions
    # files that hold secret text, whatever their state (a document whose raw `secrecy` is not
    # `none`, readable or not; any file under books/ of a public register): path → the strings
    # they hold, so that no problem message or page can quote them (see register.secrecy)
    secret_files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    books: list[BookEntry] = field(default_factory=list)  # rows of a secret register's books (R5)
