"""No secret ever leaves through any door (R5, issue 10): every command × every output format ×
every file type the site writes, on a register holding a secret document under every secrecy
spelling we could think of, with every `audience` value, valid or not.

Every text field of every secret document (and of a book put where it does not belong) starts
with the marker «ZQX», so a quote that a message truncates is still caught. What is public:
stdout and stderr of every command, every file it writes (zip members of .xlsx/.docx opened),
the whole built site. A secret register's own local outputs (check, export, report, reconcile,
book) are not public: they must carry «MẬT» instead.

Two passes: as the tool is (the checker refuses secret documents, so many commands stop on
errors: their refusal is what is checked), and "past the checker" (errors ignored), so that
every renderer runs on a register that holds secrets and must still leave them out.
"""

from __future__ import annotations

import contextlib
import shutil
import zipfile
from pathlib import Path

import pytest
from registerkit import DATA, REPO, git, make_register, run_cli

MARK = "ZQX"
AS_OF = "2026-04-20"
# Spellings of `secrecy` that must all count as secret (anything but exactly `none`).
SPELLINGS = [
    "secret",
    "top_secret",
    "confidential",
    "Mật",
    "tuyệt mật",
    '" secret "',
    "SECRET",
    '""',
    '"none "',
    "None",
    "nonee",
    "1",
    "[secret]",
    "{level: secret}",
]
# `audience` lines: valid, invalid, missing; only exactly `secret` makes a secret register.
AUDIENCES = {
    "public": "audience: public\n",
    "internal": "audience: internal\n",
    "Public": "audience: Public\n",
    "empty": 'audience: ""\n',
    "absent": "",
    "SECRET": "audience: SECRET\n",
    "secret": "audience: secret\n",
}


def secret_document(i: int, spelling: str) -> str:
    m = f"{MARK}{i:02d}"
    return f"""number: {m}N/CV-UBND
title: {m}T Về việc bảo vệ mục tiêu mật
issued: 2026-03-05
signer: CT
submitted_by: STC
urgency: normal
secrecy: {spelling}
tasks:
  - id: 1
    content: {m}C Triển khai phương án mật
    assignee: STC
    coordinators: [SNV]
    monitor: TH
    classification: QC45_a
    deadline: 2026-03-20
    extensions:
      - deadline: 2026-03-25
        document: {m}E/UBND-TH
        date: 2026-03-18
    progress:
      - date: 2026-03-10
        status: in_progress
        note: {m}P Đã họp bàn phương án mật
        recommendation: {m}R Kiến nghị bổ sung kinh phí mật
      - date: 2026-03-27
        status: in_progress
        delay_reason: {m}D Chờ ý kiến của cơ quan an ninh
  - id: 2
    content: {m}K Việc khác của văn bản mật
    assignee: STC
    monitor: TH
    classification: QC45_a
    deadline: 2026-04-01
    progress:
      - date: 2026-03-30
        status: done
        report: {m}B/BC-STC
"""


UNPARSABLE = f"""number: {MARK}90N/CV-UBND
title: {MARK}90T Văn bản mật: hỏng cú pháp: ở đây
secrecy: secret
tasks:
  - id: 1
   content: {MARK}90C lệch thụt lề
"""
BOOK = f"""entries:
  - seq: 1
    date: 2026-03-12
    recipients: [{MARK}91R Công an tỉnh]
    summary: {MARK}91S Trích yếu tài liệu mật
    secrecy: confidential
    urgency: normal
    signer: CT
"""


def register_yaml(audience: str) -> str:
    base = (DATA / "base/register/register.yaml").read_text(encoding="utf-8")
    return base.replace("audience: public\n", AUDIENCES[audience])


