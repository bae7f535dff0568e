"""Reading what people type into spreadsheets: folded text, dates, deadlines, statuses, document
numbers, task references, classifications and names. Shared by `reconcile` and `import`.

Every parser returns a value or says why it cannot (never guesses): a date is day first as in
Vietnam and must exist on the calendar; «hằng quý» is a task without a deadline but «Quý II/2026»
is not a date; `QD-UBND` is `QĐ-UBND` because `QD` is no other document type, but `DA` stays
`DA` (dự án) since `ĐA` (đề án) is another one.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from generator.register.rules.numbers import DOC_TYPES

# ---------------------------------------------------------------- folding


_MARKS = re.compile("[\u0300-\u036f]")  # the combining marks Vietnamese letters decompose into
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: object) -> str:
    """Lower case, no diacritics, `đ` → `d`, punctuation as spaces, spaces collapsed."""
    value = _MARKS.sub("", unicodedata.normalize("NFD", str(text or ""))).replace("đ", "d").replace("Đ", "D")
    return _NOT_WORD.sub(" ", value.lower()).strip()


_UBND = re.compile(r"\buy ban nhan dan\b")


def fold_name(text: object) -> str:
    """A name compared loosely: folded, and «Ủy ban nhân dân» read as «UBND» (also «Uỷ ban…»)."""
    return _UBND.sub("ubnd", fold(text))


def clean(text: object) -> str:
    """One line of text as a register keeps it: NFC, single spaces, no spaces at either end."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFC", str(text))
    return " ".join(value.split())


# ---------------------------------------------------------------- dates

_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_EMPTY = {"", "-", "—", "–", "x", "/", "…", "..."}


def _make(year: int, month: int, day: int) -> dt.date:
    if year < 100:
        year += 2000
    return dt.date(year, month, day)


def parse_date(value: object) -> tuple[dt.date | None, str | None]:
    """(date, None), or (None, reason) when a value is there but is not a date; (None, None) if empty.

    Accepts date cells, `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd`, a
    two-digit year (`5/3/26`), «ngày 08 tháng 9 năm 2017», with «ngày» before any of them.
    Never month first."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = clean(value)
    if text.lower() in _EMPTY:
        return None, None
    folded = fold(text)
    bare = re.sub(r"^(ngay|ngày)\s+", "", text, flags=re.IGNORECASE)
    try:
        for pattern, order, source in ((_DMY, "dmy", bare), (_ISO, "ymd", bare), (_WORDS, "dmy", folded)):
            match = pattern.fullmatch(source)
            if match:
                a, b, c = (int(g) for g in match.groups())
                return (_make(c, b, a) if order == "dmy" else _make(a, b, c)), None
    except ValueError:
        return None, f"ngày «{text}» không có trên lịch"
    return None, f"«{text}» không phải ngày (viết dạng dd/mm/yyyy)"


def find_date(text: object) -> dt.date | None:
    """The first real date written inside a longer text («… ngày 08/9/2017», «trước 30/6/2026»)."""
    value = clean(text)
    for pattern, order, source in ((_DMY, "dmy", value), (_ISO, "ymd", value), (_WORDS, "dmy", fold(value))):
        for match in pattern.finditer(source):
            a, b, c = (int(g) for g in match.groups())
            try:
                return _make(c, b, a) if order == "dmy" else _make(a, b, c)
            except ValueError:
                continue
    return None


# Words for «no deadline»: recurring or standing tasks (QC45 c, d).
NO_DEADLINE = (
    "hang quy",
    "thuong xuyen",
    "hang thang",
    "hang nam",
    "hang tuan",
    "dinh ky",
    "lien tuc",
    "khong thoi han",
    "khong co thoi han",
    "khong han",
    "khong quy dinh",
    "theo yeu cau",
)


def parse_deadline(value: object) -> tuple[dt.date | None, str | None]:
    """A deadline cell: a date (also «trước 30/6/2026», «chậm nhất ngày …»), or none for the
    words of standing tasks («hằng quý», «thường xuyên»); (None, reason) for anything else."""
    date, problem = parse_date(value)
    if date or not problem:
        return date, None
    folded = fold(value)
    if any(folded == w or folded.startswith(w + " ") or f" {w}" in f" {folded}" for w in NO_DEADLINE):
        return None, None
    if re.match(r"^(truoc|cham nhat|han|trong)\b", folded):
        found = find_date(value)
        if found:
            return found, None
    return None, f"thời hạn «{clean(value)}» không phải một ngày (viết dd/mm/yyyy, hoặc «thường xuyên»)"


# ---------------------------------------------------------------- statuses

STATUS_WORDS = (  # checked in order on the folded text
    ("cancelled", ("da huy", "huy bo", "cancelled", "canceled", "dung thuc hien", "khong thuc hien")),
    (
        "not_started",
        ("chua thuc hien", "chua trien khai", "chua bat dau", "chua lam", "not started", "chua hoan thanh"),
    ),
    (
        "in_progress",
        (
            "dang thuc hien",
            "dang trien khai",
            "dang lam",
            "dang xu ly",
            "dang hoan thien",
            "in progress",
            "ongoing",
            "dang",
        ),
    ),
    ("done", ("da hoan thanh", "hoan thanh", "da thuc hien", "da xong", "xong", "done", "completed", "finished")),
)
TICKS = {"x", "v", "1", "co", "yes", "ok", "✓", "✔", "☑", "☒", "■", "●", "+"}


def parse_status(text: object) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    for status, words in STATUS_WORDS:
        if any(folded == w or folded.startswith(w + " ") or f" {w} " in f" {folded} " for w in words):
            return status
    return None


def is_tick(value: object) -> bool:
    """A mark in a tick-box column: «x», «X», «✓», «1», «có»."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    text = clean(value).lower()
    return text in TICKS or fold(text) in TICKS


