"""Loading a register: files → parsed YAML → schema check → plain model objects.

Every file is read once. A file with structural errors still yields what can be trusted:
a task whose own fields are broken is left out, the rest of its document is kept, so a
clerk sees every problem of a file in one run.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import stat
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from generator.register.loader_codes import problem
from generator.register.model import (
    Agency,
    BookEntry,
    CalendarData,
    CalendarDay,
    Document,
    Extension,
    Handover,
    IntakeItem,
    ProgressEntry,
    Register,
    Settings,
    Signer,
    Task,
    document_relpath,
    is_secret_register,
)
from generator.register.problems import Fix, Problem
from generator.register.schema import validate
from generator.register.secrecy import BOOKS_DIR, file_secrets
from generator.register.yamlsrc import MAX_FILE_BYTES, parse_yaml, too_large
from generator.vi import fmt_date

SETTINGS_FILES = {
    "register.yaml": "register",
    "agencies.yaml": "agencies",
    "signers.yaml": "signers",
    "calendar.yaml": "calendar",
}
_DOC_PATH = re.compile(r"^documents/([0-9]{4})/[^/]+\.yaml$")
_BOOK_PATH = re.compile(r"^books/(outgoing|incoming)/(\d{4})\.yaml$")
# Where every file is data: any file there that is not a register file is an error, because
# whatever it holds would silently be missing from every count, page and report.
DATA_FOLDERS = ("documents/", "intake/")
# The one other file allowed there: the empty placeholder Git needs to keep an empty folder.
ALLOWED_EXTRA = frozenset((".gitkeep",))
# Names editors and operating systems leave behind (backups, swap and lock files, folder caches).
_LEFTOVER = re.compile(
    r"(~|\.(bak|orig|rej|swp|swo|swn|tmp|temp|old|crdownload|part))$"
    r"|^(\.DS_Store|\._.*|Thumbs\.db|desktop\.ini|\.~lock\..*|~\$.*|#.*#|\.#.*)$",
    re.IGNORECASE,
)
# Suffixes a register file saved the wrong way ends with: 45-QD-UBND.YAML, .yml, .yaml.txt, .json.
_WRONG_SUFFIX = re.compile(r"(\.(ya?ml|json|txt))+$", re.IGNORECASE)
_PLAIN_TEXT = re.compile(r"^[^.]+\.txt$", re.IGNORECASE)  # «ghi-chu.txt», not «45-QD-UBND.yaml.txt»


def placement_hint(inner: str, pattern: str) -> str:
    """What to do with a file under documents/ or intake/ that is not a register file, said so
    that doing it literally fixes the problem: delete a leftover, rename a register file saved
    with the wrong suffix, or move anything else out of the register."""
    parts = inner.split("/")
    name = parts[-1]
    if _LEFTOVER.search(name):
        return "Đây là tệp sao lưu hoặc tệp hệ thống do trình soạn thảo, máy tính tự tạo: xóa tệp này."
    stem = _WRONG_SUFFIX.sub("", name)
    yaml_like = stem != name or "." not in name
    stem = stem.lstrip(".")
    year = next((p for p in parts[1:-1] if re.fullmatch(r"[0-9]{4}", p)), None)
    if yaml_like and stem and year:
        rename = f"Đổi tên tệp thành «{parts[0]}/{year}/{stem}.yaml» (đuôi «.yaml» viết thường)"
        if _PLAIN_TEXT.search(name):  # a note, or a register file saved as text: both are possible
            return f"{rename} nếu đó là nội dung ghi theo mẫu; nếu là ghi chú, chuyển nó ra ngoài thư mục register/."
        return rename + "."
    if yaml_like:
        return f"Chuyển tệp vào đúng chỗ: {pattern}, đuôi «.yaml» viết thường."
    return (
        "Tệp này không phải văn bản của sổ (bản scan, ghi chú…): chuyển nó ra ngoài thư mục register/. "
        f"Nếu đó là một văn bản, ghi lại thành {pattern}."
    )


REQUIRED_FILES = ("register.yaml", "agencies.yaml", "signers.yaml")


def find_repo_root(path: Path) -> Path:
    """The repository holding `path` (the nearest folder with a `.git` entry, as Git finds its
    top level), else `path`'s parent: problems name files relative to it."""
    path = Path(path).resolve()
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return path.parent


