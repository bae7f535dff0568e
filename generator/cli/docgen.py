"""The generated parts of the documentation in `docs/`, re-run whenever a command, an option or a
schema changes (a test fails until then):

    python -m generator.cli.docgen > docs/lenh.md    # the command reference, printed
    python -m generator.cli.docgen --write           # docs/lenh.md and the key tables of
                                                     # docs/dinh-dang-so.md, rewritten in place
    python -m generator.cli.docgen --check           # exit 1 if either is stale

The command reference is read from the same click objects that `--help` prints, so it cannot say
anything the commands do not; a command added to `main` appears here by itself.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import click

from generator.cli import main as cli_main  # importing the package adds every command to `main`
from generator.site.guide import refresh_schema_blocks
from generator.vi import md_page, md_table

main = cli_main
PROG = "nhiemvu"
DOCS = Path(__file__).resolve().parents[2] / "docs"  # the source checkout's docs/

INTRO = """\
# Các lệnh của nhiemvu

<!-- Tệp này được sinh từ chính các lệnh (click), đừng sửa tay: python -m generator.cli.docgen > docs/lenh.md -->

Mọi lệnh chạy từ thư mục gốc của kho sổ theo dõi, dạng `nhiemvu LỆNH [TÙY CHỌN]` (hoặc
`python -m generator LỆNH …`). `nhiemvu --help` liệt kê các lệnh, `nhiemvu LỆNH --help` (hoặc `-h`)
in đúng phần hướng dẫn của lệnh đó như trang này. `nhiemvu --version` in phiên bản.

Các lệnh đọc sổ theo dõi nhận `--register DIR` (mặc định thư mục `register`) và phần lớn nhận
`--as-of YYYY-MM-DD` (mặc định: hôm nay theo múi giờ của sổ). Khi một lệnh không làm được, nó in
lý do và cách sửa bằng tiếng Việt rồi thoát với mã khác 0:

| Mã thoát | Nghĩa |
| --- | --- |
| `0` | Thành công. |
| `1` | Sổ theo dõi (hoặc tệp đưa vào) có lỗi; lệnh từ chối hoặc không làm xong. |
| `2` | Gọi lệnh sai: tùy chọn sai, thư mục không có, không ghi được nơi đã chỉ. |
| `3` | Riêng `nhiemvu check`: không có lỗi nhưng có nhiệm vụ quá hạn chưa nêu lý do chậm. |

