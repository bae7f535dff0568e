"""Intake of submissions (R11): `register/intake/<YYYY>/<slug>.yaml`.

When an agency submits or proposes something to UBND tỉnh, the monitoring division either
only files it (a regulation already names the lead agency: `lead: regulation`), or must issue
an assignment document within 3 working days of receipt (`lead: none`), or must report it to
the Office leaders at once (`lead: pressing`). The limit counts working days after the day of
receipt (Civil Code 2015, art. 147–148) on the register's calendar.

Problems found here carry their own codes (`intake-…`) so the lead can wire them into `check`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.register.model import Register
from generator.register.paths import slugify_number
from generator.register.problems import Problem
from generator.register.workdays import WorkCalendar

INTAKE_LIMIT_DAYS = 3  # R11: "trong thời hạn 03 ngày làm việc"

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


@dataclass(frozen=True, slots=True)
class IntakeState:
    item: IntakeItem
    deadline: dt.date | None  # last day to issue the assignment (lead none) or to report
    status: str  # a key of INTAKE_STATUSES
    working_days_late: int  # working days past the deadline at as_of (overdue only)

    @property
    def late(self) -> bool:
        return self.status in ("overdue", "unreported")


def intake_deadline(item: IntakeItem, calendar: WorkCalendar) -> dt.date | None:
    """`none`: the 3rd working day after receipt; `pressing`: the day of receipt."""
    if item.lead == "none":
        return calendar.add_working_days(item.received, INTAKE_LIMIT_DAYS)
    if item.lead == "pressing":
        return item.received
    return None


def intake_state(item: IntakeItem, calendar: WorkCalendar, as_of: dt.date) -> IntakeState:
    """State at `as_of`: an assignment or report dated after `as_of` does not count yet."""
    deadline = intake_deadline(item, calendar)
    late_days = 0
    if item.lead == "regulation":
        status = "filed"
    elif item.lead == "pressing":
        status = "reported" if item.reported and item.reported <= as_of else "unreported"
    else:
        assigned = item.assignment and (item.assignment_date is None or item.assignment_date <= as_of)
        if assigned:
            late = item.assignment_date is not None and item.assignment_date > deadline
            status = "assigned_late" if late else "assigned"
        elif as_of > deadline:
            status = "overdue"
            late_days = calendar.working_days_between(deadline, as_of)
        else:
            status = "waiting"
    return IntakeState(item, deadline, status, late_days)


def intake_states(items: Iterable[IntakeItem], calendar: WorkCalendar, as_of: dt.date) -> list[IntakeState]:
    """States of the items received on or before `as_of`, oldest first."""
    chosen = [i for i in items if i.received <= as_of]
    chosen.sort(key=lambda i: (i.received, i.file, i.number))
    return [intake_state(i, calendar, as_of) for i in chosen]


# ---------------------------------------------------------------- loading


def intake_relpath(number: str, year: int) -> str:
    """Path of an intake file relative to the register directory."""
    return f"intake/{year}/{slugify_number(number)}.yaml"


def load_intake(
    source: Path | Mapping[str, bytes],
    *,
    repo_root: Path | None = None,
    register_prefix: str = "register",
) -> tuple[list[IntakeItem], list[Problem]]:
    """Every `intake/<YYYY>/<slug>.yaml` of a register directory, or of a mapping of repo-relative
    POSIX paths to bytes (files read from a Git tree). No intake folder: no items, no problems."""
    if isinstance(source, Mapping):
        prefix = register_prefix.strip("/")
        start = f"{prefix}/intake/" if prefix and prefix != "." else "intake/"
        files = {p: b for p, b in source.items() if p.startswith(start)}
    else:
        files, start = _read_folder(Path(source), repo_root)
    items: list[IntakeItem] = []
    problems: list[Problem] = []
    for rel in sorted(files):
        inner = rel[len(start) :]
        if not _INTAKE_PATH.match(inner):
            problems.append(
                Problem(
                    "intake-path",
                    "error",
                    rel,
                    0,
                    0,
                    f"Tệp hồ sơ trình «intake/{inner}» đặt sai chỗ hoặc sai đuôi.",
                    "Đặt tại intake/<năm nhận>/<số-ký-hiệu>.yaml, đuôi «.yaml».",
                )
            )
            continue
        item, found = parse_intake_file(files[rel], rel)
        problems.extend(found)
        if item is not None:
            items.append(item)
    problems.extend(_duplicates(items))
    return items, problems


_USED = (
    "number",
    "title",
    "sender",
    "received",
    "lead",
    "monitor",
    "assignment",
    "assignment_date",
    "reported",
    "note",
)
_INTAKE_PATH = re.compile(r"^(\d{4})/[^/]+\.yaml$")


def _read_folder(register_dir: Path, repo_root: Path | None) -> tuple[dict[str, bytes], str]:
    """Bytes of the files under `intake/`, keyed by repo-relative path; links are skipped
    (the loader already reports every symbolic link in the register)."""
    from generator.register.load import find_repo_root

    root = (repo_root or find_repo_root(register_dir)).resolve()
    folder = register_dir.resolve() / "intake"
    base = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.as_posix()
    out: dict[str, bytes] = {}
    if folder.is_dir() and not folder.is_symlink():
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or not path.is_file() or any(p.startswith(".") for p in path.parts):
                continue
            out[f"{base}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    return out, f"{base}/"


def parse_intake_file(data: bytes, rel: str) -> tuple[IntakeItem | None, list[Problem]]:
    """One intake file → item (None if unusable) and the problems found in it.

    The shape is checked by the shipped schema (intake.schema.json) with the same messages
    as every other register file; what the schema cannot say is checked here.
    """
    from generator.register.schema import validate
    from generator.register.yamlsrc import parse_yaml

    value, positions, problems = parse_yaml(data, rel)
    problems = list(problems)
    if value is None:
        if not problems:
            problems.append(
                Problem(
                    "intake-empty",
                    "error",
                    rel,
                    0,
                    0,
                    "Tệp hồ sơ trình đang trống.",
                    "Ghi các khóa number, title, sender, received, lead, monitor.",
                )
            )
        return None, problems
    result = validate(value, "intake", rel, positions)
    problems.extend(result.problems)
    if not isinstance(value, dict) or any(not p or p[0] in _USED for p in result.bad_paths):
        return None, problems

    def text(key: str) -> str | None:
        raw = value.get(key)
        return " ".join(str(raw).split()) or None if raw is not None else None

    item = IntakeItem(
        number=text("number"),
        title=text("title"),
        sender=value["sender"],
        received=value["received"],
        lead=value["lead"],
        monitor=value["monitor"],
        assignment=text("assignment"),
        assignment_date=value.get("assignment_date"),
        reported=value.get("reported"),
        note=text("note"),
        file=rel,
        line=positions.line_of(("lead",)) or 1,
    )
    folder_year = rel.rsplit("/", 2)[-2] if rel.count("/") >= 2 else ""
    if folder_year.isdigit() and int(folder_year) != item.received.year:
        problems.append(
            Problem(
                "intake-path",
                "error",
                rel,
                positions.line_of(("received",)),
                1,
                f"Hồ sơ nhận ngày {item.received:%d/%m/%Y} nhưng nằm trong thư mục năm {folder_year}.",
                f"Chuyển tệp vào thư mục intake/{item.received.year}/.",
            )
        )
    return item, problems


def _duplicates(items: list[IntakeItem]) -> list[Problem]:
    seen: dict[tuple[str, str, int], IntakeItem] = {}
    found = []
    for item in items:
        key = (item.sender, item.number, item.received.year)
        if key in seen:
            found.append(
                Problem(
                    "intake-duplicate",
                    "error",
                    item.file,
                    item.line,
                    1,
                    f"Hồ sơ «{item.number}» của {item.sender} đã có ở {seen[key].file}.",
                    "Mỗi hồ sơ trình chỉ ghi một lần; xóa một trong hai tệp.",
                )
            )
        else:
            seen[key] = item
    return found


# ---------------------------------------------------------------- checking


def check_intake(
    items: Iterable[IntakeItem], register: Register, calendar: WorkCalendar, as_of: dt.date
) -> list[Problem]:
    """R11 findings: unknown codes, impossible dates, and items past their limit.

    `intake-overdue` (no assignment document 3 working days after receipt) and
    `intake-unreported` (pressing matter not reported) are warnings, not errors: the register
    is still correct — it faithfully records that the Office is late — and a clerk cannot fix
    the lateness by editing YAML; the warning keeps CI green while the site and the monthly
    report list the item until the assignment document is recorded.
    """
    problems: list[Problem] = []
    for item in items:
        sender = register.agencies.get(item.sender)
        sender_name = sender.name if sender else item.sender
        problems.extend(_check_codes(item, register))
        problems.extend(_check_dates(item))
        state = intake_state(item, calendar, as_of) if item.received <= as_of else None
        if state and state.status == "overdue":
            problems.append(
                Problem(
                    "intake-overdue",
                    "warning",
                    item.file,
                    item.line,
                    1,
                    f"Hồ sơ «{item.number}» của {sender_name} nhận ngày {item.received:%d/%m/%Y} chưa có "
                    f"văn bản giao nhiệm vụ; hạn 03 ngày làm việc là {state.deadline:%d/%m/%Y} "
                    f"(đã quá {state.working_days_late} ngày làm việc).",
                    "Ban hành văn bản giao cơ quan chủ trì, thời hạn rồi ghi «assignment» (số văn bản) "
                    "và «assignment_date» vào tệp.",
                )
            )
        elif state and state.status == "unreported":
            problems.append(
                Problem(
                    "intake-unreported",
                    "warning",
                    item.file,
                    item.line,
                    1,
                    f"Hồ sơ cấp bách «{item.number}» nhận ngày {item.received:%d/%m/%Y} chưa ghi ngày "
                    "báo cáo Lãnh đạo Văn phòng.",
                    "Báo cáo ngay Lãnh đạo Văn phòng rồi ghi «reported: YYYY-MM-DD» vào tệp.",
                )
            )
    return problems


def _check_codes(item: IntakeItem, register: Register) -> list[Problem]:
    found = []
    sender = register.agencies.get(item.sender)
    if sender is None:
        found.append(
            Problem(
                "intake-unknown-agency",
                "error",
                item.file,
                item.line,
                1,
                f"Cơ quan gửi «{item.sender}» không có trong agencies.yaml.",
                "Sửa mã «sender» hoặc thêm cơ quan vào agencies.yaml.",
            )
        )
    monitor = register.agencies.get(item.monitor)
    if monitor is None or monitor.kind != "office_division":
        found.append(
            Problem(
                "intake-monitor",
                "error",
                item.file,
                item.line,
                1,
                f"«monitor: {item.monitor}» phải là một phòng thuộc Văn phòng "
                "(kind: office_division) trong agencies.yaml.",
                "Ghi mã phòng theo dõi, ví dụ TH (Phòng Tổng hợp).",
            )
        )
    return found


def _check_dates(item: IntakeItem) -> list[Problem]:
    found = []
    for key, value in (("assignment_date", item.assignment_date), ("reported", item.reported)):
        if value is not None and value < item.received:
            found.append(
                Problem(
                    "intake-date-order",
                    "error",
                    item.file,
                    item.line,
                    1,
                    f"«{key}» ({value:%d/%m/%Y}) trước ngày nhận hồ sơ ({item.received:%d/%m/%Y}).",
                    "Kiểm tra lại hai ngày này.",
                )
            )
    if item.assignment_date and not item.assignment:
        found.append(
            Problem(
                "intake-field",
                "error",
                item.file,
                item.line,
                1,
                "Có «assignment_date» nhưng thiếu số văn bản giao «assignment».",
                "Ghi số, ký hiệu văn bản giao nhiệm vụ, ví dụ 512/UBND-TH.",
            )
        )
    if item.assignment and item.lead != "none":
        found.append(
            Problem(
                "intake-assignment-unneeded",
                "warning",
                item.file,
                item.line,
                1,
                f"Hồ sơ «lead: {item.lead}» không cần văn bản giao nhưng có «assignment».",
                "Kiểm tra lại «lead»: nếu chưa có cơ quan chủ trì thì ghi «lead: none».",
            )
        )
    return found


# ---------------------------------------------------------------- catalog


CODE_DOCS: dict[str, tuple[str, str]] = {
    "intake-overdue": (
        "warning",
        """Hồ sơ trình chưa có cơ quan chủ trì quá 03 ngày làm việc chưa có văn bản giao.