def read_register_files(register_dir: Path, repo_root: Path) -> tuple[dict[str, bytes], list[Problem]]:
    """Bytes of every register file, keyed by repo-relative POSIX path.

    Every file under `documents/` and `intake/` is listed, whatever its name, so that the loader
    can refuse one that is not a register file (its data would silently vanish); only `.yaml`
    files are read, the others are listed with no content. Symbolic links are refused (a path
    taken from the register must stay inside it), and so is anything that is not a regular file
    (a FIFO or a device would hang the reader); sizes are checked before reading.
    """
    register_dir = register_dir.resolve()
    if register_dir == repo_root:
        base = ""
    elif register_dir.is_relative_to(repo_root):
        base = register_dir.relative_to(repo_root).as_posix() + "/"
    else:
        base = None  # a register outside the repository: files are named by their name alone
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    # os.scandir rather than pathlib: a register has one file per document (10,000 a year), and
    # path objects per file cost more than parsing it
    pending = [(str(register_dir), "")]
    while pending:
        folder, inner = pending.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            continue  # as os.walk: a folder that vanished or cannot be listed holds nothing
        below = []
        for entry in entries:
            name = inner + entry.name
            rel = base + name if base is not None else entry.name
            if entry.is_symlink():
                problems.append(_symlink(rel))
            elif entry.is_dir(follow_symlinks=False):
                # hidden folders at the top (.git, .github) are not the register's; inside
                # documents/ or intake/ they are walked, so a document hidden there is refused
                if inner or not entry.name.startswith("."):
                    below.append((entry.path, name + "/"))
            elif not content_needed(name):
                files[rel] = b""  # the name is enough to refuse it
            else:
                data, trouble = read_regular_file(entry.path, rel, regular=entry.is_file(follow_symlinks=False))
                if trouble is not None:
                    problems.append(trouble)
                else:
                    files[rel] = data
        pending.extend(reversed(below))
    return files, problems


def _symlink(rel: str) -> Problem:
    return problem(
        "symlink",
        rel,
        0,
        0,
        "Sổ theo dõi không được chứa liên kết tượng trưng (symlink).",
        f"Xóa liên kết: git rm {rel} (rồi chép tệp thật vào đó nếu cần).",
        [Fix("remove")],
    )


def content_needed(inner: str) -> bool:
    """Whether the loader reads a file's content: register files end in `.yaml`, and a document
    saved with another suffix (.yml, .YAML, .yaml.txt) is read to say where it belongs; any other
    file under the register is only named, in a problem."""
    if inner.endswith(".yaml"):
        return True
    name = inner.rsplit("/", 1)[-1]
    return inner.startswith(DATA_FOLDERS) and bool(_WRONG_SUFFIX.search(name)) and not _LEFTOVER.search(name)


