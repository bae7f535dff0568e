"""Commands that write into the register, and say so: `new`, `add-task`, `progress`, `extend`, `fix`,
and `edit`, the web form on this computer, whose saves are Git branches.

Each asks in the terminal for what its options do not give, one question at a time: a wrong
answer is asked again at once, with what is wrong; a date may be typed as clerks write it
(20/11/2026) and a name where a code is asked («Sở Tài chính» → STC, several matches → a
numbered list). Nothing is written until the real checker accepts the result; then the diff
is printed. Interrupted (Ctrl+C) or refused, the answers typed so far are kept in a draft
(`.nhiemvu/nhap/…`) that `--from-draft` resumes. With every option given, nothing is asked
(scripts, CI).
"""

from __future__ import annotations

import datetime as dt
import signal
import threading
import webbrowser
from pathlib import Path

import click

from generator.cli.ask import (
    MAX_LISTED,
    Asker,
    Invalid,
    by_number_or_name,
    date_default,
    day_answer,
    finish,
    from_draft_option,
    load_draft,
    menu,
    run_interactive,
    settle,
    show_problems,
    text_answer,
    unavailable_agencies,
    unavailable_signers,
)
from generator.cli.main import main
from generator.cli.options import register_option
from generator.cli.session import require_register_dir
from generator.errors import RegisterHasErrors, UsageError
from generator.history.git import is_git_repo
from generator.history.log import task_ids_ever
from generator.register import edit as lib
from generator.register.codes import problem
from generator.register.edit import Named, OpenDocument
from generator.register.load import load_register
from generator.register.model import (
    CLASSIFICATIONS,
    STATUSES,
    URGENCIES,
    Register,
    letter_of,
    needs_deadline,
    needs_report,
)
from generator.register.problems import Problem
from generator.register.rules.numbers import number_problem
from generator.register.status import today_for
from generator.site.editor import (
    ADMIN,
    DecapServer,
    EditorError,
    EditorServer,
    admin_files,
    check_port,
    cms_branches,
    editor_dir,
    install_hint,
    missing_vendor,
    node_executable,
    push_help,
    workspace,
)
from generator.vi import fmt_date, truncate

REFUSED_HINT = "Sửa các giá trị trên rồi chạy lại (số dòng ở trên là của tệp như nó sẽ được ghi)."


# -- what each answer may be ------------------------------------------------------------------------


def _classification(raw: str, asker: Asker) -> str:
    choices = lib.enum_choices(CLASSIFICATIONS)
    if raw.isdigit():
        return by_number_or_name(raw, choices, asker, "phân loại").code
    found = lib.match_classification(raw)
    if len(found) == 1:
        return found[0]
    if found:
        chosen = asker.choose([c for c in choices if c.code in found], f"Điểm {raw} có ở cả hai quy chế:")
        if isinstance(chosen, Named):
            return chosen.code
        return _classification(chosen, asker)
    raise Invalid("chọn số 1–8 trong danh sách, hoặc gõ mã như QC45_a.")


# -- a task's questions (new, add-task) ---------------------------------------------------------------


def ask_task(
    asker: Asker,
    register: Register,
    issued: dt.date,
    task: dict,
    given: dict,
    label: str,
    only: set[str] | None = None,
) -> dict:
    """Content, assignee, coordinators, monitor, classification, and the deadline of a class a/b
    task (or only the keys in `only`, asked again after the checker refused them)."""
    agencies = lib.agency_choices(register, issued)
    everyone = unavailable_agencies(register, issued)
    divisions = lib.agency_choices(register, issued, divisions=True)
    not_divisions = unavailable_agencies(register, issued, divisions=True)

    def wanted(key: str) -> bool:
        return only is None or key in only or (key == "deadline" and "classification" in only)

    click.echo(f"— {label}")
    if isinstance(task.get("deadline"), str):
        task["deadline"] = lib.parse_day_vi(task["deadline"])
    if wanted("content"):
        task["content"] = asker.ask(
            "  Nội dung nhiệm vụ", text_answer, given=given.get("content"), default=task.get("content") or ""
        )
    if wanted("assignee"):
        task["assignee"] = asker.ask(
            "  Cơ quan chủ trì (mã hoặc tên)",
            lambda raw: asker.pick(raw, agencies, "cơ quan", everyone).code,
            given=given.get("assignee"),
            default=task.get("assignee") or "",
        )

    def coordinators(raw: str) -> list[str]:
        codes = []
        for part in [p for p in raw.replace(";", ",").split(",") if p.strip()]:
            code = asker.pick(part.strip(), agencies, "cơ quan", everyone).code
            if code == task["assignee"]:
                raise Invalid(f"{code} đã là cơ quan chủ trì.")
            if code not in codes:
                codes.append(code)
        return codes

    if wanted("coordinators"):
        task["coordinators"] = (
            asker.ask(
                "  Cơ quan phối hợp (mã hoặc tên, cách nhau dấu phẩy)",
                coordinators,
                given=given.get("coordinators"),
                default=", ".join(task.get("coordinators") or []),
                optional=True,
            )
            or []
        )
    if wanted("monitor"):
        task["monitor"] = asker.ask(
            "  Phòng theo dõi, đôn đốc (mã hoặc tên phòng)",
            lambda raw: asker.pick(raw, divisions, "phòng thuộc Văn phòng", not_divisions).code,
            given=given.get("monitor"),
            default=task.get("monitor") or "",
        )
    if wanted("classification"):
        if not given.get("classification") or not lib.match_classification(str(given["classification"])):
            menu("  Phân loại:", lib.enum_choices(CLASSIFICATIONS))
        task["classification"] = asker.ask(
            "  Phân loại (số 1–8 hoặc mã)",
            lambda raw: _classification(raw, asker),
            given=given.get("classification"),
            default=task.get("classification") or "",
        )
    letter = letter_of(task["classification"])
    if not wanted("deadline"):
        pass
    elif needs_deadline(task["classification"]):
        task["deadline"] = asker.ask(
            f"  Thời hạn (loại {letter} bắt buộc có; ví dụ 30/6/2026)",
            lambda raw: day_answer(raw, today_for(register.settings), after=issued, what_after="ngày ban hành"),
            given=given.get("deadline"),
            default=date_default(task.get("deadline")),
        )
    else:
        if given.get("deadline") or task.get("deadline"):
            click.echo(f"  Loại {letter} là nhiệm vụ không có thời hạn: không ghi thời hạn đã nhập.", err=True)
        task.pop("deadline", None)
    return task


