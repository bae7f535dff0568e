"""Where the site's templates (`site_templates/`), MkDocs configuration (`mkdocs.yml`) and the
shipped documentation (`docs/`) come from. Templates and configuration are the province's to
customise, so they are looked up first at the root of the register's own repository; a register
without them uses the copy shipped inside the installed package (`generator/_bundled/`, put there
when the wheel is built), else the source checkout the package runs from. Never the current
directory: a build must not change with where it is started. The documentation is nhiemvu's own,
not the province's: it is read only from the package.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import SiteError

PACKAGE = Path(__file__).resolve().parents[1]
BUNDLED = PACKAGE / "_bundled"  # in an installed wheel
CHECKOUT = PACKAGE.parent  # a source checkout (editable install, tests)


def _candidates(repo_root: Path | None) -> list[Path]:
    bases = [Path(repo_root)] if repo_root is not None else []
    return bases + [BUNDLED, CHECKOUT]


def templates_dir(repo_root: Path | None) -> Path:
    for base in _candidates(repo_root):
        if (base / "site_templates" / "index.md.j2").is_file():
            return base / "site_templates"
    raise SiteError(
        "Không tìm thấy thư mục mẫu trang site_templates/.",
        "Cài lại nhiemvu (pip install nhiemvu), hoặc đặt site_templates/ ở thư mục gốc của kho sổ theo dõi.",
    )


def mkdocs_config(repo_root: Path | None) -> Path:
    for base in _candidates(repo_root):
        if (base / "mkdocs.yml").is_file():
            return base / "mkdocs.yml"
    raise SiteError(
        "Không tìm thấy tệp cấu hình mkdocs.yml.",
        "Cài lại nhiemvu, hoặc đặt mkdocs.yml ở thư mục gốc của kho sổ theo dõi.",
    )


def docs_dir() -> Path:
    """The documentation that ships with nhiemvu (`docs/`, shown in the site's «Hướng dẫn»
    section): the installed package's copy, else the source checkout's. Never the register's
    repository: a province's repository may keep a docs/ folder of its own for other purposes."""
    for base in (BUNDLED, CHECKOUT):
        if (base / "docs" / "dinh-dang-so.md").is_file():
            return base / "docs"
    raise SiteError(
        "Không tìm thấy tài liệu hướng dẫn (docs/) của nhiemvu.",
        "Cài lại nhiemvu (pip install nhiemvu), hoặc lấy lại bản đầy đủ của mã nguồn.",
    )
