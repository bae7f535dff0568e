"""The `nhiemvu` group: every command module adds itself to `main`; any NhiemvuError becomes its
message and exit status here, in one place (`NhiemvuGroup`). Click's own texts (usage, help
headings, «Thiếu tùy chọn …») are Vietnamese from here on (`vi_click`).

Command modules are imported only when their command runs (click's lazy sub-commands): `check`
must not pay for the spreadsheet, Word, Jinja2, MkDocs and Git libraries that other commands use.
"""

from __future__ import annotations

import importlib

import click

from generator import __version__
from generator.cli.reporters import refusal_text
from generator.cli.vi_click import (
    OPTIONS_METAVAR,
    SUBCOMMAND_METAVAR,
    VietnameseCommand,
    install,
    vietnamese_metavars,
)
from generator.errors import NhiemvuError

install()  # before any option is declared: some of click's names are made with the option

# Where each command lives (generator/cli/<module>.py); tests/test_architecture.py checks the table
# against what the modules define.
COMMANDS = {
    "check": "check",
    "new": "edit",
    "add-task": "edit",
    "progress": "edit",
    "extend": "edit",
    "fix": "edit",
    "edit": "edit",
    "build": "site",
    "serve": "site",
    "diff": "history",
    "report": "reports",
    "reconcile": "reports",
    "remind": "reports",
    "export": "reports",
    "codeowners": "reports",
    "book": "books",
    "import": "paperwork",
}


class NhiemvuGroup(click.Group):
    """A click group that loads a command's module when it is asked for, turns the library's
    exceptions into a message and an exit status, and whose commands (and sub-groups) show
    Vietnamese usage lines."""

    command_class = VietnameseCommand
    group_class = type  # a sub-group (`nhiemvu report`) is a NhiemvuGroup too

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        self.lazy = lazy or {}  # command name -> module of generator/cli/ defining it
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)
        vietnamese_metavars(self.params)

    def get_command(self, ctx: click.Context, name: str):
        if name not in self.commands and name in self.lazy:
            importlib.import_module(f"generator.cli.{self.lazy[name]}")
        return self.commands.get(name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(self.lazy))

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NhiemvuError as exc:
            click.echo(refusal_text(exc), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=NhiemvuGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nhiemvu")
def main() -> None:
    """nhiemvu: sổ theo dõi nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao."""


def all_commands() -> dict[str, click.Command]:
    """Every command, its module imported (for the command reference and the tests)."""
    ctx = click.Context(main)
    return {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}