# -- resolving option values without asking (scripts, CI) -----------------------------------------------


def _code_from_option(value: str | None, choices: list[Named], everyone: list[Named], option: str, code: str):
    """A code for an option's value: itself when it is a code (the checker judges it), the one
    name it matches, or a problem saying what it could be."""
    if not value:
        return value, []
    if any(c.code.upper() == value.strip().upper() for c in everyone):
        return value.strip().upper(), []
    found = lib.match_named(value, choices) or lib.match_named(value, everyone)
    if len(found) == 1:
        click.echo(f"{option} «{value}» → {found[0].show()}", err=True)
        return found[0].code, []
    if found:
        names = "; ".join(f.show() for f in found[:MAX_LISTED])
        return None, [problem(code, option, 0, 0, f"«{value}» khớp nhiều mã: {names}.", "Ghi đúng mã cần dùng.")]
    if lib.fold(value).replace(" ", "_").upper() == value.strip().upper().replace(" ", "_"):
        return value.strip().upper(), []  # looks like a code: the checker says what it thinks of it
    return None, [
        problem(code, option, 0, 0, f"Không có mã hoặc tên nào khớp «{value}».", "Ghi mã (ví dụ STC) hoặc tên đúng.")
    ]


def _task_from_options(register: Register, issued: dt.date | None, flags: dict) -> tuple[dict, list[Problem]]:
    """A task's answers from `--content`, `--assignee`, `--coordinators`, `--monitor`,
    `--classification`, `--deadline`: names become codes, dates ISO; what cannot, a problem."""
    agencies, everyone = lib.agency_choices(register, issued), lib.agency_choices(register, None)
    divisions = lib.agency_choices(register, issued, divisions=True)
    problems: list[Problem] = []
    task = {"content": flags["content"], "classification": flags["classification"].strip(), "coordinators": []}
    for option, key, choices in (("--assignee", "assignee", agencies), ("--monitor", "monitor", divisions)):
        task[key], found = _code_from_option(flags[key], choices, everyone, option, "unknown-agency")
        problems += found
    for part in [p.strip() for p in (flags.get("coordinators") or "").split(",") if p.strip()]:
        code, found = _code_from_option(part, agencies, everyone, "--coordinators", "unknown-agency")
        problems += found
        task["coordinators"].append(code)
    task["deadline"], found = _day_from_option(flags.get("deadline"), "--deadline", "Thời hạn")
    return task, problems + found


def _day_from_option(value, option: str, what: str) -> tuple[dt.date | None, list[Problem]]:
    if value in (None, ""):
        return None, []
    return lib.date_or_problem(value, what, option)


# -- nhiemvu new -----------------------------------------------------------------------------------------

NEW_REQUIRED = ("number", "title", "issued", "signer", "content", "assignee", "monitor", "classification")


