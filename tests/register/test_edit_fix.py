"""`nhiemvu fix`: cleans text in place, keeps comments and layout, never breaks a file."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from click.testing import CliRunner
from registerkit import DATA as TEST_DATA

from generator.cli import main

DATA = TEST_DATA


def _register(tmp_path: Path) -> Path:
    register = tmp_path / "register"
    shutil.copytree(DATA / "base" / "register", register)
    shutil.copy(DATA / "fix" / "45-QD-UBND.yaml", register / "documents" / "2026" / "45-QD-UBND.yaml")
    return register


def _check_codes(register: Path) -> list[str]:
    import json

    result = CliRunner().invoke(
        main, ["check", "--register", str(register), "--as-of", "2026-11-26", "--format", "json"]
    )
    return [p["code"] for p in json.loads(result.output)["problems"]]


def test_fix_cleans_text_and_check_passes_after(tmp_path):
    register = _register(tmp_path)
    assert {"not-nfc", "whitespace"} <= set(_check_codes(register))
    result = CliRunner().invoke(main, ["fix", "--register", str(register)])
    assert result.exit_code == 0, result.output
    assert _check_codes(register) == []
    text = (register / "documents" / "2026" / "45-QD-UBND.yaml").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    assert 'content: "Hướng dẫn xã triển khai kế hoạch."  # ghi chú của văn thư' in text


def test_fix_dry_run_writes_nothing(tmp_path):
    register = _register(tmp_path)
    target = register / "documents" / "2026" / "45-QD-UBND.yaml"
    before = target.read_bytes()
    result = CliRunner().invoke(main, ["fix", "--register", str(register), "--dry-run"])
    assert result.exit_code == 0
    assert "sẽ sửa" in result.output
    assert target.read_bytes() == before


def test_fix_leaves_a_broken_file_untouched(tmp_path):
    register = _register(tmp_path)
    target = register / "documents" / "2026" / "45-QD-UBND.yaml"
    broken = target.read_text(encoding="utf-8") + "tasks: [\n"
    target.write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", "--register", str(register)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == broken
    assert "cần sửa tay" in result.output