Khi cơ quan trình, đề xuất mà chưa có quy định cơ quan chủ trì (`lead: none`), phòng theo dõi
phải ban hành văn bản giao nhiệm vụ, có cơ quan chủ trì và thời hạn, trong 03 ngày làm việc kể
từ ngày nhận (R11; không tính ngày nhận; thứ Bảy, Chủ nhật, ngày lễ, Tết và ngày nghỉ bù trong
`calendar.yaml` không tính; thứ Bảy làm bù được tính). Đây là cảnh báo: sổ vẫn đúng, nhưng hồ
sơ được nêu trong báo cáo tháng cho đến khi ghi văn bản giao.

Đúng:

    received: 2026-02-13
    lead: none
    assignment: 140/UBND-TH
    assignment_date: 2026-02-24

Sai:

    received: 2026-02-13
    lead: none
""",
    ),
    "intake-unreported": (
        "warning",
        """Hồ sơ cấp bách chưa ghi ngày báo cáo Lãnh đạo Văn phòng.

Vấn đề cấp bách (`lead: pressing`) phải báo cáo ngay Lãnh đạo Văn phòng (R11); ghi ngày đã
báo cáo vào `reported`.

Đúng:

    lead: pressing
    reported: 2026-03-02

Sai:

    lead: pressing