@main.command()
@register_option
@click.option("--number", metavar="SỐ/KÝ-HIỆU", help="Số, ký hiệu văn bản, ví dụ 45/QĐ-UBND.")
@click.option("--title", metavar="CHỮ", help="Trích yếu văn bản.")
@click.option("--issued", metavar="NGÀY", help="Ngày ban hành: 20/11/2026 hoặc 2026-11-20.")
@click.option("--signer", metavar="MÃ|TÊN", help="Người ký: mã trong signers.yaml hoặc họ tên.")
@click.option("--submitted-by", metavar="MÃ|TÊN", default="", help="Cơ quan trình (nếu có): mã hoặc tên.")
@click.option(
    "--urgency",
    type=click.Choice(list(URGENCIES)),
    default=None,
    help="Độ khẩn: normal (thường), urgent (khẩn), very_urgent (thượng khẩn), flash (hỏa tốc). Mặc định normal.",
)
@click.option("--content", metavar="CHỮ", help="Nội dung nhiệm vụ thứ nhất.")
@click.option("--assignee", metavar="MÃ|TÊN", help="Cơ quan chủ trì nhiệm vụ thứ nhất: mã hoặc tên.")
@click.option("--coordinators", metavar="MÃ,MÃ", default="", help="Cơ quan phối hợp, cách nhau dấu phẩy.")
@click.option("--monitor", metavar="MÃ|TÊN", help="Phòng thuộc Văn phòng theo dõi nhiệm vụ: mã hoặc tên.")
@click.option("--classification", metavar="QC45_a…QC42_d", help="Phân loại nhiệm vụ (QC45_a … QC42_d).")
@click.option("--deadline", metavar="NGÀY", default="", help="Thời hạn (bắt buộc với loại a, b; không ghi với c, d).")
@from_draft_option
def new(register_dir: Path, from_draft: Path | None, **flags) -> None:
    """Tạo tệp văn bản mới; hỏi lần lượt những gì chưa ghi trong tùy chọn. Lệnh này GHI vào sổ.

    Hỏi số, ký hiệu, ngày ban hành, trích yếu, người ký, độ khẩn, rồi từng nhiệm vụ (nội dung,
    cơ quan chủ trì, phối hợp, phòng theo dõi, phân loại, thời hạn với loại a, b). Ngày gõ
    dạng 20/11/2026; cơ quan, người ký gõ mã hoặc tên.
    """
    register_dir = require_register_dir(register_dir)
    saved, _ = load_draft(from_draft, "new")
    if all(flags.get(k) for k in NEW_REQUIRED) and not from_draft:
        _new_from_options(register_dir, flags)
        return
    asker = Asker(saved)
    run_interactive("new", register_dir, asker, "", lambda: _new_interactive(register_dir, asker, flags, from_draft))


def _new_from_options(register_dir: Path, flags: dict) -> None:
    register = lib.settings_register(register_dir)
    issued, problems = _day_from_option(flags["issued"], "--issued", "Ngày ban hành")
    signer, found = _code_from_option(
        flags["signer"],
        lib.signer_choices(register, issued),
        lib.signer_choices(register, None),
        "--signer",
        "unknown-signer",
    )
    problems += found
    submitted_by, found = _code_from_option(
        flags.get("submitted_by"),
        lib.agency_choices(register, issued),
        lib.agency_choices(register, None),
        "--submitted-by",
        "unknown-agency",
    )
    problems += found
    task, found = _task_from_options(register, issued, flags)
    problems += found
    if problems:
        raise RegisterHasErrors("Chưa tạo tệp.", "Sửa các giá trị trên rồi chạy lại.", problems)
    answers = {
        "number": flags["number"],
        "title": flags["title"],
        "issued": issued,
        "signer": signer,
        "submitted_by": submitted_by,
        "urgency": flags.get("urgency") or "normal",
        "tasks": [task],
    }
    edit = lib.plan_document(register_dir, answers)
    if edit.errors:
        raise RegisterHasErrors("Chưa tạo tệp.", REFUSED_HINT, edit.errors)
    show_problems(edit.warnings)
    lib.write_edit(edit)
    click.echo(f"Đã tạo {edit.path}. Thêm nhiệm vụ khác bằng «nhiemvu add-task», rồi chạy «nhiemvu check».")


def _new_interactive(register_dir: Path, asker: Asker, flags: dict, draft: Path | None) -> None:
    register = lib.settings_register(register_dir)
    today = today_for(register.settings)
    a = asker.answers
    first = {k: flags.get(k) for k in ("content", "assignee", "coordinators", "monitor", "classification", "deadline")}
    click.echo("Văn bản mới. Gõ câu trả lời rồi Enter; Ctrl+C để dừng (các câu đã trả lời được giữ lại).")
    _ask_header(asker, register_dir, register, today, flags, set())
    tasks = a.setdefault("tasks", [])
    if not tasks:
        tasks.append({})
    for i, task in enumerate(tasks):
        ask_task(asker, register, a["issued"], task, first if i == 0 else {}, f"Nhiệm vụ {i + 1}")
    while asker.yes("Văn bản còn nhiệm vụ khác?", False):
        tasks.append({})
        ask_task(asker, register, a["issued"], tasks[-1], {}, f"Nhiệm vụ {len(tasks)}")

    def reask(fields: list[str]) -> bool:
        header = {f for f in fields if "." not in f}
        if header:
            _ask_header(asker, register_dir, register, today, {}, header)
        for name in fields:
            if name.startswith("tasks."):
                _, index, key = name.split(".", 2)
                task = tasks[int(index)]
                ask_task(asker, register, a["issued"], task, {}, f"Nhiệm vụ {int(index) + 1}", {key})
        return True

    edit = settle(lambda: lib.plan_document(register_dir, a), asker, reask)
    finish(edit, asker, draft)


