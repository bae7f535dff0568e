"""The `nhiemvu` group: every command module adds itself to `main`; any NhiemvuError becomes its
message and exit status here, in one place (`NhiemvuGroup`)."""

from __future__ import annotations

import click

from generator import __version__
from generator.cli.reporters import refusal_text
from generator.errors import NhiemvuError


class NhiemvuGroup(click.Group):
    """A click group that turns the library's exceptions into a message and an exit status."""

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