""",
    ),
    "intake-unknown-agency": (
        "error",
        """Cơ quan gửi hồ sơ không có trong agencies.yaml.

Cơ quan gửi hồ sơ được ghi bằng mã khai báo trong agencies.yaml để báo cáo tháng (R8) và việc
theo dõi hồ sơ trình (R11) tính đúng theo từng sở, ngành, địa phương. Sửa mã `sender` theo
agencies.yaml (thường là gõ sai hoặc ghi tên đầy đủ), hoặc khai báo cơ quan mới ở đó trước.

Đúng:

    sender: SNNMT

Sai:

    sender: SO_NONG_NGHIEP
""",
    ),
    "intake-monitor": (
        "error",
        """Phòng theo dõi hồ sơ trình không phải một phòng thuộc Văn phòng.

`monitor` phải là mã có `kind: office_division` trong agencies.yaml.

Đúng:

    monitor: TH

Sai:

    monitor: STC
""",
    ),
    "intake-date-order": (
        "error",
        """Ngày văn bản giao hoặc ngày báo cáo trước ngày nhận hồ sơ.

Văn bản giao nhiệm vụ (`assignment_date`) và việc báo cáo Lãnh đạo Văn phòng (`reported`) chỉ có
thể diễn ra từ ngày nhận hồ sơ trở về sau; ngày sớm hơn thường là gõ nhầm, và làm sai việc xét
hạn xử lý của R11. Đối chiếu với sổ văn bản đến và văn bản giao rồi sửa ngày gõ nhầm.