def _ask_header(
    asker: Asker, register_dir: Path, register: Register, today: dt.date, flags: dict, only: set[str]
) -> None:
    """The document's own questions (all of them, or those in `only`)."""
    a = asker.answers

    def wanted(key: str) -> bool:
        return not only or key in only or (key == "issued" and "number" in only)

    def number(raw: str) -> str:
        found = number_problem(raw.strip())
        if found:
            raise Invalid(" ".join(found))
        return raw.strip()

    if wanted("number"):
        a["number"] = asker.ask(
            "Số, ký hiệu (ví dụ 45/QĐ-UBND)", number, given=flags.get("number"), default=a.get("number") or ""
        )

    def issued(raw: str) -> dt.date:
        day = day_answer(raw, today, future=False)
        found = number_problem(a["number"], day.year)
        if found:
            raise Invalid(" ".join(found))
        rel = lib.document_relpath(a["number"], day.year)
        if (register_dir / rel).exists():
            raise Invalid(
                f"sổ đã có văn bản {a['number']} năm {day.year} ({rel}); thêm nhiệm vụ vào đó bằng "
                f'«nhiemvu add-task "{a["number"]} ({day.year})"», hoặc dừng (Ctrl+C) nếu số ký hiệu gõ nhầm.'
            )
        return day

    if wanted("issued"):
        a["issued"] = asker.ask(
            "Ngày ban hành (ví dụ 20/11/2026)",
            issued,
            given=flags.get("issued"),
            default=date_default(a.get("issued")),
        )
    elif isinstance(a.get("issued"), str):
        a["issued"] = lib.parse_day_vi(a["issued"])
    if wanted("title"):
        a["title"] = asker.ask("Trích yếu", text_answer, given=flags.get("title"), default=a.get("title") or "")
    if wanted("signer"):
        signers = lib.signer_choices(register, a["issued"])
        a["signer"] = asker.ask(
            "Người ký (mã hoặc họ tên)",
            lambda raw: asker.pick(raw, signers, "người ký", unavailable_signers(register, a["issued"])).code,
            given=flags.get("signer"),
            default=a.get("signer") or "",
        )
    if wanted("submitted_by"):
        agencies = lib.agency_choices(register, a["issued"])
        a["submitted_by"] = asker.ask(
            "Cơ quan trình (mã hoặc tên)",
            lambda raw: asker.pick(raw, agencies, "cơ quan", unavailable_agencies(register, a["issued"])).code,
            given=flags.get("submitted_by"),
            default=a.get("submitted_by") or "",
            optional=True,
        )
    if wanted("urgency"):
        urgencies = lib.enum_choices(URGENCIES)
        if not flags.get("urgency"):
            menu("Độ khẩn:", urgencies)
        a["urgency"] = asker.ask(
            "Độ khẩn (số 1–4)",
            lambda raw: by_number_or_name(raw, urgencies, asker, "độ khẩn").code,
            given=flags.get("urgency"),
            default=a.get("urgency") or "1",
        )
        if a["urgency"] == "flash":
            click.echo("  Văn bản hỏa tốc: phải nhập và gửi lên ngay trong ngày ban hành.")


# -- locating a task or document ---------------------------------------------------------------------


def _open_task(register_dir: Path, ref_text: str) -> tuple[OpenDocument, object]:
    ref = lib.parse_task_ref(ref_text)
    opened = lib.open_document(register_dir, lib.locate_document(register_dir, ref.document))
    task = opened.task(ref.task_id)
    return opened, task


def _describe(opened: OpenDocument, task) -> None:
    state = opened.state(task)
    deadline = f"hạn {fmt_date(state.deadline_in_force)}" if state.deadline_in_force else "không có thời hạn"
    late = f", quá hạn {state.days_overdue} ngày" if state.overdue else ""
    click.echo(f"Nhiệm vụ {task.label} ({task.global_id}): {truncate(task.content, 100)}")
    click.echo(
        f"  Chủ trì {task.assignee}; phân loại {task.classification}; {deadline}{late}; "
        f"trạng thái: {STATUSES.get(state.status, state.status)}"
        + (f" (cập nhật {fmt_date(state.last_progress)})" if state.last_progress else "")
        + "."
    )