Lệnh nào **ghi vào thư mục sổ theo dõi** thì phần mô tả của nó nói rõ điều đó; các lệnh khác không
sửa sổ (chúng chỉ ghi vào nơi được chỉ bằng `--output`, `--output-dir`, `--site-dir`…).
"""


def _paragraphs(text: str | None) -> list[str]:
    """A click help text as Markdown paragraphs (`\\b` blocks kept, `\\f` and after dropped)."""
    text = inspect.cleandoc(text or "").split("\f", 1)[0]
    return [md_page(p.replace("\b\n", "")) for p in text.split("\n\n") if p.strip()]


def _short(command: click.Command) -> str:
    return md_page(command.get_short_help_str(limit=200))


def _value(param: click.Parameter, ctx: click.Context) -> str:
    """What the option takes, in Vietnamese (its metavar when the command names one)."""
    kind = param.type
    if isinstance(param, click.Option) and param.is_flag:
        return ""
    if isinstance(kind, click.Choice):
        return ", ".join(f"`{c}`" for c in kind.choices)
    if param.metavar:
        return f"`{param.metavar}`"
    if isinstance(kind, click.types.StringParamType):
        return "chữ"
    if isinstance(kind, click.IntRange):
        low, high = kind.min, kind.max
        if low is not None and high is not None:
            return f"số nguyên từ {low} đến {high}"
        return f"số nguyên ≥ {low}" if low is not None else f"số nguyên ≤ {high}"
    if isinstance(kind, click.types.IntParamType):
        return "số nguyên"
    if isinstance(kind, click.Path):
        if kind.file_okay and not kind.dir_okay:
            return "tệp"
        if kind.dir_okay and not kind.file_okay:
            return "thư mục"
        return "đường dẫn"
    return f"`{param.make_metavar(ctx)}`"


def _default(param: click.Parameter, ctx: click.Context) -> str:
    """The default value a reader can use; none for flags, prompts and "not given" markers."""
    value = param.get_default(ctx, call=False)
    plain = isinstance(value, (str, int, float, Path)) and not isinstance(value, bool)
    if not plain or value == "" or (isinstance(param, click.Option) and param.is_flag):
        return ""
    return f"`{value.as_posix() if isinstance(value, Path) else value}`"


def _option_rows(command: click.Command, ctx: click.Context) -> list[list[str]]:
    rows = []
    help_option = command.get_help_option(ctx)
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False) or param is help_option:
            continue
        if isinstance(param, click.Argument):
            name = f"`{param.human_readable_name}`"
            notes = ["đối số" + (", bắt buộc" if param.required else ", có thể bỏ")]
            text = ""
        else:
            name = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
            notes = ["bắt buộc"] if param.required else []
            if getattr(param, "prompt", None):
                notes.append("hỏi nếu không ghi")
            text = md_page(param.help or "")
        default = _default(param, ctx)
        meaning = " ".join(
            filter(None, [f"*({'; '.join(notes)})*" if notes else "", text, f"Mặc định: {default}." if default else ""])
        )
        value = _value(param, ctx)
        rows.append([name + (f"<br>{value}" if value else ""), meaning])
    return rows


def _commands(group: click.Group, ctx: click.Context, prefix: str) -> list[tuple[str, click.Command, click.Context]]:
    """(full name, command, its context) of every command and sub-command, in name order."""
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sub = click.Context(command, info_name=name, parent=ctx, **command.context_settings)
        full = f"{prefix} {name}"
        found.append((full, command, sub))
        if isinstance(command, click.Group):
            found += _commands(command, sub, full)
    return found


def _root() -> click.Context:
    return click.Context(main, info_name=PROG, **main.context_settings)


def all_commands() -> list[str]:
    """Full names of every command of `nhiemvu` (`nhiemvu report monthly` …)."""
    ctx = _root()
    return [name for name, _command, _ctx in _commands(main, ctx, PROG)]


def command_reference() -> str:
    """docs/lenh.md: an index, then one section per command with its usage line and options."""
    root = _root()
    commands = _commands(main, root, PROG)
    out = [INTRO, "## Danh sách lệnh", ""]
    out += md_table(
        ["Lệnh", "Việc làm"],
        [[f"[`{name}`](#{name.replace(' ', '-')})", _short(command)] for name, command, _ctx in commands],
    )
    for name, command, ctx in commands:
        out += ["", f"## {name}", "", *[p + "\n" for p in _paragraphs(command.help)]]
        out += ["```", " ".join([name, *command.collect_usage_pieces(ctx)]), "```", ""]
        if isinstance(command, click.Group):
            subs = [(n, c) for n, c, _x in commands if n.startswith(name + " ") and n.count(" ") == name.count(" ") + 1]
            out += ["Lệnh con:", ""]
            out += md_table(["Lệnh", "Việc làm"], [[f"[`{n}`](#{n.replace(' ', '-')})", _short(c)] for n, c in subs])
            continue
        rows = _option_rows(command, ctx)
        if rows:
            out += md_table(["Tùy chọn", "Ý nghĩa"], rows)
        else:
            out.append("Lệnh này không có tùy chọn nào ngoài `--help`.")
    return "\n".join(out).rstrip("\n") + "\n"


def generated_files(docs: Path = DOCS) -> dict[Path, str]:
    """Each generated file of `docs` with the text it should have now."""
    format_page = docs / "dinh-dang-so.md"
    return {
        docs / "lenh.md": command_reference(),
        format_page: refresh_schema_blocks(format_page.read_text(encoding="utf-8")),
    }


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--write", is_flag=True, help="Ghi lại docs/lenh.md và các bảng khóa của docs/dinh-dang-so.md.")
@click.option("--check", "check_only", is_flag=True, help="Không ghi: thoát 1 nếu tài liệu sinh tự động đã cũ.")
def docgen(write: bool, check_only: bool) -> None:
    """In tài liệu các lệnh (docs/lenh.md); --write ghi lại mọi phần tài liệu sinh tự động."""
    if not (write or check_only):
        sys.stdout.write(command_reference())
        return
    if not (DOCS / "dinh-dang-so.md").is_file():
        raise click.UsageError(f"không thấy thư mục {DOCS}: --write và --check chỉ dùng trong bản sao mã nguồn.")
    stale = []
    for path, text in generated_files().items():
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if write:
                path.write_text(text, encoding="utf-8", newline="\n")
    verb = "Đã ghi lại" if write else "Cần sinh lại"
    for path in stale:
        click.echo(f"{verb} {path}", err=True)
    if check_only and stale:
        raise SystemExit(1)


if __name__ == "__main__":
    docgen()
