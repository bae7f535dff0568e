"""State secrets and the register's audience (R5, Law on Protection of State Secrets): a public
register never holds a secret document; a secret register holds only secret documents, stays on
an isolated machine and never shares a repository with a public register."""

from __future__ import annotations

import os
import re
from pathlib import Path

from generator.register.model import SECRECY_LEVELS, is_secret, is_secret_register
from generator.register.problems import Fix
from generator.register.rules.base import Finding, at, rule

# How deep below the repository root other registers are looked for (a copy of the secret
# register put beside the public one, e.g. `so-mat/register/`); deeper folders are test data.
_SCAN_DEPTH = 3
_SCAN_LIMIT = 5_000  # folders at most: a register outside any repository must not walk a home folder
_SKIP = {"node_modules", "site", "__pycache__", "venv", "env"}
_AUDIENCE = re.compile(r"^audience[ \t]*:[ \t]*[\"']?([A-Za-z_]+)", re.M)
_REMOTE = re.compile(r'^\s*\[remote\s+"', re.M)


@rule("secret-document")
def secret_document(doc, ctx):
    """Sổ công khai không được chứa văn bản mật.

    Luật Bảo vệ bí mật nhà nước cấm soạn thảo, lưu giữ tài liệu mật trên thiết bị kết nối
    Internet. Sổ công khai chỉ nhận `secrecy: none`; văn bản mật, tối mật, tuyệt mật được theo
    dõi trong sổ mật (`audience: secret`) trên máy tính không nối mạng. Thông báo lỗi không nhắc
    lại nội dung văn bản, và mọi trang, báo cáo, bình luận đều bỏ văn bản này ra. Nếu văn bản
    đã vào nhánh chính, xóa tệp thôi chưa đủ: phải xóa khỏi lịch sử Git (xem `docs/so-mat.md`).

    Đúng:

        secrecy: none

    Sai:

        secrecy: confidential
    """
    if not is_secret_register(ctx.register.settings) and is_secret(doc):
        line, col = at(doc, ("secrecy",))
        yield Finding(
            line,
            col,
            f"Văn bản trong tệp này có độ mật «{SECRECY_LEVELS.get(doc.secrecy, 'mật')}»: sổ công khai không được "
            "chứa tài liệu mật.",
            f"Xóa ngay tệp này khỏi kho: git rm {doc.file} (và khỏi lịch sử Git: xem docs/so-mat.md), báo Lãnh "
            "đạo Văn phòng; theo dõi văn bản mật trong sổ mật trên máy không kết nối mạng.",
            fix=(Fix("remove"),),
        )


@rule("public-document")
def public_document(doc, ctx):
    """Sổ mật chỉ ghi văn bản mật.

    Sổ có `audience: secret` được giữ trên máy không nối mạng để theo dõi nhiệm vụ của văn bản
    mật, tối mật, tuyệt mật. Văn bản không mật thuộc sổ công khai: ghi nó ở đó để các phòng và
    người dân theo dõi được (R12).

    Đúng:

        secrecy: confidential

    Sai:

        secrecy: none
    """
    if is_secret_register(ctx.register.settings) and not is_secret(doc):
        line, col = at(doc, ("secrecy",))
        yield Finding(
            line,
            col,
            f"Văn bản {doc.number} không mật (secrecy: none) nhưng nằm trong sổ mật.",
            "Ghi văn bản này vào sổ công khai; nếu văn bản có độ mật, ghi «secrecy: confidential», «secret» "
            "hoặc «top_secret».",
        )


def _git_config(repo_root: Path) -> str:
    """The text of the repository's Git configuration ('' when there is none); a linked work
    tree's `.git` file points to its own folder, whose `commondir` holds the shared config."""
    dot = repo_root / ".git"
    try:
        if dot.is_file():
            text = dot.read_text(encoding="utf-8", errors="replace").strip()
            folder = (repo_root / text.removeprefix("gitdir:").strip()).resolve()
            common = folder / "commondir"
            if common.is_file():
                folder = (folder / common.read_text(encoding="utf-8").strip()).resolve()
            dot = folder
        config = dot / "config"
        return config.read_text(encoding="utf-8", errors="replace") if config.is_file() else ""
    except OSError:
        return ""


def _on_disk(register) -> bool:
    """Rules that look at the repository around the register need it on disk (not a Git tree)."""
    return Path(register.repo_root).is_absolute()