def _target(ref: str | None, saved_target: str, what: str) -> str:
    ref = ref or saved_target
    if not ref:
        raise UsageError(f"Thiếu {what}.", "Ví dụ: nhiemvu progress 2026/03-CT-UBND#2 --note «…».")
    return ref


# -- nhiemvu progress -------------------------------------------------------------------------------------


@main.command()
@register_option
@click.argument("task_ref", metavar="[MÃ_NHIỆM_VỤ]", required=False)
@click.option("--note", metavar="CHỮ", help="Tình hình, kết quả thực hiện (bắt buộc; không ghi thì lệnh hỏi).")
@click.option(
    "--status",
    metavar="TRẠNG_THÁI",
    help="not_started, in_progress, done, cancelled (hoặc: đang thực hiện, hoàn thành, hủy). "
    "Mặc định: giữ trạng thái hiện tại (chưa có: in_progress).",
)
@click.option("--report", metavar="SỐ/KÝ-HIỆU", help="Văn bản báo cáo, trình (bắt buộc khi hoàn thành loại a, c).")
@click.option("--delay-reason", metavar="CHỮ", help="Lý do chậm (nhiệm vụ đã quá hạn).")
@click.option("--recommendation", metavar="CHỮ", help="Khó khăn, vướng mắc, kiến nghị.")
@click.option("--date", "day", metavar="NGÀY", help="Ngày của thông tin (mặc định: hôm nay theo giờ của sổ).")
@from_draft_option
def progress(register_dir: Path, task_ref: str | None, from_draft: Path | None, **flags) -> None:
    """Thêm một lần cập nhật tiến độ vào cuối danh sách progress của nhiệm vụ. Lệnh này GHI vào sổ.

    MÃ_NHIỆM_VỤ: 2026/03-CT-UBND#2, hoặc «03/CT-UBND (2026) #2», hoặc 03/CT-UBND#2 khi số đó
    chỉ có ở một năm.
    """
    register_dir = require_register_dir(register_dir)
    saved, saved_target = load_draft(from_draft, "progress")
    ref = _target(task_ref, saved_target, "mã nhiệm vụ (ví dụ 2026/03-CT-UBND#2)")
    opened, task = _open_task(register_dir, ref)
    _describe(opened, task)
    if flags.get("note") and not from_draft:
        answers, problems = _progress_from_options(opened, task, flags)
        if problems:
            raise RegisterHasErrors("Chưa ghi gì.", "Sửa các giá trị trên rồi chạy lại.", problems)
        edit = lib.plan_progress(opened, task, answers)
        if edit.errors:
            raise RegisterHasErrors("Chưa ghi gì: kiểm tra từ chối mục tiến độ này.", REFUSED_HINT, edit.errors)
        finish(edit, None, None)
        return
    asker = Asker(saved)
    run_interactive(
        "progress", register_dir, asker, ref, lambda: _progress_interactive(opened, task, asker, flags, from_draft)
    )


def _status(raw: str, asker: Asker | None = None) -> str:
    choices = lib.enum_choices(STATUSES, lib.STATUS_WORDS)
    if raw.isdigit():
        if asker is None:
            raise Invalid("ghi tên trạng thái, ví dụ in_progress hoặc done.")
        return by_number_or_name(raw, choices, asker, "trạng thái").code
    found = lib.match_named(raw, choices)
    if len(found) == 1:
        return found[0].code
    if found and asker is not None:
        return asker.pick(raw, found, "trạng thái").code
    raise Invalid("trạng thái là một trong: " + ", ".join(f"{k} ({v.lower()})" for k, v in STATUSES.items()) + ".")


def _default_status(state) -> str:
    return state.status if state.status != "not_started" else "in_progress"


def _progress_from_options(opened: OpenDocument, task, flags: dict) -> tuple[dict, list[Problem]]:
    problems = []
    day, found = _day_from_option(flags.get("day"), "--date", "Ngày cập nhật")
    problems += found
    status = _default_status(opened.state(task))
    if flags.get("status"):
        try:
            status = _status(flags["status"])
        except Invalid as exc:
            problems.append(problem("bad-value", "--status", 0, 0, f"«{flags['status']}»: {exc}", ""))
    answers = {
        "date": day or opened.today,
        "status": status,
        "note": flags.get("note"),
        "delay_reason": flags.get("delay_reason"),
        "report": flags.get("report"),
        "recommendation": flags.get("recommendation"),
    }
    return answers, problems