def read_regular_file(
    path: str | Path, rel: str, limit: int = MAX_FILE_BYTES, *, regular: bool = False
) -> tuple[bytes, Problem | None]:
    """The bytes of a regular file of at most `limit` bytes, else a problem saying why not.

    `stat` comes first: a FIFO, socket or device is never opened, and a huge (or sparse) file is
    refused by its size without being read (`regular`: the folder listing already said it is a
    regular file). The file is opened without blocking and without following a link, checked
    again on the open descriptor (it may have been swapped meanwhile), and read up to one byte
    past the limit.
    """
    try:
        if not regular:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode):
                return b"", _special_file(rel, info.st_mode)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                return b"", _special_file(rel, opened.st_mode)
            if opened.st_size > limit:
                return b"", too_large(rel, opened.st_size, limit)
            data = _read_up_to(fd, limit + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        return b"", problem(
            "unreadable",
            rel,
            0,
            0,
            f"Không đọc được tệp: {exc.strerror}.",
            "Kiểm tra quyền đọc của tệp.",
        )
    if len(data) > limit:
        return b"", too_large(rel, len(data), limit)
    return data, None


def _read_up_to(fd: int, size: int) -> bytes:
    chunks = []
    while size > 0:
        chunk = os.read(fd, size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _special_file(rel: str, mode: int) -> Problem:
    kind = (
        "đường ống (FIFO)"
        if stat.S_ISFIFO(mode)
        else "socket"
        if stat.S_ISSOCK(mode)
        else "thiết bị"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "thư mục"
        if stat.S_ISDIR(mode)
        else "tệp đặc biệt"
    )
    return problem(
        "special-file",
        rel,
        0,
        0,
        f"«{rel}» là {kind}, không phải tệp thường: không đọc.",
        f"Xóa nó: rm {rel} (Git không lưu loại tệp này), rồi nếu cần đặt tệp văn bản thật vào chỗ đó."
        if not stat.S_ISDIR(mode)
        else "Đổi tên hoặc chuyển thư mục đó ra ngoài sổ, rồi nếu cần đặt tệp văn bản thật vào chỗ đó.",
        [] if stat.S_ISDIR(mode) else [Fix("unlink", file=rel)],
    )


def load_register(register_dir: Path, *, repo_root: Path | None = None) -> tuple[Register, list[Problem]]:
    """Load the register under `register_dir`; problems name files relative to `repo_root`."""
    register_dir = Path(register_dir)
    repo_root = (repo_root or find_repo_root(register_dir)).resolve()
    if not register_dir.is_dir():
        rel = _rel(register_dir, repo_root)
        return Register(register_dir, repo_root, Settings()), [
            problem(
                "no-register",
                rel,
                0,
                0,
                f"Không tìm thấy thư mục sổ theo dõi «{rel}».",
                "Chạy lệnh trong thư mục gốc của kho hoặc chỉ rõ --register DIR.",
            )
        ]
    files, problems = read_register_files(register_dir, repo_root)
    prefix = _rel(register_dir, repo_root)
    register, more = load_register_files(files, register_prefix=prefix)
    register.root, register.repo_root = register_dir, repo_root
    return register, problems + more


def _rel(path: Path, root: Path) -> str:
    path = path.resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


@contextmanager
def no_gc():
    """Pause the cyclic garbage collector while building many long-lived objects.

    Loading allocates hundreds of thousands of objects that all survive; each automatic
    collection would walk the whole growing heap again, which made loading 10,000 tasks
    twice as slow. Nothing is lost: collection resumes (and runs) afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_register_files(
    files: Mapping[str, bytes], *, register_prefix: str = "register"
) -> tuple[Register, list[Problem]]:
    """Build a Register from repo-relative paths and their bytes (a directory or a Git tree)."""
    with no_gc():
        return _load_register_files(files, register_prefix)


def _load_register_files(files: Mapping[str, bytes], register_prefix: str) -> tuple[Register, list[Problem]]:
    prefix = register_prefix.strip("/")
    start = len(prefix) + 1 if prefix and prefix != "." else 0
    register = Register(Path(prefix or "."), Path("."), Settings(file=f"{prefix}/register.yaml"), prefix=prefix or ".")
    problems: list[Problem] = []
    present = set()
    documents = []
    books: dict[str, str] = {}
    for path in sorted(files):
        inner = path[start:] if start else path
        if path.startswith("/") or ".." in path.split("/"):
            continue
        kind = SETTINGS_FILES.get(inner)
        if inner.startswith(BOOKS_DIR):
            books[path] = inner  # read once the register's audience is known (below)
            continue
        if kind is None and not inner.startswith(DATA_FOLDERS):
            if not inner.endswith((".yaml", ".yml")):
                continue  # outside documents/ and intake/ only YAML files are the register's concern
            problems.append(_unknown_file(path, inner, prefix))
            continue
        if kind is None:
            if inner.startswith("intake/") or inner.rsplit("/", 1)[-1] in ALLOWED_EXTRA:
                continue  # intake files: load_intake below
            if not _DOC_PATH.match(inner):
                problems.append(_misplaced(path, inner, prefix, files))
                continue
            kind = "document"
        present.add(inner)
        value, positions, found = parse_yaml(files[path], path)
        problems += found
        if kind == "document":
            secrets = file_secrets(files[path], value)
            if secrets is not None:
                register.secret_files[path] = secrets
        if found and value is None:
            continue
        result = validate(value, kind, path, positions)
        problems += result.problems
        bad = result.bad_paths
        if () in bad:  # the file as a whole has the wrong shape (a word where a list belongs…)
            continue
        if kind == "register":
            if not _bad_under(bad, ()):
                register.settings = _settings(value, path, positions)
        elif kind == "agencies":
            register.agencies = _agencies(value, positions, path, bad, problems)
        elif kind == "signers":
            register.signers = _signers(value, positions, path, bad, problems)
        elif kind == "calendar":
            register.calendar = _calendar(value, bad, positions)
        else:
            doc = _document(value, positions, path, bad)
            if doc is not None:
                documents.append(doc)
    for name in REQUIRED_FILES:
        if name not in present:
            problems.append(
                problem(
                    "missing-file",
                    f"{prefix}/{name}",
                    0,
                    0,
                    f"Thiếu tệp «{name}» của sổ theo dõi.",
                    "Tạo tệp theo mẫu trong tài liệu «Hướng dẫn» (có thể sao chép từ sổ mẫu).",
                )
            )
    documents.sort(key=document_order)
    register.documents = documents
    problems += _books(files, books, register)
    register.intake, intake_problems = load_intake(files, register_prefix=prefix or ".")
    return register, problems + intake_problems


def _in_register(prefix: str, inner: str) -> str:
    """A path inside the register, relative to the repository root (as hints name paths)."""
    return inner if prefix in ("", ".") else f"{prefix}/{inner}"


def _unknown_file(path: str, inner: str, prefix: str) -> Problem:
    hint = (
        f"Văn bản đặt tại {_in_register(prefix, 'documents/<năm>/<số-ký-hiệu>.yaml')}; các tệp cấu hình: "
        + ", ".join(_in_register(prefix, name) for name in SETTINGS_FILES)
        + "."
    )
    fix = []
    if prefix not in ("", "."):
        outside = PurePosixPath(prefix).parent.joinpath(PurePosixPath(inner).name).as_posix().removeprefix("./")
        hint += f" Tệp ghi chú thì để ra ngoài thư mục sổ: git mv {path} {outside}"
        fix = [Fix("move", outside)]
    return problem(
        "unknown-file", path, 0, 0, f"Tệp «{inner}» không thuộc cấu trúc sổ theo dõi nên bị bỏ qua.", hint, fix
    )


def _misplaced(path: str, inner: str, prefix: str, files: Mapping[str, bytes]) -> Problem:
    """A file under documents/ that is not documents/<year>/<slug>.yaml: what to do with it (see
    `placement_hint`), and where it belongs when it is a document whose number and issue date
    can be read."""
    hint = placement_hint(inner, "documents/<năm ban hành>/<số-ký-hiệu>.yaml")
    fix = []
    data = files[path]
    if not _LEFTOVER.search(PurePosixPath(inner).name) and len(data) <= MAX_FILE_BYTES:
        value, _positions, found = parse_yaml(data, path)
        if not found and isinstance(value, dict):
            number, issued = value.get("number"), value.get("issued")
            if isinstance(number, str) and number.strip() and isinstance(issued, dt.date):
                target = _in_register(prefix, document_relpath(number, issued.year))
                if target != path and target not in files:
                    hint = f"Chuyển tệp vào thư mục năm ban hành, đuôi «.yaml»: git mv {path} {target}"
                    fix = [Fix("move", target)]
    message = (
        f"Tệp «{inner}» không phải tệp văn bản của sổ (documents/<năm>/<số-ký-hiệu>.yaml): "
        "chương trình không đọc nó, các nhiệm vụ ghi trong đó sẽ không có trong sổ."
    )
    return problem("misplaced-file", path, 0, 0, message, hint, fix)


def document_order(doc: Document) -> tuple:
    """The register's order of documents: year, then number by its leading figure, then file."""
    head = doc.number.split("/", 1)[0]
    return (doc.issued.year, (int(head) if head.isdigit() else 10**9, doc.number), doc.file)


def _bad_under(bad: list[tuple], prefix: tuple) -> bool:
    n = len(prefix)
    return any(path[:n] == prefix for path in bad)


def _settings(value: dict, file: str, positions) -> Settings:
    s = Settings(file=file, lines={key: positions.line_of((key,)) for key in value})
    for key in (
        "office",
        "province",
        "timezone",
        "audience",
        "site_url",
        "weekly_update",
        "monthly_report_day",
        "sample_data",
        "title",
        "feedback",
        "licence",
        "report_symbol",
        "report_signer",
        "report_recipients",
        "report_basis",
    ):
        if key in value and value[key] is not None:
            setattr(s, key, value[key])
    return s


def _items(value, bad, positions, kind_name, file, problems):
    """Entries of a list file that passed the schema, with their line; duplicates of code refused."""
    seen: dict[str, int] = {}
    for index, item in enumerate(value or []):
        if _bad_under(bad, (index,)):
            continue
        line, column = positions.of((index,))
        code = item["code"]
        if code in seen:
            problems.append(
                problem(
                    "duplicate-code",
                    file,
                    line,
                    1,
                    f"Mã {kind_name} «{code}» đã dùng ở dòng {seen[code]}.",
                    f"Mỗi mã chỉ khai báo một lần: xóa mục khai báo lại ở dòng {line} nếu đó vẫn là {kind_name} ở "
                    f"dòng {seen[code]}; nếu là {kind_name} khác thì đặt mã khác cho mục này.",
                    [Fix("delete", line=line, column=column)],
                )
            )
            continue
        seen[code] = line
        yield item, line


def _agencies(value, positions, file, bad, problems) -> dict[str, Agency]:
    return {
        item["code"]: Agency(
            item["code"],
            item["name"],
            item["kind"],
            item.get("valid_from"),
            item.get("valid_to"),
            item.get("email"),
            file,
            line,
            list(item.get("aliases") or []),
        )
        for item, line in _items(value, bad, positions, "cơ quan", file, problems)
    }


def _signers(value, positions, file, bad, problems) -> dict[str, Signer]:
    return {
        item["code"]: Signer(
            item["code"],
            item["name"],
            item.get("title") or "",
            item.get("valid_from"),
            item.get("valid_to"),
            file,
            line,
        )
        for item, line in _items(value, bad, positions, "người ký", file, problems)
    }


def _calendar(value, bad, positions) -> CalendarData:
    data = CalendarData()
    for key in ("days_off", "working_days"):
        if (key,) in bad:  # not a list (a single date, a word…): its wrong-type error says so
            continue
        for index, item in enumerate((value or {}).get(key) or []):
            if not _bad_under(bad, (key, index)):
                getattr(data, key).append(
                    CalendarDay(item["date"], item.get("reason") or "", positions.of((key, index))[0])
                )
    return data


def _document(value: dict, positions, file: str, bad: list[tuple]) -> Document | None:
    """The document, without the tasks whose own fields are broken; None if its header is broken."""
    if any(not (len(p) >= 2 and p[0] == "tasks" and isinstance(p[1], int)) for p in bad):
        return None
    doc = Document(
        number=value["number"],
        title=value["title"],
        issued=value["issued"],
        signer=value["signer"],
        submitted_by=value.get("submitted_by"),
        url=value.get("url"),
        urgency=value.get("urgency") or "normal",
        secrecy="none" if value.get("secrecy") is None else value["secrecy"],
        file=file,
        line=1,
    )
    for index, item in enumerate(value.get("tasks") or []):
        if _bad_under(bad, ("tasks", index)):
            continue
        base = ("tasks", index)
        task = Task(
            id=item["id"],
            content=item["content"],
            assignee=item["assignee"],
            monitor=item["monitor"],
            classification=item["classification"],
            coordinators=list(item.get("coordinators") or []),
            deadline=item.get("deadline"),
            line=positions.of(base)[0],
            index=index,
            document=doc,
        )
        task.extensions = [
            Extension(e["deadline"], e["document"], e["date"], positions.of(base + ("extensions", i))[0], e.get("url"))
            for i, e in enumerate(item.get("extensions") or [])
        ]
        task.progress = [
            ProgressEntry(
                p["date"],
                p["status"],
                p.get("note"),
                p.get("delay_reason"),
                p.get("report"),
                p.get("recommendation"),
                positions.of(base + ("progress", i))[0],
                p.get("url"),
            )
            for i, p in enumerate(item.get("progress") or [])
        ]
        doc.tasks.append(task)
    doc.positions = positions
    return doc


# -- the books of a secret register (R5): register/books/<outgoing|incoming>/<YYYY>.yaml


def _books(files: Mapping[str, bytes], books: dict[str, str], register: Register) -> list[Problem]:
    """Read the books of a secret register; in any other register a book is refused whole (its
    text is never quoted: every string of it joins the register's secret strings)."""
    problems: list[Problem] = []
    secret = is_secret_register(register.settings)
    for path, inner in sorted(books.items()):
        if not secret:
            value, _positions, _found = parse_yaml(files[path], path)
            register.secret_files[path] = file_secrets(files[path], value, always=True) or ()
            problems.append(
                problem(
                    "books-in-public",
                    path,
                    0,
                    0,
                    "Sổ công khai không được chứa sổ tài liệu mật (thư mục books/): tệp này bị từ chối.",
                    f"Xóa ngay tệp khỏi kho: git rm {path} (và khỏi lịch sử Git, xem docs/so-mat.md), báo Lãnh đạo "
                    "Văn phòng; sổ «Tài liệu đi», «Tài liệu mật đến» chỉ giữ trong sổ mật trên máy không kết nối mạng.",
                    (Fix("remove", file=path),),
                )
            )
            continue
        found = _BOOK_PATH.match(inner)
        if not found:
            problems.append(
                problem(
                    "book-path",
                    path,
                    0,
                    0,
                    f"Tệp sổ «{inner}» đặt sai chỗ hoặc sai tên.",
                    "Sổ tài liệu mật đi đặt tại books/outgoing/<năm>.yaml, sổ tài liệu mật đến tại "
                    "books/incoming/<năm>.yaml (ví dụ books/incoming/2026.yaml).",
                )
            )
            continue
        book, year = found.group(1), int(found.group(2))
        value, positions, found_problems = parse_yaml(files[path], path)
        problems += found_problems
        if value is None:
            continue
        result = validate(value, f"book-{book}", path, positions)
        problems += result.problems
        if () in result.bad_paths or not isinstance(value, dict):
            continue
        for index, item in enumerate(value.get("entries") or []):
            if _bad_under(result.bad_paths, ("entries", index)):
                continue
            register.books.append(_book_entry(book, year, item, index, path, positions))
    register.books.sort(key=lambda e: (e.book, e.year, e.seq, e.index))
    return problems


def _book_entry(book: str, year: int, item: dict, index: int, path: str, positions) -> BookEntry:
    base = ("entries", index)
    entry = BookEntry(
        book=book,
        year=year,
        seq=item["seq"],
        date=item["date"] if book == "outgoing" else item["received"],
        secrecy=item["secrecy"],
        urgency=item["urgency"],
        summary=item.get("summary"),
        file=path,
        line=positions.of(base)[0],
        index=index,
        positions=positions,
    )
    if book == "outgoing":
        entry.recipients = list(item["recipients"])
        entry.signer = item["signer"]
        entry.summary_approved_by = item.get("summary_approved_by")
        entry.notes = item.get("notes")
        entry.document = item.get("document")
    else:
        entry.sender = item["from"]
        entry.number = item["number"]
        entry.issued = item["issued"]
        entry.handovers = [
            Handover(
                h["date"],
                h["from"],
                h["to"],
                h["role"],
                h["signed_by_giver"],
                h["signed_by_receiver"],
                positions.of(base + ("handovers", i))[0],
                i,
            )
            for i, h in enumerate(item.get("handovers") or [])
        ]
    return entry


# -- intake items (R11): register/intake/<YYYY>/<slug>.yaml


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
        if PurePosixPath(inner).name in ALLOWED_EXTRA:
            continue
        if not _INTAKE_PATH.match(inner):
            problems.append(
                problem(
                    "intake-path",
                    rel,
                    0,
                    0,
                    f"Tệp «intake/{inner}» không phải tệp hồ sơ trình của sổ (intake/<năm>/<số-ký-hiệu>.yaml): "
                    "chương trình không đọc nó, hồ sơ ghi trong đó sẽ không được theo dõi.",
                    placement_hint(f"intake/{inner}", "intake/<năm nhận>/<số-ký-hiệu>.yaml"),
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
_INTAKE_PATH = re.compile(r"^([0-9]{4})/[^/]+\.yaml$")


def _read_folder(register_dir: Path, repo_root: Path | None) -> tuple[dict[str, bytes], str]:
    """The files under `intake/`, keyed by repo-relative path, read as the loader reads them
    (`read_register_files`: links, special files and oversized files are left out; the loader
    reports them)."""
    root = (repo_root or find_repo_root(register_dir)).resolve()
    folder = register_dir.resolve() / "intake"
    base = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else folder.as_posix()
    if not folder.is_dir() or folder.is_symlink():
        return {}, f"{base}/"
    files, _ = read_register_files(register_dir, root)
    return {p: b for p, b in files.items() if p.startswith(f"{base}/")}, f"{base}/"


def parse_intake_file(data: bytes, rel: str) -> tuple[IntakeItem | None, list[Problem]]:
    """One intake file → item (None if unusable) and the problems found in it.

    The shape is checked by the shipped schema (intake.schema.json) with the same messages
    as every other register file; what the schema cannot say is checked here.
    """
    value, positions, problems = parse_yaml(data, rel)
    problems = list(problems)
    if value is None:
        if not problems:
            problems.append(
                problem(
                    "intake-empty",
                    rel,
                    0,
                    0,
                    "Tệp hồ sơ trình đang trống.",
                    f"Tạo nhầm thì xóa tệp: git rm {rel}; nếu không, ghi các khóa number, title, sender, received, "
                    "lead, monitor.",
                    [Fix("remove")],
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
        lines={key: positions.line_of((key,)) for key in value},
    )
    folder_year = rel.rsplit("/", 2)[-2] if rel.count("/") >= 2 else ""
    if folder_year.isdigit() and int(folder_year) != item.received.year:
        parts = rel.rsplit("/", 2)
        target = f"{parts[0]}/{item.received.year}/{parts[2]}"
        problems.append(
            problem(
                "intake-path",
                rel,
                positions.line_of(("received",)),
                1,
                f"Hồ sơ nhận ngày {fmt_date(item.received)} nhưng nằm trong thư mục năm {folder_year}.",
                f"Chuyển tệp vào thư mục năm nhận: git mv {rel} {target}",
                [Fix("move", target)],
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
                problem(
                    "intake-duplicate",
                    item.file,
                    item.line,
                    1,
                    f"Hồ sơ «{item.number}» của {item.sender} đã có ở {seen[key].file}.",
                    f"Mỗi hồ sơ trình chỉ ghi một lần: xóa tệp ghi lặp này (git rm {item.file}), sau khi chép "
                    f"sang {seen[key].file} những gì chỉ tệp này có.",
                    [Fix("remove")],
                )
            )
        else:
            seen[key] = item
    return found
