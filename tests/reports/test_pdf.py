"""`report monthly --format pdf`: the Word report laid out by LibreOffice (installed by .ci/setup),
opened again as text page by page (pdftotext, poppler-utils): page numbers from page 2 centred
at the top, none on page 1, the signer's name and the symbol from register.yaml, no typed rules;
the same bytes twice; a clear message where LibreOffice is missing."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from registerkit import DATA, outside_git, run_cli

REGISTER = outside_git(DATA / "reports" / "register")


def pdf_pages(path) -> list[str]:
    count = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(path)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    return [
        subprocess.run(
            ["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf") / "bao-cao.pdf"
    result = run_cli(["report", "monthly", "--month", "2026-03", "--register", str(REGISTER), "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_pdf_is_ready_to_sign(pdf):
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    first = [line.strip() for line in pages[0].splitlines() if line.strip()]
    assert first[0].startswith("UBND TỈNH ĐẮK LẮK") and not first[0].isdigit()  # no number on page 1
    for number, text in enumerate(pages[1:], start=2):
        top = next(line for line in text.splitlines() if line.strip())
        assert top.strip() == str(number)  # the page number, alone, at the top
        width = max(len(line) for line in text.splitlines())
        assert abs(top.index(str(number)) - width / 2) < width / 6  # centred
    text = "\n".join(pages)
    signer = {s["code"]: s["name"] for s in yaml.safe_load((REGISTER / "signers.yaml").read_text("utf-8"))}
    code = yaml.safe_load((REGISTER / "register.yaml").read_text("utf-8"))["report_signer"]
    assert signer[code] in text and "KT. CHÁNH VĂN PHÒNG" in text and "PHÓ CHÁNH VĂN PHÒNG" in text
    assert "/BC-VPUBND" in text and "Số:" in text
    assert "———" not in text and "Nơi nhận:" in text


def test_same_register_same_pdf(pdf, tmp_path):
    again = tmp_path / "lai.pdf"
    run_cli(["report", "monthly", "--month", "2026-03", "--register", str(REGISTER), "--output", str(again)])
    assert again.read_bytes() == pdf.read_bytes()


def test_without_libreoffice_a_clear_message(tmp_path):
    out = tmp_path / "bao-cao.pdf"
    result = run_cli(
        ["report", "monthly", "--month", "2026-03", "--register", str(REGISTER), "--output", str(out)],
        env={"PATH": str(tmp_path)},  # no soffice on this PATH
    )
    assert result.exit_code == 1 and not out.exists()
    assert "chưa cài LibreOffice" in result.stderr and "--format docx" in result.stderr