@rule("secret-register-online", severity="warning", scope="register")
def secret_register_online(register, ctx):
    """Kho của sổ mật có đường lên mạng.

    Sổ mật chỉ được giữ trên máy không kết nối mạng. Một kho Git có `remote` (địa chỉ để
    `git push`) hoặc có thư mục `.github/workflows/` là kho được chuẩn bị để đưa lên mạng: một lần
    `git push` sẽ đưa tài liệu mật ra khỏi máy cách ly. Xóa remote (`git remote remove origin`)
    và thư mục `.github/`.

    Đúng:

        # git remote -v không in gì; không có thư mục .github/workflows/

    Sai:

        # git remote add origin https://github.com/…  (trong kho của sổ mật)
    """
    if not is_secret_register(register.settings) or not _on_disk(register):
        return
    root = Path(register.repo_root)
    reasons = []
    if _REMOTE.search(_git_config(root)):
        reasons.append("kho Git có địa chỉ remote để đẩy lên mạng")
    if (root / ".github" / "workflows").is_dir():
        reasons.append("kho có thư mục .github/workflows/ (quy trình chạy trên GitHub)")
    if reasons:
        settings = register.settings
        yield Finding(
            settings.lines.get("audience", 0),
            1 if settings.lines.get("audience") else 0,
            "Sổ mật chỉ được giữ trên máy không kết nối mạng, nhưng " + "; ".join(reasons) + ".",
            "Xóa remote («git remote remove origin») và thư mục .github/ của kho sổ mật; không bao giờ "
            "«git push» kho này.",
            file=settings.file,
        )


def _registers_near(root: Path) -> list[Path]:
    """register.yaml files within _SCAN_DEPTH folders of `root` (hidden and tool folders skipped)."""
    found, seen = [], 0
    for dirpath, dirnames, filenames in os.walk(root):
        seen += 1
        depth = len(Path(dirpath).relative_to(root).parts)
        dirnames[:] = (
            []
            if depth >= _SCAN_DEPTH or seen > _SCAN_LIMIT
            else sorted(d for d in dirnames if not d.startswith(".") and d not in _SKIP and not d.startswith("venv"))
        )
        if "register.yaml" in filenames:
            found.append(Path(dirpath) / "register.yaml")
    return found


def _audience_of(path: Path) -> str:
    try:
        text = path.read_bytes()[:20_000].decode("utf-8", "replace")
    except OSError:
        return "public"
    found = _AUDIENCE.search(text)
    return found.group(1) if found else "public"


@rule("mixed-audiences", scope="register")
def mixed_audiences(register, ctx):
    """Sổ công khai và sổ mật nằm chung một kho.

    Kho của sổ công khai được đưa lên mạng (GitHub, Cổng thông tin); sổ mật chỉ được ở trên máy
    không nối mạng. Hai sổ chung một kho thì một lần `git push` đưa tài liệu mật lên mạng. Mỗi sổ
    một kho riêng: chuyển sổ mật sang máy cách ly, xóa nó khỏi kho này và khỏi lịch sử Git (xem
    `docs/so-mat.md`).

    Đúng:

        register/register.yaml          # audience: public — kho chỉ có một sổ

    Sai:

        register/register.yaml          # audience: public
        so-mat/register/register.yaml   # audience: secret, cùng kho
    """
    if not _on_disk(register):
        return
    root = Path(register.repo_root).resolve()
    mine = (Path(register.root).resolve() / "register.yaml").resolve()
    secret = is_secret_register(register.settings)
    others = [
        p
        for p in _registers_near(root)
        if p.resolve() != mine and (_audience_of(p) == "secret") != secret and (p.parent / "agencies.yaml").exists()
    ]
    if others:
        settings = register.settings
        names = ", ".join(p.parent.relative_to(root).as_posix() for p in others[:5])
        kind = "sổ công khai" if secret else "sổ mật"
        yield Finding(
            settings.lines.get("audience", 0),
            1 if settings.lines.get("audience") else 0,
            f"Kho này có cả sổ công khai và sổ mật: {kind} ở «{names}».",
            "Mỗi sổ một kho riêng: chuyển sổ mật sang máy không kết nối mạng, rồi xóa nó khỏi kho này và khỏi "
            "lịch sử Git (xem docs/so-mat.md); báo Lãnh đạo Văn phòng.",
            file=settings.file,
        )
