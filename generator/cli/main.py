"""The `nhiemvu` group: every command module adds itself to `main`; any NhiemvuError becomes its
message and exit status here, in one place (`NhiemvuGroup`). Click's own texts (usage, help
headings, «Thiếu tùy chọn …») are Vietnamese from here on (`vi_click`)."""

from __future__ import annotations

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


class NhiemvuGroup(click.Group):
    """A click group that turns the library's exceptions into a message and an exit status, and
    whose commands (and sub-groups) show Vietnamese usage lines."""

    command_class = VietnameseCommand
    group_class = type  # a sub-group (`nhiemvu report`) is a NhiemvuGroup too

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)
        vietnamese_metavars(self.params)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except NhiemvuError as exc:
            click.echo(refusal_text(exc), err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=NhiemvuGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nhiemvu")
def main() -> None:
    """nhiemvu: sổ theo dõi nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao."""
