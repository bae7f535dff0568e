"""CODEOWNERS derived from agencies.yaml: a document's monitoring divisions review it."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from historyrepo import DATA

from generator.cli import main

TEAMS = 'default: "@ubnd/hctc"\ndivisions:\n  TH: "@ubnd/phong-th"\n  KT: "@ubnd/phong-kt"\n'


def setup(tmp_path, teams: str = TEAMS):
    shutil.copytree(DATA / "register", tmp_path / "register")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "codeowners-teams.yaml").write_text(teams, encoding="utf-8")


def test_codeowners_lines_and_check(tmp_path, monkeypatch):
    setup(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["codeowners", "--check"]).exit_code == 1  # not generated yet
    assert runner.invoke(main, ["codeowners"]).exit_code == 0
    lines = (tmp_path / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    assert "* @ubnd/hctc" in lines
    assert "/register/documents/2026/14-CT-UBND.yaml @ubnd/phong-kt @ubnd/phong-th" in lines
    assert "/register/documents/2026/20-UBND-KT.yaml @ubnd/phong-kt" in lines
    assert runner.invoke(main, ["codeowners", "--check"]).exit_code == 0
    doc = tmp_path / "register/documents/2026/20-UBND-KT.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("monitor: KT", "monitor: TH"), encoding="utf-8")
    stale = runner.invoke(main, ["codeowners", "--check"])
    assert stale.exit_code == 1 and "chưa khớp" in stale.output


def test_teams_file_is_checked_against_agencies(tmp_path, monkeypatch):
    setup(tmp_path, TEAMS + '  STC: "@ubnd/so-tai-chinh"\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["codeowners"])
    assert result.exit_code == 2 and "STC" in result.output
    setup_bad = tmp_path / ".github" / "codeowners-teams.yaml"
    setup_bad.write_text('default: "ubnd hctc"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["codeowners"])
    assert result.exit_code == 2 and "nhóm GitHub" in result.output