def _progress_interactive(opened: OpenDocument, task, asker: Asker, flags: dict, draft: Path | None) -> None:
    a = asker.answers
    state = opened.state(task)
    last = task.progress[-1].date if task.progress else None
    today = opened.today

    def ask(keys: set[str] | None = None) -> None:
        def wanted(key: str) -> bool:
            return keys is None or key in keys

        if wanted("date"):
            a["date"] = asker.ask(
                "Ngày của thông tin",
                lambda raw: day_answer(
                    raw,
                    today,
                    after=max(filter(None, [last, opened.document.issued])),
                    what_after="lần cập nhật trước" if last and last >= opened.document.issued else "ngày ban hành",
                    future=False,
                ),
                given=flags.get("day"),
                default=date_default(a.get("date") or today),
            )
        if wanted("status"):
            choices = lib.enum_choices(STATUSES)
            if not flags.get("status"):
                menu("Trạng thái:", choices)
            current = a.get("status") or _default_status(state)
            a["status"] = asker.ask(
                "Trạng thái (số 1–4 hoặc tên)",
                lambda raw: _status(raw, asker),
                given=flags.get("status"),
                default=str(list(STATUSES).index(current) + 1) if current in STATUSES else "",
            )
        if wanted("note"):
            a["note"] = asker.ask(
                "Tình hình, kết quả", text_answer, given=flags.get("note"), default=a.get("note") or ""
            )
        report_needed = a["status"] == "done" and needs_report(task.classification)
        if wanted("report") and (report_needed or flags.get("report") or a.get("report")):
            a["report"] = asker.ask(
                "Số, ký hiệu văn bản báo cáo, trình"
                + (" (loại a, c bắt buộc khi hoàn thành)" if report_needed else ""),
                text_answer,
                given=flags.get("report"),
                default=a.get("report") or "",
                optional=not report_needed,
            )
        deadline = state.deadline_in_force
        late = deadline is not None and a["date"] > deadline and a["status"] not in ("done", "cancelled")
        if wanted("delay_reason") and (late or flags.get("delay_reason") or a.get("delay_reason")):
            a["delay_reason"] = asker.ask(
                f"Lý do chậm (hạn {fmt_date(deadline)} đã qua; không ghi thì kiểm tra báo «quá hạn chưa nêu lý do»)"
                if late
                else "Lý do chậm",
                text_answer,
                given=flags.get("delay_reason"),
                default=a.get("delay_reason") or "",
                optional=True,
            )
        if wanted("recommendation"):
            a["recommendation"] = asker.ask(
                "Khó khăn, vướng mắc, kiến nghị",
                text_answer,
                given=flags.get("recommendation"),
                default=a.get("recommendation") or "",
                optional=True,
            )

    if isinstance(a.get("date"), str):
        a["date"] = lib.parse_day_vi(a["date"])
    ask()

    def reask(fields: list[str]) -> bool:
        ask(set(fields))
        return True

    edit = settle(lambda: lib.plan_progress(opened, task, a), asker, reask)
    finish(edit, asker, draft)


# -- nhiemvu extend -----------------------------------------------------------------------------------------


@main.command()
@register_option
@click.argument("task_ref", metavar="[MÃ_NHIỆM_VỤ]", required=False)
@click.option("--deadline", metavar="NGÀY", help="Thời hạn mới (bắt buộc; không ghi thì lệnh hỏi).")
@click.option(
    "--document", metavar="SỐ/KÝ-HIỆU", help="Văn bản cho phép gia hạn, điều chỉnh (bắt buộc; không ghi thì lệnh hỏi)."
)
@click.option("--date", "day", metavar="NGÀY", help="Ngày của văn bản gia hạn (mặc định: hôm nay theo giờ của sổ).")
@from_draft_option
def extend(register_dir: Path, task_ref: str | None, from_draft: Path | None, **flags) -> None:
    """Thêm một lần gia hạn, điều chỉnh thời hạn vào cuối danh sách extensions. Lệnh này GHI vào sổ.

    Chỉ nhiệm vụ có thời hạn (loại a, b) mới gia hạn được. MÃ_NHIỆM_VỤ như ở lệnh progress.
    """
    register_dir = require_register_dir(register_dir)
    saved, saved_target = load_draft(from_draft, "extend")
    ref = _target(task_ref, saved_target, "mã nhiệm vụ (ví dụ 2026/03-CT-UBND#2)")
    opened, task = _open_task(register_dir, ref)
    _describe(opened, task)
    if not needs_deadline(task.classification):
        raise RegisterHasErrors(
            f"Nhiệm vụ {task.label} loại {letter_of(task.classification)} là nhiệm vụ không có thời hạn "
            "nên không gia hạn được.",
            "Nếu văn bản mới giao thời hạn, đó là việc điều chỉnh phân loại: sửa tệp theo «Hướng dẫn».",
        )
    if flags.get("deadline") and flags.get("document") and not from_draft:
        problems = []
        deadline, found = _day_from_option(flags["deadline"], "--deadline", "Thời hạn mới")
        problems += found
        day, found = _day_from_option(flags.get("day"), "--date", "Ngày của văn bản gia hạn")
        problems += found
        if problems:
            raise RegisterHasErrors("Chưa ghi gì.", "Sửa các giá trị trên rồi chạy lại.", problems)
        answers = {"deadline": deadline, "document": flags["document"], "date": day or opened.today}
        edit = lib.plan_extension(opened, task, answers)
        if edit.errors:
            raise RegisterHasErrors("Chưa ghi gì: kiểm tra từ chối lần gia hạn này.", REFUSED_HINT, edit.errors)
        finish(edit, None, None)
        return
    asker = Asker(saved)
    run_interactive(
        "extend", register_dir, asker, ref, lambda: _extend_interactive(opened, task, asker, flags, from_draft)
    )


