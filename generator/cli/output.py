"""The one way a command writes a file it was told to write (`--output`, `--output-dir`).

A regular file (or a new one) is replaced atomically, so a reader never sees half a file and a
failure leaves the old one. Anything else at that path — a folder, a symbolic link, a FIFO, a
device — is refused with a message, never replaced: `--output /dev/stdout` run as root must not
replace the device node.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

import click

from generator.errors import OutputError
from generator.register.secrecy import secret_output_name


def check_target(output: Path) -> None:
    """Raise OutputError unless `output` can be written as a regular file."""
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(
            f"Thư mục «{folder}» không tồn tại nên không ghi được «{output}».",
            "Tạo thư mục trước, hoặc chọn nơi ghi khác.",
        )
    try:
        info = os.lstat(output)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(f"Không ghi được «{output}»: {exc.strerror}.") from None
    if not stat.S_ISREG(info.st_mode):
        kind = (
            "liên kết tượng trưng"
            if stat.S_ISLNK(info.st_mode)
            else ("thư mục" if stat.S_ISDIR(info.st_mode) else "tệp đặc biệt (thiết bị, FIFO…)")
        )
        raise OutputError(
            f"«{output}» là {kind}, không phải tệp thường: không ghi đè.",
            "Chọn một tệp thường làm --output, hoặc bỏ --output để in ra màn hình.",
        )


def output_name(path: Path, secret: bool, *, say: bool = True) -> Path:
    """The file a command writes: `path`, or «MAT-…» when it comes from the secret register (R5).
    The path asked for is checked first, so that a device, a FIFO or a missing folder is refused
    as such instead of being written around under another name."""
    if not secret:
        return path
    check_target(path)
    marked = secret_output_name(path)
    if marked != path and say:
        click.echo(f"Tệp của sổ mật được đặt tên có chữ MẬT: {marked}", err=True)
    return marked


def write_bytes(data: bytes, output: Path) -> None:
    """Atomically replace (or create) the regular file `output` with `data`."""
    output = Path(output)
    check_target(output)
    folder = output.parent if str(output.parent) else Path(".")
    mode = _mode_for(output)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, output)
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"Không ghi được «{output}»: {exc.strerror}.") from None


def _mode_for(output: Path) -> int:
    """The file's present permissions, or what a new file would get (mkstemp's are 0600)."""
    try:
        return stat.S_IMODE(os.stat(output).st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_output(data: bytes, output: Path | None, *, announce: bool = False) -> None:
    """To --output (atomically), or to standard output when none is given."""
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_bytes(data, output)
    if announce:
        click.echo(f"Đã ghi {output}", err=True)


def make_folder(folder: Path) -> None:
    """Create --output-dir (and its parents); OutputError when it cannot be, or when something
    that is not a folder (a file, a FIFO, a device) is already there."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"«{folder}» đã có và không phải thư mục: không ghi vào đó.",
            "Chọn một thư mục cho --output-dir (thư mục chưa có thì chương trình tạo).",
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"Không tạo được thư mục «{folder}»: {exc.strerror}.") from None
    if not folder.is_dir():
        raise OutputError(f"«{folder}» không phải thư mục.")