# ---------------------------------------------------------------- document numbers

_NUMBER = re.compile(
    r"(?<![\w/])(?P<n>\d{1,6})\s*/\s*(?:(?P<year>(?:19|20)\d{2})\s*/\s*)?"
    r"(?P<symbol>[A-Za-zĐđ][A-Za-zĐđ0-9&]*(?:\s*-\s*[A-Za-zĐđ0-9][A-Za-zĐđ0-9&]*)*)"
)
_TYPES_BY_UPPER = {t.upper(): t for t in DOC_TYPES}


def _fold_upper(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).upper()


_TYPES_BY_FOLD: dict[str, set[str]] = {}
for _t in DOC_TYPES:
    _TYPES_BY_FOLD.setdefault(_fold_upper(_t), set()).add(_t)


def _type_group(group: str) -> str:
    """A document type as Nghị định 30 writes it: `QD` → `QĐ`, `ttr` → `TTr`; `DA` stays."""
    if group in DOC_TYPES:
        return group
    if group.upper() in _TYPES_BY_UPPER:
        return _TYPES_BY_UPPER[group.upper()]
    known = _TYPES_BY_FOLD.get(_fold_upper(group), set())
    if len(known) == 1:
        return next(iter(known))
    return group.upper()


@dataclass(frozen=True, slots=True)
class NumberCell:
    """What a «Số, ký hiệu» cell says: the number as the register writes it, and the issue date
    or year when the cell gives one («Công văn số 419/VPUBND-HCTC ngày 08/9/2017»)."""

    number: str
    date: dt.date | None = None
    year: int | None = None  # the year in a legal document's number (45/2016/QĐ-UBND)


def normalize_number(n: str, year: str | None, symbol: str) -> str:
    """`5 / qd - ubnd` → `05/QĐ-UBND`: two digits below 10, no spaces, upper case groups, the
    document type spelt as Nghị định 30 writes it."""
    value = int(n)
    digits = f"{value:02d}" if value < 10 else str(value)
    groups = [g for g in re.split(r"\s*-\s*", symbol.strip()) if g]
    groups = [_type_group(groups[0])] + [g.upper() for g in groups[1:]] if groups else []
    return "/".join(x for x in (digits, year, "-".join(groups)) if x)