def _extend_interactive(opened: OpenDocument, task, asker: Asker, flags: dict, draft: Path | None) -> None:
    a = asker.answers
    today = opened.today
    state = opened.state(task)

    def document(raw: str) -> str:
        text = text_answer(raw)
        found = number_problem(text)
        if found:
            raise Invalid(" ".join(found))
        return text

    def ask(keys: set[str] | None = None) -> None:
        if keys is None or "deadline" in keys:
            a["deadline"] = asker.ask(
                f"Thời hạn mới (hạn đang có hiệu lực: {fmt_date(state.deadline_in_force)})",
                lambda raw: day_answer(raw, today, after=opened.document.issued, what_after="ngày ban hành"),
                given=flags.get("deadline"),
                default=date_default(a.get("deadline")),
            )
        if keys is None or "document" in keys:
            a["document"] = asker.ask(
                "Văn bản cho phép gia hạn (số, ký hiệu, ví dụ 520/UBND-TH)",
                document,
                given=flags.get("document"),
                default=a.get("document") or "",
            )
        if keys is None or "date" in keys:
            a["date"] = asker.ask(
                "Ngày của văn bản gia hạn",
                lambda raw: day_answer(
                    raw, today, after=opened.document.issued, what_after="ngày ban hành", future=False
                ),
                given=flags.get("day"),
                default=date_default(a.get("date") or today),
            )

    for key in ("deadline", "date"):
        if isinstance(a.get(key), str):
            a[key] = lib.parse_day_vi(a[key])
    ask()
    edit = settle(lambda: lib.plan_extension(opened, task, a), asker, lambda fields: ask(set(fields)) or True)
    finish(edit, asker, draft)


# -- nhiemvu add-task -----------------------------------------------------------------------------------------


@main.command("add-task")
@register_option
@click.argument("document_ref", metavar="[VĂN_BẢN]", required=False)
@click.option("--content", metavar="CHỮ", help="Nội dung nhiệm vụ.")
@click.option("--assignee", metavar="MÃ|TÊN", help="Cơ quan chủ trì: mã hoặc tên.")
@click.option("--coordinators", metavar="MÃ,MÃ", default="", help="Cơ quan phối hợp, cách nhau dấu phẩy.")
@click.option("--monitor", metavar="MÃ|TÊN", help="Phòng thuộc Văn phòng theo dõi: mã hoặc tên.")
@click.option("--classification", metavar="QC45_a…QC42_d", help="Phân loại nhiệm vụ.")
@click.option("--deadline", metavar="NGÀY", default="", help="Thời hạn (bắt buộc với loại a, b; không ghi với c, d).")
@from_draft_option
def add_task(register_dir: Path, document_ref: str | None, from_draft: Path | None, **flags) -> None:
    """Thêm một nhiệm vụ vào cuối văn bản, với số thứ tự tiếp theo (không bao giờ dùng lại số cũ).
    Lệnh này GHI vào sổ.

    VĂN_BẢN: số ký hiệu «03/CT-UBND (2026)», 2026/03-CT-UBND, 03/CT-UBND (khi số đó chỉ có ở
    một năm) hoặc đường dẫn tệp.
    """
    register_dir = require_register_dir(register_dir)
    saved, saved_target = load_draft(from_draft, "add-task")
    ref = _target(document_ref, saved_target, "văn bản (ví dụ «03/CT-UBND (2026)»)")
    opened = lib.open_document(register_dir, lib.locate_document(register_dir, ref))
    doc = opened.document
    used = _ids_in_history(opened)
    click.echo(
        f"Văn bản {doc.number} ngày {fmt_date(doc.issued)} ({opened.key}): {len(doc.tasks)} nhiệm vụ; "
        f"nhiệm vụ mới sẽ là số {lib.next_task_id(doc, used | lib.task_ids_in_text(opened.text))}."
    )
    required = ("content", "assignee", "monitor", "classification")
    if all(flags.get(k) for k in required) and not from_draft:
        answers, problems = _task_from_options(opened.register, doc.issued, flags)
        if problems:
            raise RegisterHasErrors("Chưa ghi gì.", "Sửa các giá trị trên rồi chạy lại.", problems)
        edit = lib.plan_task(opened, answers, used)
        if edit.errors:
            raise RegisterHasErrors("Chưa ghi gì: kiểm tra từ chối nhiệm vụ này.", REFUSED_HINT, edit.errors)
        finish(edit, None, None)
        return
    asker = Asker(saved)

    def body() -> None:
        task = asker.answers
        ask_task(asker, opened.register, doc.issued, task, flags, "Nhiệm vụ mới")

        def reask(fields: list[str]) -> bool:
            ask_task(asker, opened.register, doc.issued, task, {}, "Nhiệm vụ mới", set(fields))
            return True

        edit = settle(lambda: lib.plan_task(opened, task, used), asker, reask)
        finish(edit, asker, from_draft)

    run_interactive("add-task", register_dir, asker, ref, body)


