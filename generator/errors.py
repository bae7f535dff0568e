"""The one exception hierarchy. Each class carries the exit status the command line gives it;
the CLI turns any of them into a message, the problems they carry, and that status, in one place
(`generator.cli.NhiemvuGroup`). Messages and hints are Vietnamese, for the person at the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

EXIT_OK = 0
EXIT_ERRORS = 1  # the register (or an input file) has errors; the command refused or failed
EXIT_USAGE = 2  # the command was called wrongly
EXIT_OVERDUE = 3  # `check`: no errors, but tasks are overdue without a reason


class NhiemvuError(Exception):
    """A reason a command stops, with a hint and, when the register is to blame, its problems."""

    exit_code = EXIT_ERRORS

    def __init__(self, message: str, hint: str = "", problems: Sequence = ()) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = list(problems)  # generator.register.problems.Problem


class UsageError(NhiemvuError):
    """The command was called wrongly: a folder that does not exist, options that conflict."""

    exit_code = EXIT_USAGE


class RegisterHasErrors(NhiemvuError):
    """The register has errors, so a build, an export or a report would be silently wrong."""


class HistoryError(UsageError):
    """Git history cannot answer: not a repository, unknown revision, no commit on that day."""


class SiteError(NhiemvuError):
    """The site cannot be built or written where asked."""


class SecretRegisterError(NhiemvuError):
    """A command that publishes, posts or sends was given a secret register (R5): refused."""


class InputError(NhiemvuError):
    """A file given to a command (an agency's workbook, a CSV) cannot be read."""


class OutputError(UsageError):
    """The place given with --output cannot be written."""


class MailError(NhiemvuError):
    """The mail server refused or could not be reached."""


class MailSettingsError(UsageError, MailError):
    """The mail settings or addresses are wrong: fix the call, nothing was sent."""


class TeamsError(UsageError):
    """The CODEOWNERS teams file is wrong."""