def parse_number(text: object) -> NumberCell | None:
    """The document number written somewhere in `text`, with its date when one follows it."""
    value = clean(text)
    if not value:
        return None
    match = _NUMBER.search(value)
    if not match:
        return None
    number = normalize_number(match["n"], match["year"], match["symbol"])
    after = value[match.end() :]
    date = find_date(after) if re.search(r"ng[aà]y|\d", after, re.IGNORECASE) else None
    return NumberCell(number, date, int(match["year"]) if match["year"] else None)


def number_key(number: str) -> str:
    """What two spellings of one number share: `1855/QD-UBND`, `1855/QĐ-UBND`, `1855 / qđ-ubnd`."""
    compact = re.sub(r"\s+", "", _fold_upper(unicodedata.normalize("NFC", number or "")))
    head, _, rest = compact.partition("/")
    return f"{int(head)}/{rest}" if head.isdigit() else compact


def find_report_number(text: object) -> str | None:
    """A report's number written in a note («Báo cáo số 2150/BC-STC ngày …», «theo Tờ trình
    59/TTr-SNNMT»): the first document number in the text."""
    found = parse_number(text)
    return found.number if found else None


# ---------------------------------------------------------------- task references


_GLOBAL_ID = re.compile(r"^\s*(\d{4})\s*/\s*([A-Za-z0-9._-]+)\s*#\s*(\d+)\s*$")
_LABEL = re.compile(r"^(?P<number>.+?)\s*\(\s*(?P<year>\d{4})\s*\)\s*#\s*(?P<task>\d+)\s*$")
_NUMBER_TASK = re.compile(r"^(?P<number>.+?)\s*#\s*(?P<task>\d+)\s*$")


@dataclass(frozen=True, slots=True)
class TaskRef:
    """A task as a spreadsheet names it: by its global id (`2026/03-CT-UBND#2`), by its label
    (`03/CT-UBND (2026) #2`), or by number and task (`03/CT-UBND#2`, year unknown)."""

    key: str | None = None  # `2026/03-CT-UBND` when the global id was given
    number: str | None = None
    year: int | None = None
    task: int | None = None


def parse_task_ref(text: object) -> TaskRef | None:
    value = clean(text)
    if not value:
        return None
    match = _GLOBAL_ID.match(value)
    if match:
        return TaskRef(key=f"{match[1]}/{match[2].upper()}", year=int(match[1]), task=int(match[3]))
    match = _LABEL.match(value) or _NUMBER_TASK.match(value)
    if match:
        number = parse_number(match["number"])
        if number is None:
            return None
        year = int(match["year"]) if "year" in match.groupdict() and match["year"] else None
        return TaskRef(
            number=number.number, year=year or (number.date.year if number.date else None), task=int(match["task"])
        )
    return None


# ---------------------------------------------------------------- classification

_CLASS = re.compile(r"^qc\s*(45|42)\s*[_\-./ ]?\s*([abcd])$")


def parse_classification(text: object) -> str | None:
    """`QC45_a`, `QC45 b`, `QC45-c`, `QC45c`, `qc 42.d` → `QC45_a` …; None otherwise."""
    value = clean(text).lower().replace("–", "-")
    match = _CLASS.match(value)
    return f"QC{match[1]}_{match[2]}" if match else None


# ---------------------------------------------------------------- similarity of contents

# Syllables too common in task contents to tell two tasks apart.
STOP = frozenset(
    "va cac cua cho tren theo de voi ve viec thuc hien nhiem vu tinh ubnd nam so tai trong "
    "nhung duoc co la mot khi tu den nay dong thoi bao dam dam bao".split()
)


def tokens(text: object) -> tuple[set[str], set[str]]:
    """(syllables, pairs of consecutive syllables) of folded text, common syllables left out of the first."""
    words = fold(text).split()
    return {w for w in words if w not in STOP}, {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}


def similarity(written: object, registered: object) -> float:
    """How much of what the agency `written` is found in the register's text, 0–1: half from
    the syllables, half from pairs of syllables (a shortened content keeps both; a reworded one
    keeps some syllables and few pairs). Asymmetric on purpose: agencies shorten."""
    w1, w2 = tokens(written)
    r1, r2 = tokens(registered)
    if not w1:
        return 0.0
    one = len(w1 & r1) / len(w1)
    two = len(w2 & r2) / len(w2) if w2 else one
    return round(0.5 * one + 0.5 * two, 3)
