"""`nhiemvu check`: every exit status and every output format of the contract."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from registerkit import DATA, REPO, make_register, run_cli, run_nhiemvu, tree_digest

RULES = DATA / "rules"
AS_OF = ["--as-of", "2026-04-20"]


@pytest.fixture
def clean(tmp_path):
    make_register(tmp_path, git_repo=False)
    return tmp_path


@pytest.fixture
def broken(tmp_path):
    """Two errors: an unknown signer (a rule) and an unknown key (the schema, with its hint)."""
    make_register(tmp_path, overlays=[RULES / "unknown-key/fail"], git_repo=False)
    doc = tmp_path / "register/documents/2026/12-CT-UBND.yaml"
    doc.write_text(doc.read_text(encoding="utf-8").replace("signer: CT", "signer: CHU_TICH"), encoding="utf-8")
    return tmp_path


@pytest.fixture
def overdue(tmp_path):
    make_register(tmp_path, overlays=[RULES / "overdue-unexplained/fail"], git_repo=False)
    return tmp_path


def test_clean_register_exits_0_with_a_summary(clean):
    result = run_cli(["check", "--register", "register", *AS_OF], cwd=clean)
    assert result.exit_code == 0
    assert result.stdout.strip().splitlines() == [
        "Đã kiểm tra 1 văn bản, 2 nhiệm vụ (tính đến 20/04/2026): 0 lỗi; 0 cảnh báo, 0 nhiệm vụ quá hạn."
    ]


def test_errors_exit_1_in_text(broken):
    result = run_cli(["check", "--register", "register", *AS_OF], cwd=broken)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "register/documents/2026/12-CT-UBND.yaml:4:1: lỗi [unknown-signer] " in "\n".join(lines)
    assert any(line.startswith("register/documents/2026/12-CT-UBND.yaml:13:5: lỗi [unknown-key]") for line in lines)
    hint = lines[lines.index(next(x for x in lines if "[unknown-key]" in x)) + 1]
    assert hint.startswith("    → ") and "deadline" in hint
    assert re.search(r": 2 lỗi \(CI báo đỏ\); 0 cảnh báo,", lines[-1])


def test_overdue_without_reason_exits_3(overdue):
    result = run_cli(["check", "--register", "register", "--as-of", "2026-05-10"], cwd=overdue)
    assert result.exit_code == 3
    assert "cảnh báo [overdue-unexplained]" in result.stdout
    # exit 3 never reads «0 lỗi» alone: the summary says what turns CI red
    assert ": 0 lỗi, 1 nhiệm vụ quá hạn chưa nêu lý do (CI báo đỏ);" in result.stdout.splitlines()[-1]
    # Before the deadline the same register is clean.
    assert run_cli(["check", "--register", "register", "--as-of", "2026-04-30"], cwd=overdue).exit_code == 0


def test_errors_win_over_overdue(overdue):
    (overdue / "register/documents/2026/12-CT-UBND.yaml").write_text(
        (overdue / "register/documents/2026/12-CT-UBND.yaml")
        .read_text(encoding="utf-8")
        .replace("signer: CT", "signer: CHU_TICH"),
        encoding="utf-8",
    )
    assert run_cli(["check", "--register", "register", "--as-of", "2026-05-10"], cwd=overdue).exit_code == 1


def test_warnings_alone_exit_0(tmp_path):
    make_register(tmp_path, overlays=[RULES / "cancel-without-note/fail"], git_repo=False)
    result = run_cli(["check", "--register", "register", *AS_OF, "--format", "json"], cwd=tmp_path)
    assert result.exit_code == 0
    assert [p["severity"] for p in json.loads(result.stdout)["problems"]] == ["warning"]


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--register", "register", "--as-of", "2026-02-30"],
        ["check", "--register", "register", "--as-of", "20/04/2026"],
        ["check", "--register", "khong-co"],
        ["check", "--register", "register", "--format", "xml"],
        ["check", "--khong-co-tuy-chon"],
    ],
)
def test_wrong_usage_exits_2_without_traceback(clean, args):
    result = run_cli(args, cwd=clean)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_bad_as_of_message_is_vietnamese(clean):
    result = run_cli(["check", "--register", "register", "--as-of", "20/04/2026"], cwd=clean)
    assert "YYYY-MM-DD" in result.stderr and "ngày không hợp lệ" in result.stderr


def test_json_format(broken):
    result = run_cli(["check", "--register", "register", *AS_OF, "--format", "json"], cwd=broken)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(p["code"], p["line"], p["column"]) for p in data["problems"]] == [
        ("unknown-signer", 4, 1),
        ("unknown-key", 13, 5),
    ]
    for p in data["problems"]:
        assert set(p) >= {"code", "severity", "file", "line", "column", "message", "hint"}
        assert p["severity"] in ("error", "warning")
        assert p["file"] == "register/documents/2026/12-CT-UBND.yaml"
        assert isinstance(p["line"], int) and isinstance(p["column"], int)
    summary = data["summary"]
    assert summary["as_of"] == "2026-04-20" and summary["errors"] == 2 and summary["exit_code"] == 1
    assert "ạ" in result.stdout or "ê" in result.stdout  # Vietnamese as text, not \\u escapes


def test_github_format_and_its_automatic_choice(broken):
    explicit = run_cli(["check", "--register", "register", *AS_OF, "--format", "github"], cwd=broken)
    auto = run_cli(["check", "--register", "register", *AS_OF], cwd=broken, env={"GITHUB_ACTIONS": "true"})
    assert explicit.exit_code == auto.exit_code == 1
    assert explicit.stdout == auto.stdout
    lines = explicit.stdout.splitlines()
    assert lines[0].startswith(
        "::error file=register/documents/2026/12-CT-UBND.yaml,line=4,col=1,title=unknown-signer::"
    )
    assert lines[1].startswith("::error file=register/documents/2026/12-CT-UBND.yaml,line=13,col=5,title=unknown-key::")
    assert "deadline" in lines[1]  # the hint travels with the message
    assert lines[-1].startswith("Đã kiểm tra ")
    # Outside GitHub Actions the default is text.
    text = run_cli(["check", "--register", "register", *AS_OF], cwd=broken)
    assert not text.stdout.startswith("::")


def test_github_format_escapes_data(tmp_path):
    make_register(tmp_path, overlays=[RULES / "whitespace/fail"], git_repo=False)
    doc = tmp_path / "register/documents/2026/12-CT-UBND.yaml"
    doc.write_text(
        doc.read_text(encoding="utf-8").replace(
            "content: Xây dựng kế hoạch  cải cách hành chính năm 2026.", 'content: "100%  xong\\r\\n::error::giả"'
        ),
        encoding="utf-8",
    )
    out = run_cli(["check", "--register", "register", *AS_OF, "--format", "github"], cwd=tmp_path).stdout
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    # the doubled space, and the carriage return written as an escape (a control character)
    assert sorted(re.search(r"title=([a-z-]+)", a)[1] for a in annotations) == ["control-character", "whitespace"]
    assert all("%25" in a for a in annotations)
    assert "\r" not in out


def test_github_annotations_escape_line_breaks_and_properties():
    from generator.cli.reporters import as_github
    from generator.register.problems import Problem

    text = as_github([Problem("x", "error", "a,b:c.yaml", 3, 4, "dòng 1\r\n::error::giả", "100%")])
    assert text == "::error file=a%2Cb%3Ac.yaml,line=3,col=4,title=x::dòng 1%0D%0A::error::giả Gợi ý: 100%25"


def test_installed_command_exit_statuses(clean, tmp_path_factory):
    assert run_nhiemvu(["check", "--register", "register", *AS_OF], cwd=clean).returncode == 0
    assert run_nhiemvu(["check", "--register", "register", "--as-of", "x"], cwd=clean).returncode == 2
    assert run_nhiemvu(["check", "--format", "json"], cwd=clean / "register").returncode == 2
    other = tmp_path_factory.mktemp("overdue")
    make_register(other, overlays=[RULES / "overdue-unexplained/fail"], git_repo=False)
    assert run_nhiemvu(["check", "--register", "register", "--as-of", "2026-05-10"], cwd=other).returncode == 3


def test_installed_command_prints_everything_before_it_exits(broken):
    """A short run ends without the interpreter's tidying up (cli.run): what it printed, JSON
    and messages, is whole all the same, and so is its status."""
    done = run_nhiemvu(["check", "--register", "register", *AS_OF, "--format", "json"], cwd=broken)
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["errors"] == 2 and len(data["problems"]) >= 2
    done = run_nhiemvu(["export", "--register", "register", *AS_OF, "--format", "csv"], cwd=broken)
    assert done.returncode == 1 and "lỗi" in done.stderr and done.stdout == ""


def test_check_changes_nothing(broken):
    before = tree_digest(broken)
    for fmt in ("text", "json", "github"):
        run_cli(["check", "--register", "register", *AS_OF, "--format", fmt], cwd=broken)
    assert tree_digest(broken) == before


def test_shipped_register_has_no_errors():
    """The sample register of the repository: overdue tasks are allowed (today moves), errors not."""
    register = REPO / "register"
    assert (register / "register.yaml").is_file(), "the shipped register is missing"
    result = run_cli(["check", "--register", str(register), "--format", "json"], cwd=REPO)
    data = json.loads(result.stdout)
    assert [p for p in data["problems"] if p["severity"] == "error"] == []
    assert result.exit_code in (0, 3)
    assert data["summary"]["documents"] >= 1


def test_shipped_register_in_a_subprocess():
    done = run_nhiemvu(["check", "--register", "register"], cwd=REPO)
    assert done.returncode in (0, 3), done.stdout + done.stderr
    assert " 0 lỗi," in done.stdout.splitlines()[-1]


def test_register_path_given_from_elsewhere(clean, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("noi-khac")
    shutil.copytree(clean / "register", elsewhere / "sổ")
    result = run_cli(["check", "--register", str(elsewhere / "sổ"), *AS_OF], cwd=clean)
    assert result.exit_code == 0


@pytest.fixture
def two_files(tmp_path):
    """Errors in two documents: 12-CT-UBND (unknown signer, unknown key) and 45-QD-UBND (unknown signer)."""
    make_register(tmp_path, overlays=[RULES / "unknown-key/fail"], git_repo=False)
    for name in ("12-CT-UBND", "45-QD-UBND"):
        doc = tmp_path / f"register/documents/2026/{name}.yaml"
        doc.write_text(doc.read_text(encoding="utf-8").replace("signer: CT", "signer: CHU_TICH"), encoding="utf-8")
    return tmp_path


def test_named_files_come_first_and_the_whole_register_is_still_checked(two_files):
    named = "register/documents/2026/45-QD-UBND.yaml"
    result = run_cli(["check", "--register", "register", *AS_OF, named], cwd=two_files)
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"Tệp đã nêu ({named}): 1 vấn đề."
    assert lines[1].startswith(f"{named}:4:1: lỗi [unknown-signer]")
    rest = lines.index("Các tệp khác của sổ: 2 vấn đề.")
    assert rest > 1 and all("12-CT-UBND" in line for line in lines[rest + 1 : -1] if not line.startswith("    "))
    assert "3 lỗi" in lines[-1]
    data = json.loads(
        run_cli(["check", "--register", "register", *AS_OF, "--format", "json", named], cwd=two_files).stdout
    )
    assert data["problems"][0]["file"] == named and data["summary"]["files"] == [named]
    assert data["summary"]["files_problems"] == 1 and data["summary"]["errors"] == 3


def test_a_named_file_without_problems_says_so(clean):
    named = "register/documents/2026/45-QD-UBND.yaml"
    result = run_cli(["check", "--register", "register", *AS_OF, named], cwd=clean)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"Tệp đã nêu ({named}): không có vấn đề."


@pytest.mark.parametrize(
    ("name", "expect"), [("README.md", "không thuộc sổ theo dõi"), ("register/x.yaml", "Không có tệp")]
)
def test_a_named_file_outside_the_register_is_wrong_usage(clean, name, expect):
    (clean / "README.md").write_text("# x\n", encoding="utf-8")
    result = run_cli(["check", "--register", "register", name], cwd=clean)
    assert result.exit_code == 2 and expect in result.stderr and result.stdout == ""