Đúng:

    received: 2026-03-02
    assignment_date: 2026-03-04

Sai:

    received: 2026-03-02
    assignment_date: 2026-02-27
""",
    ),
    "intake-field": (
        "error",
        """Có ngày văn bản giao nhưng thiếu số văn bản giao.

Văn bản giao nhiệm vụ theo R11 được nhận diện bằng số, ký hiệu của nó; chỉ có ngày mà không có
số thì không đối chiếu được với văn bản thật, và hồ sơ chưa được tính là đã giao. Ghi số, ký
hiệu văn bản giao vào `assignment` (ví dụ `140/UBND-TH`).

Đúng:

    assignment: 140/UBND-TH
    assignment_date: 2026-02-24

Sai:

    assignment_date: 2026-02-24
""",
    ),
    "intake-assignment-unneeded": (
        "warning",
        """Hồ sơ không cần văn bản giao nhưng lại ghi văn bản giao.

Chỉ hồ sơ chưa có cơ quan chủ trì (`lead: none`) mới cần văn bản giao; kiểm tra lại `lead`.

Đúng:

    lead: none
    assignment: 140/UBND-TH

Sai:

    lead: regulation
    assignment: 140/UBND-TH
""",
    ),
    "intake-path": (
        "error",
        """Tệp hồ sơ trình đặt sai chỗ.

Tệp nằm ở `intake/<năm nhận>/<số-ký-hiệu>.yaml`, năm là năm của `received`.

Đúng:

    # intake/2026/215-TTr-SNNMT.yaml
    received: 2026-02-13

Sai:

    # intake/2025/215-TTr-SNNMT.yaml
    received: 2026-02-13
""",
    ),
    "intake-duplicate": (
        "error",
        """Một hồ sơ trình được ghi hai lần.

Cùng cơ quan gửi, cùng số, cùng năm nhận chỉ ghi trong một tệp.

Đúng:

    # chỉ intake/2026/215-TTr-SNNMT.yaml
    number: 215/TTr-SNNMT

Sai:

    # intake/2026/215-TTr-SNNMT.yaml và intake/2026/215-TTr-SNNMT-ban-sao.yaml
    number: 215/TTr-SNNMT
""",
    ),
    "intake-empty": (
        "error",
        """Tệp hồ sơ trình trống.

Tệp hồ sơ trình trống (thường do tạo tệp rồi quên ghi, hoặc lưu nhầm) thì không biết hồ sơ nào
đã nhận, nên không theo dõi được hạn xử lý của R11. Ghi đủ các khóa như ví dụ dưới đây, hoặc xóa
tệp nếu tạo nhầm.

Đúng:

    number: 215/TTr-SNNMT
    title: Đề nghị phê duyệt phương án phòng, chống hạn
    sender: SNNMT
    received: 2026-02-13
    lead: none
    monitor: TH

Sai:

    # (tệp không có nội dung)
""",
    ),
}


def document_codes() -> None:
    """Add the intake codes to the rules catalog (the Hướng dẫn page lists every code)."""
    from generator.register.rules import _RULES, documented

    for code, (severity, doc) in CODE_DOCS.items():
        if code not in _RULES:
            documented(code, severity, doc)