def make_secret_repo(root: Path, audience: str) -> Path:
    """Base register committed; then the secret documents, the book and the audience committed
    on top (so `diff HEAD~1` and `check --since HEAD~1` see them as the change)."""
    register = make_register(root)
    (root / ".github").mkdir()
    shutil.copyfile(REPO / ".github/codeowners-teams.yaml", root / ".github/codeowners-teams.yaml")
    (register / "register.yaml").write_text(register_yaml(audience), encoding="utf-8")
    for i, spelling in enumerate(SPELLINGS, start=1):
        (register / f"documents/2026/{i}-CV-UBND.yaml").write_text(secret_document(i, spelling), encoding="utf-8")
    (register / "documents/2026/90-CV-UBND.yaml").write_text(UNPARSABLE, encoding="utf-8")
    (register / "books/outgoing").mkdir(parents=True)
    (register / "books/outgoing/2026.yaml").write_text(BOOK, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Thêm văn bản")
    return register


def texts(path: Path) -> str:
    """Everything a file says: its bytes as text, and for a zip (xlsx, docx) every member."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        with contextlib.suppress(zipfile.BadZipFile), zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return data.decode("utf-8", "replace")


def written(root: Path) -> dict[str, str]:
    """Every file outside the register and Git: what the commands wrote."""
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and rel.parts[0] not in ("register", ".git", ".github"):
            out[rel.as_posix()] = texts(path)
    return out


# Every command and the ways it writes. (name, args); `{out}` is a fresh folder per run.
COMMANDS = [
    ("check text", ["check"]),
    ("check json", ["check", "--format", "json"]),
    ("check github", ["check", "--format", "github"]),
    ("check since github", ["check", "--since", "HEAD~1", "--format", "github"]),
    ("check since json", ["check", "--since", "HEAD~1", "--format", "json"]),
    ("check from-history", ["check", "--from-history"]),
    ("diff", ["diff", "HEAD~1"]),
    ("diff head", ["diff", "HEAD~1", "HEAD", "--output", "{out}/diff.md"]),
    ("diff short", ["diff", "HEAD~1", "--max-bytes", "1000"]),
    ("remind weekly", ["remind", "--kind", "weekly"]),
    ("remind monthly", ["remind", "--kind", "monthly"]),
    ("remind overdue", ["remind", "--kind", "overdue"]),
    ("remind weekly json", ["remind", "--kind", "weekly", "--format", "json"]),
    ("remind monthly json", ["remind", "--kind", "monthly", "--format", "json", "--output", "{out}/r.json"]),
    ("remind overdue json", ["remind", "--kind", "overdue", "--format", "json"]),
    ("report md", ["report", "monthly", "--month", "2026-04", "--format", "md"]),
    ("report all", ["report", "monthly", "--month", "2026-04", "--output-dir", "{out}"]),
    ("report mail", ["report", "monthly", "--month", "2026-04", "--mail-to", "th@example.gov.vn", "--dry-run"]),
    ("report history", ["report", "monthly", "--month", "2026-03", "--from-history", "--output", "{out}/b.docx"]),
    ("report form", ["report", "form", "--agency", "STC", "--month", "2026-04", "--output", "{out}/f.xlsx"]),
    ("reconcile md", ["reconcile", DATA / "reconcile/stc-comma.csv", "--agency", "STC"]),
    ("reconcile xlsx", ["reconcile", DATA / "reconcile/stc-comma.csv", "--agency", "STC", "--output", "{out}/d.xlsx"]),
    ("export json", ["export", "--format", "json"]),
    ("export csv", ["export", "--format", "csv", "--output", "{out}/t.csv"]),
    ("export history", ["export", "--format", "json", "--from-history"]),
    ("build", ["build", "--site-dir", "{out}/site"]),
    ("codeowners", ["codeowners", "--output", "{out}/CODEOWNERS"]),
    ("book", ["book", "outgoing", "--year", "2026", "--format", "xlsx", "--output", "{out}/s.xlsx"]),
]
# Not output paths: they write into the register itself (and say so), or serve what build makes.
NOT_OUTPUTS = {
    "new": "ghi vào sổ",
    "fix": "ghi vào sổ",
    "import": "ghi vào sổ (từ bảng Excel của Văn phòng)",
    "serve": "chạy build (xem test_serve_refuses_…)",
    "edit": "biểu mẫu trên 127.0.0.1: chỉ ghi nhánh Git của chính sổ, không in nội dung sổ",
    "add-task": "ghi vào sổ",
    "progress": "ghi vào sổ",
    "extend": "ghi vào sổ",
}
# A secret register's own outputs, kept on its isolated machine: local, marked «MẬT».
LOCAL_WHEN_SECRET = {
    "check text",
    "check json",
    "check since json",
    "check from-history",
    "report md",
    "report all",
    "report history",
    "report form",
    "reconcile md",
    "reconcile xlsx",
    "export json",
    "export csv",
    "export history",
    "book",
}


def test_the_table_covers_every_command():
    """A new command must join COMMANDS (or NOT_OUTPUTS with a reason), or this fails."""
    from generator.cli.main import all_commands

    names = set()
    for name, command in all_commands().items():
        sub = getattr(command, "commands", None)
        names.update(f"{name} {s}" for s in sub) if sub else names.add(name)
    covered = {args[0] if args[0] != "report" else f"report {args[1]}" for _n, args in COMMANDS}
    assert names == covered | set(NOT_OUTPUTS)


def _run(root: Path, name: str, args: list, n: int):
    out = root / f"out-{n}"
    out.mkdir()
    full = [str(a).replace("{out}", str(out)) for a in args]
    result = run_cli([*full, "--as-of", AS_OF] if name not in ("codeowners", "book") else full, cwd=root)
    assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.output)
    return result


def _leaks(root: Path, name: str, result) -> list[str]:
    found = []
    for where, text in [("stdout", result.stdout), ("stderr", result.stderr), *written(root).items()]:
        if MARK in text:
            at = text.index(MARK)
            found.append(f"{name}: {where}: …{text[max(0, at - 80) : at + 40]}…")
    return found


@pytest.fixture(params=["as-is", "past-the-checker"])
def checker(request, monkeypatch):
    if request.param == "past-the-checker":
        import generator.cli.session as session

        monkeypatch.setattr(session, "has_errors", lambda problems: False)
    return request.param


@pytest.mark.parametrize("audience", sorted(AUDIENCES))
def test_no_secret_reaches_anything_public(tmp_path, audience, checker):
    root = tmp_path / "kho"
    make_secret_repo(root, audience)
    secret_register = audience == "secret"
    leaks = []
    for n, (name, args) in enumerate(COMMANDS):
        result = _run(root, name, args, n)
        if secret_register and name in LOCAL_WHEN_SECRET:
            for rel, text in written(root).items():
                assert "MẬT" in text, (name, rel)  # every file a secret register writes says so
                assert Path(rel).name.startswith("MAT-"), (name, rel)
        else:
            leaks += _leaks(root, name, result)
            if secret_register:  # what would publish a secret register refuses it outright
                assert result.exit_code == 1 and "sổ mật" in result.stderr, (name, result.output)
        shutil.rmtree(root / f"out-{n}")
        for stray in [p for p in root.iterdir() if p.name.startswith("MAT-")]:
            stray.unlink()
    assert leaks == []


def test_serve_refuses_a_secret_register(tmp_path):
    root = tmp_path / "kho"
    make_secret_repo(root, "secret")
    result = run_cli(["serve", "--port", "0"], cwd=root)
    assert result.exit_code == 1 and "sổ mật" in result.stderr
    assert MARK not in result.output


def test_the_build_refuses_and_names_files_only(tmp_path):
    root = tmp_path / "kho"
    make_secret_repo(root, "public")
    result = run_cli(["build", "--site-dir", root / "site", "--as-of", AS_OF], cwd=root)
    assert result.exit_code == 1
    assert "register/documents/2026/1-CV-UBND.yaml" in result.stderr  # the clerk learns which file
    assert "secret-document" in result.stderr and MARK not in result.output
    assert not (root / "site").exists()
