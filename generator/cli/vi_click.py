"""Click's own messages in Vietnamese: «Cách dùng», «Lỗi: Thiếu tùy chọn …», «Tùy chọn», «Lệnh».

Click marks every text it shows with gettext (`_("Missing option")`), looked up in gettext's
global domain: a catalogue there would depend on the machine's language settings (a clerk's
Windows has none) and would change every program in the process. Instead, `install()` points
the `_` and `ngettext` of click's own modules at the catalogue below, once, when the command
line is imported, before any option is declared (a few names, such as «tệp» for a file
option, are translated when the option is made), and renames click's value types («số
nguyên»), which click does not mark for translation. Texts are looked up by click's own message
ids, so an unknown id falls back to English and `tests/acceptance/test_cli_vietnamese.py`
lists any id a new click version adds.
"""

from __future__ import annotations

import gettext
import sys

import click

# click's message id → Vietnamese. Placeholders stay as click names them.
MESSAGES: dict[str, str] = {
    # help pages
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "required": "bắt buộc",
    "(dynamic)": "(tính khi chạy)",
    "deprecated": "không còn dùng",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    # errors
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem «{command} {option}» để biết cách dùng.",
    "Missing option": "Thiếu tùy chọn",
    "Missing argument": "Thiếu tham số",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing command.": "Thiếu tên lệnh.",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn: {name}",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "No such command '{name}'.": "Không có lệnh '{name}'.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Invalid start character for option ({option})": "Ký tự đầu không hợp lệ cho tùy chọn ({option})",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "Aborted!": "Đã dừng.",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Choice({choices})": "Một trong ({choices})",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải {number_type} hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "{value!r} không phải giá trị có/không. Các giá trị nhận: {states}"
    ),
    "{value!r} is not a valid UUID.": "{value!r} không phải UUID hợp lệ.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is not readable.": "Không đọc được {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "Không ghi được vào {name} {filename!r}.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} không chạy được.",
    # prompts
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không giống nhau.",
    "Error: invalid input": "Lỗi: câu trả lời không hợp lệ",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Đồng ý luôn, không hỏi lại.",
    "Press any key to continue...": "Nhấn phím bất kỳ để tiếp tục...",
}
# click's (singular, plural) message ids → Vietnamese (which has one form for both).
PLURALS: dict[tuple[str, str], str] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): "Có phải ý bạn là {possibilities}?",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): "Thừa tham số ({args})",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "Tùy chọn {name!r} cần giá trị đi kèm."
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): "{value!r} không phải một trong {choices}.",
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."): (
        "{value!r} không đúng dạng {formats}."
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Cần {nargs} giá trị nhưng có {len}."
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): "Cần {len_type} giá trị nhưng có {len_value}.",
}
# Names click gives its value types (class attributes, not marked for translation), shown in
# «'x' không phải số nguyên hợp lệ» and, upper-cased, as an option's placeholder.
TYPE_NAMES = {
    "StringParamType": "chữ",
    "IntParamType": "số nguyên",
    "IntRange": "số nguyên",
    "FloatParamType": "số",
    "FloatRange": "số",
    "BoolParamType": "có/không",
    "UUIDParameterType": "UUID",
}

# What click prints in a usage line, set on every command of the group (not gettext texts).
OPTIONS_METAVAR = "[TÙY CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM SỐ]..."


class Catalogue(gettext.NullTranslations):
    """gettext's interface over the two tables above; an unknown id stays as click wrote it."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = PLURALS.get((singular, plural))  # click formats either form with every placeholder
        if found is not None:
            return found
        return singular if n == 1 else plural


CATALOGUE = Catalogue()


def click_modules() -> list:
    """click's modules that translate through gettext (whatever modules this click version has)."""
    return [
        module
        for name, module in sorted(sys.modules.items())
        if (name == "click" or name.startswith("click.")) and module is not None
    ]


def install() -> None:
    """Point click's `_` and `ngettext` at the Vietnamese catalogue (idempotent)."""
    import click.core  # noqa: F401  (make sure every module that translates is loaded)
    import click.decorators  # noqa: F401
    import click.exceptions  # noqa: F401
    import click.formatting  # noqa: F401
    import click.parser  # noqa: F401
    import click.termui  # noqa: F401
    import click.types  # noqa: F401

    for module in click_modules():
        if getattr(module, "_", None) is gettext.gettext:
            module._ = CATALOGUE.gettext
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = CATALOGUE.ngettext
    for name, vietnamese in TYPE_NAMES.items():
        kind = getattr(click.types, name, None)
        if isinstance(kind, type):
            kind.name = vietnamese


# The placeholder of an option's value in help, by its type's name, when the option names none
# (click would show the name upper-cased, with its space: «THƯ MỤC»).
TYPE_METAVARS = {
    "chữ": "CHỮ",
    "số nguyên": "SỐ",
    "số": "SỐ",
    "có/không": "CÓ/KHÔNG",
    "tệp": "TỆP",
    "thư mục": "THƯ_MỤC",
    "đường dẫn": "ĐƯỜNG_DẪN",
}


def vietnamese_metavars(params: list) -> None:
    for param in params:
        if isinstance(param, click.Option) and param.metavar is None and not param.is_flag and not param.count:
            param.metavar = TYPE_METAVARS.get(param.type.name, param.metavar)


class VietnameseCommand(click.Command):
    """A command whose usage line reads `nhiemvu check [TÙY CHỌN]` and whose options show
    Vietnamese placeholders (`--register THƯ_MỤC`)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        vietnamese_metavars(self.params)
