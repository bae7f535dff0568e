"""Asking in the terminal: one question at a time, a wrong answer asked again at once, a name
turned into a code (a numbered choice when it names several), a Vietnamese date understood; and
what happens at the end: the diff shown, the file written, or the answers kept in a draft.

Used by the commands that write into the register (`cli/edit.py`); the reading of answers
(dates, names, task ids) is the library's (`register/edit.py`), free of any terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import click

from generator.cli.reporters import as_text
from generator.errors import NhiemvuError, RegisterHasErrors, UsageError
from generator.register import edit as lib
from generator.register.edit import FileEdit, Named
from generator.register.model import Register
from generator.register.problems import Problem
from generator.vi import fmt_date

MAX_LISTED = 15  # names shown in a numbered choice; more means: type more of the name


class Invalid(Exception):
    """An answer that cannot be taken; the message says why and what to type."""


class Declined(Exception):
    """The clerk answered «không» to writing the file."""


# -- asking ----------------------------------------------------------------------------------------


class Asker:
    """Asks questions in the terminal and keeps every accepted answer in `answers` (the draft)."""

    def __init__(self, answers: dict) -> None:
        self.answers = answers
        self.asked = False  # whether anything was asked (then the answers are worth a draft)

    def ask(
        self,
        label: str,
        parse: Callable[[str], object],
        *,
        given: object = None,
        default: str = "",
        optional: bool = False,
    ):
        """The parsed answer. A value `given` by an option is taken without asking when it is
        right; otherwise the question is asked, with `default` (Enter keeps it), until it is."""
        if given not in (None, ""):
            try:
                return parse(str(given))
            except Invalid as exc:
                click.echo(f"  {label}: «{given}» chưa đúng: {exc}", err=True)
        while True:
            shown = f" [{default}]" if default else (" (Enter nếu không có)" if optional else "")
            raw = click.prompt(f"{label}{shown}", default="", show_default=False, prompt_suffix=": ").strip()
            self.asked = True
            raw = raw or default
            if not raw:
                if optional:
                    return None
                click.echo("  Cần có câu trả lời.", err=True)
                continue
            try:
                return parse(raw)
            except Invalid as exc:
                click.echo(f"  Chưa đúng: {exc}", err=True)

    def yes(self, label: str, default: bool) -> bool:
        while True:
            raw = click.prompt(
                f"{label} [{'C/k' if default else 'c/K'}]", default="", show_default=False, prompt_suffix=": "
            )
            self.asked = True
            word = lib.fold(raw)
            if not word:
                return default
            if word in ("c", "co", "y", "yes", "dong y", "ok"):
                return True
            if word in ("k", "khong", "n", "no"):
                return False
            click.echo("  Gõ c (có) hoặc k (không).", err=True)

    def pick(self, query: str, choices: list[Named], what: str, others: list[Named] | None = None) -> Named:
        """What `query` names among `choices`; a numbered list when it names several."""
        while True:
            found = lib.match_named(query, choices)
            if not found:
                raise Invalid(none_found(query, what, others or []))
            if len(found) > MAX_LISTED:
                raise Invalid(f"có {len(found)} {what} khớp «{query}»; gõ cụ thể hơn (thêm một từ của tên, hoặc mã).")
            chosen = self.choose(found, f"«{query}» khớp {len(found)} {what}:")
            if isinstance(chosen, Named):
                return chosen
            query = chosen

    def choose(self, found: list[Named], title: str) -> Named | str:
        """One of `found` (said at once when there is one), or other words typed instead."""
        if len(found) == 1:
            click.echo(f"  → {found[0].show()}")
            return found[0]
        click.echo(f"  {title}")
        for i, item in enumerate(found, 1):
            click.echo(f"    {i}. {item.show()}")
        while True:
            raw = click.prompt(
                f"  Chọn số (1–{len(found)}), hoặc gõ tên khác", default="", show_default=False, prompt_suffix=": "
            ).strip()
            self.asked = True
            if raw.isdigit() and 1 <= int(raw) <= len(found):
                click.echo(f"  → {found[int(raw) - 1].show()}")
                return found[int(raw) - 1]
            if raw:
                return raw


def none_found(query: str, what: str, others: list[Named]) -> str:
    elsewhere = lib.match_named(query, others)
    if elsewhere:
        return "; ".join(f"{o.code} · {o.name}: {o.detail}" for o in elsewhere[:5]) + "."
    return f"không có {what} nào có mã hoặc tên «{query}»; gõ mã (ví dụ STC) hoặc vài chữ của tên."


def _span(valid_from: dt.date | None, valid_to: dt.date | None) -> str:
    parts = ([f"từ {fmt_date(valid_from)}"] if valid_from else []) + ([f"đến {fmt_date(valid_to)}"] if valid_to else [])
    return " ".join(parts)


def unavailable_agencies(register: Register, day: dt.date, *, divisions: bool = False) -> list[Named]:
    """Agencies that cannot be chosen on `day`, each with the reason (what `pick` says of them)."""
    out = []
    for agency in sorted(register.agencies.values(), key=lambda a: a.code):
        if not agency.valid_on(day):
            reason = f"không hoạt động vào ngày {fmt_date(day)} (hoạt động {_span(agency.valid_from, agency.valid_to)})"
        elif divisions and agency.kind != "office_division":
            names = ", ".join(c.code for c in lib.agency_choices(register, day, divisions=True))
            reason = f"không phải phòng thuộc Văn phòng (các phòng: {names})"
        else:
            continue
        out.append(Named(agency.code, agency.name, reason))
    return out


def unavailable_signers(register: Register, day: dt.date) -> list[Named]:
    return [
        Named(s.code, s.name, f"không giữ chức vụ vào ngày {fmt_date(day)} ({_span(s.valid_from, s.valid_to)})")
        for s in sorted(register.signers.values(), key=lambda s: s.code)
        if not s.valid_on(day)
    ]


def menu(title: str, choices: list[Named]) -> None:
    click.echo(title)
    for i, c in enumerate(choices, 1):
        click.echo(f"    {i}. {c.code} · {c.name}")


def by_number_or_name(raw: str, choices: list[Named], asker: Asker, what: str) -> Named:
    if raw.isdigit():
        if 1 <= int(raw) <= len(choices):
            return choices[int(raw) - 1]
        raise Invalid(f"chọn số từ 1 đến {len(choices)}.")
    return asker.pick(raw, choices, what)


def text_answer(raw: str) -> str:
    text = " ".join(raw.split())
    if not text:
        raise Invalid("không để trống.")
    return text


def day_answer(raw: str, today: dt.date, *, after: dt.date | None = None, what_after: str = "", future: bool = True):
    day = lib.parse_day_vi(raw, today)
    if day is None:
        raise Invalid(f"«{raw}» không phải một ngày có thật; viết ngày/tháng/năm (20/11/2026) hoặc 2026-11-20.")
    if not future and day > today:
        raise Invalid(f"ngày {fmt_date(day)} sau hôm nay ({fmt_date(today)}): sổ chỉ ghi điều đã xảy ra.")
    if after is not None and day < after:
        raise Invalid(f"ngày {fmt_date(day)} sớm hơn {what_after} ({fmt_date(after)}).")
    return day


def date_default(value) -> str:
    if isinstance(value, dt.date):
        return fmt_date(value)
    day = lib.parse_day_vi(str(value)) if value else None
    return fmt_date(day) if day else str(value or "")


# -- drafts and refusals --------------------------------------------------------------------------------


def keep_draft(register_dir: Path, command: str, asker: Asker, target: str, why: str) -> None:
    """Save what was typed and say where; nothing is written into the register."""
    if not asker.asked:
        raise UsageError(
            f"{why} Chưa ghi gì vào sổ.",
            "Ghi đủ các tùy chọn (xem «nhiemvu " + command + " --help»), hoặc chạy lệnh trong cửa sổ dòng lệnh "
            "để được hỏi từng câu.",
        )
    path = shown(lib.save_draft(register_dir, command, asker.answers, target))
    raise NhiemvuError(
        f"{why} Chưa ghi gì vào sổ; các câu trả lời đã gõ được giữ trong {path}.",
        f"Chạy «nhiemvu {command} --from-draft {path}» để tiếp tục (Enter giữ câu trả lời cũ).",
    )


def shown(path: Path) -> Path:
    """A path as short as the clerk can type it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def show_problems(problems: list[Problem]) -> None:
    if problems:
        click.echo(as_text(problems, color=False), err=True)