def _ids_in_history(opened: OpenDocument) -> set[int]:
    """Ids the file has had in Git (none outside a repository)."""
    repo_root = lib.find_repo_root(opened.path.parent)
    if not is_git_repo(repo_root):
        return set()
    return task_ids_ever(repo_root, opened.path.resolve().relative_to(repo_root).as_posix())


# -- nhiemvu fix -----------------------------------------------------------------------------------------------


@main.command()
@register_option
@click.option("--dry-run", is_flag=True, help="Chỉ liệt kê, không ghi tệp.")
def fix(register_dir: Path, dry_run: bool) -> None:
    """Chuẩn hóa chữ trong sổ (Unicode NFC, bỏ dấu cách thừa); lệnh này GHI vào các tệp của sổ."""
    results = lib.fix_register(require_register_dir(register_dir), dry_run=dry_run)
    total = 0
    for r in results:
        total += r.fixed
        verb = "sẽ sửa" if dry_run else ("đã sửa" if r.written else "không sửa")
        click.echo(f"{r.file}: {verb} {r.fixed} giá trị")
        for line, value in r.skipped:
            where = f"dòng {line}: " if line else ""
            click.echo(f"    {where}cần sửa tay «{value.strip()[:60]}»", err=True)
    click.echo(f"Tổng cộng: {total} giá trị {'cần chuẩn hóa' if dry_run else 'đã chuẩn hóa'}.")


@main.command()
@register_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Cổng trên 127.0.0.1 (từ 1024 đến 65535; 0: tự chọn cổng trống).",
)
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
def edit(register_dir: Path, port: int, no_browser: bool) -> None:  # noqa: C901 - one start-up sequence
    """Mở biểu mẫu nhập liệu (Decap CMS) trên máy này: mỗi lần lưu là một nhánh Git cms/…

    Cần Node.js (decap-server chạy bằng Node) và «npm ci» trong thư mục editor/ của nhiemvu.
    Máy chủ chỉ nghe trên 127.0.0.1.
    """
    try:
        check_port(port)
    except EditorError as exc:
        raise click.BadParameter(str(exc), param_hint="--port") from None
    server = decap = None
    try:
        state = workspace(register_dir)
        editor = editor_dir()
        missing = missing_vendor(editor)
        if missing:
            raise EditorError(
                "Chưa cài Decap CMS và decap-server cho trình soạn thảo (thiếu "
                + ", ".join(missing)
                + "): "
                + install_hint(editor)
                + "."
            )
        node = node_executable()
        register, _ = load_register(register_dir)
        try:
            server = EditorServer(port, state, {}, report=lambda m: click.echo(m))
        except OSError:
            raise EditorError(f"Cổng {port} trên 127.0.0.1 đang được dùng; chọn cổng khác bằng --port.") from None
        backend = {"name": "proxy", "proxy_url": f"{server.origin}/api/v1", "branch": state.branch}
        server.files = admin_files(register, editor, backend, connect=[])
        decap = server.decap = DecapServer(node, editor, state, server.origin)
    except EditorError:
        if server is not None:
            server.server_close()
        raise

    url = f"{server.origin}/{ADMIN}/"
    click.echo(
        f"Trình soạn thảo sổ theo dõi: {url}\n"
        f"Kho Git: {state.repo} (nhánh gốc {state.branch}). Mỗi lần «Lưu» tạo hoặc cập nhật một nhánh "
        f"cms/<mục>/<tên> trong kho này; «Xuất bản» hợp nhất nhánh đó vào {state.branch}.\n"
        "Bấm Ctrl+C để dừng."
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    if not no_browser:
        webbrowser.open(url)
    try:
        while not stop.wait(0.5):
            if decap.process.poll() is not None:
                click.echo("Lỗi: decap-server đã dừng bất ngờ.", err=True)
                break
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
        decap.stop()
    click.echo("Đã dừng trình soạn thảo.\n" + push_help(state, cms_branches(state)))