def finish(edit: FileEdit, asker: Asker | None, draft: Path | None) -> None:
    """Show the diff, ask when the answers were typed, write atomically, say what was written."""
    show_problems(edit.warnings)
    click.echo(edit.diff(), nl=False)
    if asker is not None and asker.asked and not asker.yes(f"Ghi vào {edit.key}?", True):
        raise Declined
    lib.write_edit(edit)
    click.echo(f"Đã ghi {edit.what} vào {edit.key}. Kiểm tra lại bằng «nhiemvu check», rồi gửi thay đổi lên.")
    if draft is not None:
        draft.unlink(missing_ok=True)
        click.echo(f"Đã xóa bản nháp {draft}.")


def settle(plan: Callable[[], FileEdit], asker: Asker, reask: Callable[[list[str]], object]) -> FileEdit:
    """The checked edit; when the checker refuses, ask again for the values it points at."""
    while True:
        edit = plan()
        if not edit.errors:
            return edit
        show_problems(edit.errors)
        fields = edit.refused_fields()
        if not asker.asked or not fields:
            raise RegisterHasErrors(
                "Chưa ghi gì: kiểm tra từ chối các giá trị trên.",
                "Sửa các giá trị đó rồi chạy lại lệnh.",
            )
        click.echo("Nhập lại các giá trị bị từ chối:")
        reask(fields)


def load_draft(from_draft: Path | None, command: str) -> tuple[dict, str]:
    return lib.load_draft(from_draft, command) if from_draft else ({}, "")


def run_interactive(command: str, register_dir: Path, asker: Asker, target: str, body: Callable[[], None]) -> None:
    try:
        body()
    except (click.Abort, KeyboardInterrupt, EOFError):
        click.echo("", err=True)
        keep_draft(register_dir, command, asker, target, "Đã dừng.")
    except Declined:
        keep_draft(register_dir, command, asker, target, "Bạn chọn không ghi.")
    except RegisterHasErrors as exc:
        if asker.asked:
            show_problems(exc.problems)
            keep_draft(register_dir, command, asker, target, exc.message)
        raise


from_draft_option = click.option(
    "--from-draft",
    "from_draft",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="TỆP",
    help="Tiếp tục từ bản nháp mà lệnh đã lưu khi bị dừng (Enter giữ câu trả lời cũ).",
)
